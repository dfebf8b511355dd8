import { basisRecordRefusal } from './basis-records.rules';

const facts = {
  subjectOf: new Map([
    ['p-1', 'S-1'],
    ['p-2', 'S-1'],
    ['c-1', 'S-1'],
    ['p-other', 'S-2'],
  ]),
  withdrawn: new Set(['p-2']),
};

describe('basis records of a nomination', () => {
  it('accepts a black-list nomination on the subject\'s own records in publicity, or on documents alone', () => {
    expect(basisRecordRefusal('BLACK', 'S-1', ['p-1', 'c-1'], facts)).toBeNull();
    expect(basisRecordRefusal('BLACK', 'S-1', [], facts)).toBeNull();
  });

  it('refuses a black-list record of another subject or unknown here, naming its position', () => {
    expect(basisRecordRefusal('BLACK', 'S-1', ['p-1', 'p-other', 'nope'], facts)).toEqual({
      rule: 'nomination.basis-record-of-subject',
      errors: [expect.objectContaining({ field: 'basis.recordIds.1' }), expect.objectContaining({ field: 'basis.recordIds.2' })],
    });
  });

  it('refuses a black-list record already withdrawn from publicity', () => {
    expect(basisRecordRefusal('BLACK', 'S-1', ['p-2'], facts)).toMatchObject({ rule: 'nomination.basis-record-in-publicity', errors: [{ field: 'basis.recordIds.0' }] });
  });

  it('keeps a red-list nomination on its honours documents: no penalty or commitment records', () => {
    expect(basisRecordRefusal('RED', 'S-1', [], facts)).toBeNull();
    expect(basisRecordRefusal('RED', 'S-1', ['p-1'], facts)).toMatchObject({ rule: 'nomination.red-list-basis-documents', errors: [{ field: 'basis.recordIds' }] });
  });
});
