import fc from 'fast-check';
import { computeCitizenIdCheckCharacter } from './citizen-id';
import { maskIdNumber, maskIdNumbersInText, maskPersonName } from './masking';

const citizenId = fc
  .tuple(fc.integer({ min: 110000, max: 829999 }), fc.integer({ min: 19000101, max: 20241231 }), fc.integer({ min: 0, max: 999 }))
  .map(([address, birth, sequence]) => {
    const first17 = `${address}${birth}${String(sequence).padStart(3, '0')}`;
    return first17 + computeCitizenIdCheckCharacter(first17);
  });

/** Any 18-character window that is shaped like a citizen ID number. */
const ID_SHAPED = /\d{17}[\dX]/i;

describe('masking personal data', () => {
  describe('ID numbers', () => {
    it.each([
      ['450102199003071238', '450102********1238'],
      ['11010519491231002x', '110105********002X'],
      [' 431102198511110021 ', '431102********0021'],
      ['450102900307123', '450102*****7123'],
      ['1234567890', '**********'],
      ['', ''],
    ])('masks %j as %j', (input, masked) => {
      expect(maskIdNumber(input)).toBe(masked);
    });

    it('never shows the birth date and sequence of a number', () => {
      fc.assert(
        fc.property(citizenId, (id) => {
          const masked = maskIdNumber(id);
          expect(masked).not.toContain(id);
          expect(masked).toBe(`${id.slice(0, 6)}********${id.slice(14)}`);
        }),
      );
    });
  });

  describe('person names', () => {
    it.each([
      ['张三', '张*'],
      ['王小明', '王**'],
      ['欧阳娜娜', '欧阳**'],
      ['诸葛亮', '诸葛*'],
      ['欧阳', '欧*'],
      ['买买提·艾力', '买*****'],
      ['𠮷野家', '𠮷**'],
      ['张', '*'],
      ['  李四 ', '李*'],
    ])('masks %s as %s', (name, masked) => {
      expect(maskPersonName(name)).toBe(masked);
    });
  });

  describe('ID numbers inside free text', () => {
    it.each([
      ['/subjects/450102199003071238', '/subjects/450102********1238'],
      ['/subjects/450102199003071238/records?x=1', '/subjects/450102********1238/records?x=1'],
      ['idNumber=11010519491231002x&name=a', 'idNumber=110105********002X&name=a'],
      ['"450102199003071239"', '"450102********1239"'],
      ['450102199003071238,431102198511110021', '450102********1238,431102********0021'],
      ['card 62220219900307123845', 'card 622202**********3845'],
      ['uscc 91450100MA5K12347C, order 12345678901234567', 'uscc 91450100MA5K12347C, order 12345678901234567'],
    ])('masks %j as %j', (text, masked) => {
      expect(maskIdNumbersInText(text)).toBe(masked);
    });

    it('leaves no ID-shaped run and no clear number in any text', () => {
      const noise = fc.string({ unit: fc.constantFrom(...'0123456789Xx /-=:"abc中') });
      const textWithIds = fc.array(fc.oneof(citizenId, citizenId.map((id) => id.toLowerCase()), noise), { maxLength: 6 });
      fc.assert(
        fc.property(textWithIds, (pieces) => {
          const masked = maskIdNumbersInText(pieces.join(''));
          expect(masked).not.toMatch(ID_SHAPED);
          for (const piece of pieces) {
            if (ID_SHAPED.test(piece)) expect(masked).not.toContain(piece.toUpperCase());
          }
        }),
        { numRuns: 1000 },
      );
    });

    it('leaves text without long digit runs unchanged', () => {
      const shortRuns = fc.string({ unit: fc.constantFrom(...'0123456789/ab中X') }).filter((text) => !/\d{17}/.test(text));
      fc.assert(fc.property(shortRuns, (text) => expect(maskIdNumbersInText(text)).toBe(text)));
    });
  });
});
