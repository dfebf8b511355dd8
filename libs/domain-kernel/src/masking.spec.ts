import { CITIZEN_ID_NUMBER_INSIDE } from '@credit/contracts';
import fc from 'fast-check';
import { computeCitizenIdCheckCharacter, isValidCitizenId } from './citizen-id';
import { maskIdNumber, maskIdNumbersInText, maskPersonName } from './masking';

const citizenId = fc
  .tuple(fc.integer({ min: 110000, max: 829999 }), fc.integer({ min: 19000101, max: 20241231 }), fc.integer({ min: 0, max: 999 }))
  .map(([address, birth, sequence]) => {
    const first17 = `${address}${birth}${String(sequence).padStart(3, '0')}`;
    return first17 + computeCitizenIdCheckCharacter(first17);
  });

/** A valid citizen ID number: a real birth date from 1900 on and the right check character (isValidCitizenId). */
const validCitizenId = fc
  .tuple(
    fc.integer({ min: 110000, max: 829999 }),
    fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([address, birth, sequence]) => {
    const first17 = `${address}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
    return first17 + computeCitizenIdCheckCharacter(first17);
  });

/** Any 18-character window that is shaped like a citizen ID number. */
const ID_SHAPED = /\d{17}[\dX]/i;

/** What the event contracts refuse in text: the masked output must never match it. */
const REFUSED_BY_CONTRACTS = new RegExp(CITIZEN_ID_NUMBER_INSIDE, 'u');

const fullWidth = (character: string): string =>
  character === 'X' ? 'Ｘ' : character === 'x' ? 'ｘ' : String.fromCharCode(0xff10 + Number(character));

/**
 * What people put between the digits of a number they write out: at most three visible
 * separators (spaces of every kind, hyphens and dashes, dots, slashes, underscores) and any number
 * of invisible characters (zero-width space, BOM, soft hyphen, bidi marks).
 */
const gap = fc.constantFrom(
  '', '', '', '', ' ', '  ', '   ', '-', ' - ', '.', '·', '/', '_', '\u3000', '\u00A0', '\t', '\n', '—', '－', '．', '‐',
  '\u200B', '\u200B\u200B\u200B\u200B\u200B', '\uFEFF', '\u00AD', '\u200D', '\u2060', ' \u200B-\u200B ', '\u202E',
);

/** A citizen ID number as someone might write it: any character full-width, a lower-case x, gaps between characters. */
const writtenId = validCitizenId.chain((id) =>
  fc
    .record({
      gaps: fc.array(gap, { minLength: 17, maxLength: 17 }),
      wide: fc.array(fc.boolean(), { minLength: 18, maxLength: 18 }),
      lower: fc.boolean(),
    })
    .map(({ gaps, wide, lower }) => ({
      id,
      written: [...id]
        .map((character, i) => {
          const cased = character === 'X' && lower ? 'x' : character;
          return (i > 0 ? gaps[i - 1] : '') + (wide[i] ? fullWidth(cased) : cased);
        })
        .join(''),
    })),
);

/**
 * A reader's view of a text: every separator and invisible character left out, full-width digits
 * and x read as ASCII. Deliberately blunter than the masking (no limit on separators, no notion of
 * runs): a number recoverable in any way shows here.
 */
const SEPARATOR_OR_INVISIBLE = /[\s\p{Cf}\p{Pd}\u2212.\u00B7\u2027\u30FB\uFF0E\uFF65/\uFF0F_\uFF3F]/gu;
const readerView = (text: string): string =>
  text.replace(SEPARATOR_OR_INVISIBLE, '').replace(/[０-９Ｘｘx]/g, (c) => c.normalize('NFKC').toUpperCase());

/** Text around a number: letters, Chinese, punctuation, separators, and digits in both widths. */
const surroundings = fc.string({ unit: fc.constantFrom(...'ab 中文,、。:;()-./０７0123456789'), maxLength: 12 });

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
      const shortRuns = fc.string({ unit: fc.constantFrom(...'0123456789/ab中X') }).filter((text) => !/\d{17}/.test(readerView(text)));
      fc.assert(fc.property(shortRuns, (text) => expect(maskIdNumbersInText(text)).toBe(text)));
    });
  });

  describe('ID numbers written with separators, full-width digits or a lower-case x', () => {
    it.each([
      ['110101 19900307 7715', '110101********7715'],
      ['１１０１０１１９９００３０７７７１５', '110101********7715'],
      ['110101-1990-0307-7715', '110101********7715'],
      ['110101.1990.0307.7715', '110101********7715'],
      ['身份证号：１１０１０１ １９９０ ０３０７ ７７１５。', '身份证号：110101********7715。'],
      ['110105 19491231 002x', '110105********002X'],
      ['11010519491231002ｘ', '110105********002X'],
      ['1101\u200B05\u200B1949\u200B\u200B\u200B\u200B\u200B1231002X', '110105********002X'],
      ['1101\uFEFF0519491231\u00AD002X', '110105********002X'],
      ['110101\n19900307\n7715', '110101********7715'],
      // The number is masked; the telephone number beside it stays as written.
      ['联系电话 0771-1234567 110101-1990-0307-7715', '联系电话 0771-1234567 110101********7715'],
      ['a 1-2-3-4-5-6-7-8-9-0-1-2-3-4-5-6-7-8 b', 'a 123456********5678 b'],
    ])('masks %j as %j', (text, masked) => {
      expect(maskIdNumbersInText(text)).toBe(masked);
    });

    it.each([
      '2026-05-11',
      '2024-01-01 至 2024-12-31',
      '2024.01.01-2024.12.31',
      '罚款 5000.00 元，没收违法所得 12,345,678.90 元',
      '¥1,234,567,890.12',
      '0771-1234567',
      '联系电话：0771-1234567, 13812345678；0771 7654321',
      '0771-12345678 138 1234 5678',
      '依据第12、13、14、15、16、17、18、19、20条',
      '10:30:45 2026-05-11',
      '订单号 12345678901234567',
      'uscc 91450100MA5K12347C',
      '１２３４５６７ 元',
      '1    1    0    1    0    1    1    9    9    0',
    ])('leaves %j unchanged', (text) => {
      expect(maskIdNumbersInText(text)).toBe(text);
    });

    it('generates valid numbers only', () => {
      fc.assert(fc.property(validCitizenId, (id) => expect(isValidCitizenId(id)).toBe(true)));
    });

    it('leaves no recoverable number: a reader who drops every separator still finds none', () => {
      fc.assert(
        fc.property(surroundings, writtenId, surroundings, (before, { id, written }, after) => {
          const masked = maskIdNumbersInText(`${before}${written}${after}`);
          expect(readerView(masked)).not.toContain(id);
        }),
        { numRuns: 3000 },
      );
    });

    it('leaves nothing the event contracts refuse, whatever the text holds', () => {
      const digitsAndSeparators = fc.string({ unit: fc.constantFrom(...'0123456789０１２３Xx -./　\u200B中,'), maxLength: 60 });
      const piece = fc.oneof(writtenId.map(({ written }) => written), citizenId, digitsAndSeparators, surroundings);
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
          const masked = maskIdNumbersInText(pieces.join(''));
          expect(masked).not.toMatch(REFUSED_BY_CONTRACTS);
          expect(masked).not.toMatch(ID_SHAPED);
        }),
        { numRuns: 3000 },
      );
    });

    it('changes nothing on a second pass, and never lengthens a text', () => {
      const piece = fc.oneof(writtenId.map(({ written }) => written), surroundings);
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 5 }), (pieces) => {
          const text = pieces.join('');
          const masked = maskIdNumbersInText(text);
          expect(maskIdNumbersInText(masked)).toBe(masked);
          expect(masked.length).toBeLessThanOrEqual(text.length);
        }),
        { numRuns: 1000 },
      );
    });

    it('leaves text unchanged when its digits, even with every separator dropped, never come 17 in a row', () => {
      const text = fc
        .string({ unit: fc.constantFrom(...'0123456789０９Xx -./,、:　\u200B中ab'), maxLength: 80 })
        .filter((t) => !/\d{17}/.test(readerView(t)));
      fc.assert(fc.property(text, (t) => expect(maskIdNumbersInText(t)).toBe(t)), { numRuns: 2000 });
    });

    it('masks in linear time, even a long text of digits and separators', () => {
      const long = '1 2-3.4 '.repeat(2_000) + '\u200B'.repeat(20_000) + '5';
      const started = performance.now();
      maskIdNumbersInText(long);
      expect(performance.now() - started).toBeLessThan(2_000);
    });
  });
});
