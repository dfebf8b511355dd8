import { everyBasisRecordWithdrawn } from './basis-withdrawal.rules';

describe('everyBasisRecordWithdrawn', () => {
  it('holds when every basis record has been withdrawn, in any order', () => {
    expect(everyBasisRecordWithdrawn(['p1'], new Set(['p1']))).toBe(true);
    expect(everyBasisRecordWithdrawn(['p1', 'p2'], new Set(['p2', 'p1', 'other']))).toBe(true);
  });

  it('fails while one basis record is still in publicity, or when the basis names none', () => {
    expect(everyBasisRecordWithdrawn(['p1', 'p2'], new Set(['p1']))).toBe(false);
    expect(everyBasisRecordWithdrawn([], new Set(['p1']))).toBe(false);
  });
});
