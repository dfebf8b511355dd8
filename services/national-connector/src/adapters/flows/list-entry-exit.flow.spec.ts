import { eventRegistry, LIST_EXIT_TRIGGERS, LIST_EXIT_TRIGGERS_V1, type ListEntryExitedV2 } from '@credit/contracts';
import { testEnvelope } from '@credit/testing';
import { plan } from './list-entry-exit.flow';

const exited = (data: ListEntryExitedV2, version: number, subjectKey = '91450100MA5K12345X') =>
  testEnvelope<ListEntryExitedV2>({ type: 'joint-punishment.list-entry-exited', version, subjectKey, stream: `list-entry-${data.listEntryId}`, data });

describe('list-entry exit flow', () => {
  it.each(LIST_EXIT_TRIGGERS.map((trigger) => [trigger, (LIST_EXIT_TRIGGERS_V1 as readonly string[]).includes(trigger) ? 1 : 2] as const))(
    'sends a %s exit (v%d) to 信用中国 with the entry id, trigger, date, reason and subject',
    (trigger, version) => {
      const data = { listEntryId: 'l-1', trigger, reason: '退出原因', exitedOn: '2026-11-02', ...(trigger === 'REPAIR' && { repairApplicationId: 'A-1' }) };
      const event = exited(data, version);
      expect(eventRegistry.validate(event).ok).toBe(true);
      expect(plan(event)).toEqual([
        { target: 'credit-china', endpoint: '/list-entries/exits', payload: { ...data, subject: { subjectKey: '91450100MA5K12345X' } } },
      ]);
    },
  );

  it('names a natural person by the subject key only, and plans the same event the same way', () => {
    const event = exited({ listEntryId: 'l-2', trigger: 'EXPIRY', reason: '有效期届满', exitedOn: '2026-11-02' }, 2, 'NP-hmac-key');
    expect(plan(event)[0].payload.subject).toEqual({ subjectKey: 'NP-hmac-key' });
    expect(plan(event)).toEqual(plan(event));
  });

  it('plans nothing for another event', () => {
    expect(plan(testEnvelope({ type: 'joint-punishment.measure-lifted', subjectKey: 'k', stream: 's', data: {} }))).toEqual([]);
  });
});
