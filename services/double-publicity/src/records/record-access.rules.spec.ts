import type { Principal } from '@credit/platform';
import { readerOf, recordViewFor } from './record-access.rules';

const SOURCE = '11450100007712342F';
const OTHER = '11450100007712350A';
const as = (departmentCode: string, roles: Principal['roles']): Principal => ({ departmentCode, name: 'x', roles });
const history = [{ eventId: 'e', type: 'double-publicity.penalty-published', version: 1, streamVersion: 1, recordedAt: 't', correlationId: 'c', causationId: null, actor: { departmentCode: SOURCE }, data: { remarks: '内部备注' } }];

describe('who reads what of a 双公示 record', () => {
  it('tells the source unit, ops/admin (on record) and other departments apart by sub', () => {
    expect(readerOf(as(SOURCE.toLowerCase(), ['reader']), SOURCE)).toBe('source-unit');
    expect(readerOf(as(OTHER, ['ops']), SOURCE)).toBe('on-record');
    expect(readerOf(as(OTHER, ['admin']), SOURCE)).toBe('on-record');
    expect(readerOf(as(OTHER, ['reader', 'reviewer']), SOURCE)).toBe('other-department');
  });

  it('another department sees a public record without remarks nor event data, and a withheld one not at all', () => {
    const view = { id: 'r', content: '罚款', remarks: '内部备注', history };
    expect(recordViewFor(view, 'source-unit', false, 'r')).toEqual({ shown: true, view });
    expect(recordViewFor(view, 'on-record', false, 'r')).toEqual({ shown: true, view });
    const shown = recordViewFor(view, 'other-department', true, 'r');
    expect(shown).toEqual({
      shown: true,
      view: { id: 'r', content: '罚款', history: [{ eventId: 'e', type: 'double-publicity.penalty-published', version: 1, streamVersion: 1, recordedAt: 't', correlationId: 'c', causationId: null, actor: { departmentCode: SOURCE } }] },
    });
    expect(JSON.stringify(shown)).not.toContain('内部备注');
    expect(recordViewFor(view, 'other-department', false, 'penalty record r')).toEqual({
      shown: false,
      refusal: 'penalty record r is withheld from publicity: it is read by its source unit, ops or admin',
    });
  });
});
