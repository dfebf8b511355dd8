import { advance } from './rebuild-engine';
import { inlineParameters } from './write-behind';

describe('advance: the position a rebuild reached, with the holes it skipped', () => {
  it('moves to the highest position and records every skipped one as a hole', () => {
    expect(advance('0', [], ['1', '2', '5', '9'])).toEqual({ lastPosition: '9', holes: [['3', '4'], ['6', '8']] });
  });

  it('a late commit fills its hole, splitting the range', () => {
    expect(advance('9', [['3', '4'], ['6', '8']], ['7', '10'])).toEqual({ lastPosition: '10', holes: [['3', '4'], ['6', '6'], ['8', '8']] });
    expect(advance('9', [['3', '3']], ['3'])).toEqual({ lastPosition: '9', holes: [] });
  });

  it('takes the positions in any order, as bigints beyond 2^53', () => {
    expect(advance('9007199254740993', [], ['9007199254740996', '9007199254740994'])).toEqual({
      lastPosition: '9007199254740996',
      holes: [['9007199254740995', '9007199254740995']],
    });
  });

  it('nothing read: nothing changes', () => {
    expect(advance('4', [['2', '2']], [])).toEqual({ lastPosition: '4', holes: [['2', '2']] });
  });
});

describe('inlineParameters: a statement with its parameters as literals', () => {
  it('writes strings (quotes doubled), NULL, numbers, arrays and JSON as pg sends them', () => {
    expect(inlineParameters(`UPDATE t SET a = $1, b = $2, d = $3, e = $4 WHERE id = $10`, ["O'Brien", null, { k: 1 }, 5, 5, 6, 7, 8, 9, 'id-10'])).toBe(
      `UPDATE t SET a = 'O''Brien', b = NULL, d = '{"k":1}', e = '5' WHERE id = 'id-10'`,
    );
    expect(inlineParameters(`SELECT $1`, [['x', 'y']])).toBe(`SELECT '{"x","y"}'`);
  });

  it('a backslash makes an E-string, so it stays one backslash', () => {
    expect(inlineParameters(`SELECT $1`, ['a\\b'])).toBe(`SELECT  E'a\\\\b'`);
  });

  it('refuses a placeholder without a parameter', () => {
    expect(() => inlineParameters(`UPDATE t SET a = $2`, ['only one'])).toThrow('no parameter $2');
  });
});
