import { Type } from 'class-transformer';
import { IsArray, IsNotEmpty, IsString, Length, ValidateNested, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { nullPathsOf, validationErrorsToFields } from './validation';

class Party {
  @IsString()
  @Length(18, 18)
  code: string;
}

class Item {
  @IsString()
  @IsNotEmpty()
  code: string;
}

class Penalty {
  @ValidateNested()
  @Type(() => Party)
  subject: Party;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Item)
  items: Item[];
}

const fieldsOf = (body: object) =>
  validationErrorsToFields(validateSync(plainToInstance(Penalty, body), { whitelist: true, forbidNonWhitelisted: true }));

describe('validation errors as problem fields', () => {
  it('gives nested fields and array items their dotted path, in the message too', () => {
    const fields = fieldsOf({ subject: { code: 'short' }, items: [{ code: 'A' }, { code: 'B' }, { code: 'C' }, { code: '' }] });
    expect(fields).toEqual([
      { field: 'subject.code', message: 'subject.code must be longer than or equal to 18 characters' },
      { field: 'items.3.code', message: 'items.3.code should not be empty' },
    ]);
  });

  it('names unknown properties where they are', () => {
    const fields = fieldsOf({ subject: { code: 'x'.repeat(18), note: 1 }, items: [], admin: true });
    expect(fields).toEqual(
      expect.arrayContaining([
        { field: 'subject.note', message: 'property subject.note should not exist' },
        { field: 'admin', message: 'property admin should not exist' },
      ]),
    );
    expect(fields).toHaveLength(2);
  });
});

describe('null in a request body', () => {
  it('is found at any depth and named by its path, except inside a map of fields to correct (where it clears one)', () => {
    expect(nullPathsOf({ a: 1, legalBasis: null, subject: { code: null, name: 'x' }, items: [{ v: null }] })).toEqual(['items.0.v', 'legalBasis', 'subject.code']);
    expect(nullPathsOf({ fields: { fineAmount: null }, reason: 'x' })).toEqual([]);
    expect(nullPathsOf({ outcome: 'UPHELD', corrections: { remarks: null }, note: null })).toEqual(['note']);
    expect(nullPathsOf(null)).toEqual([]);
  });
});
