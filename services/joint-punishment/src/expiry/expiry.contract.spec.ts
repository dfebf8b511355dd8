import { eventRegistry, newEventId, type EventEnvelope } from '@credit/contracts';
import { deciderSpec } from '@credit/testing';
import { listEntryDecider, type ListEntryEvent } from '../list-entries/list-entry.decider';

const UNIT = '11450100007712342F';
const history: ListEntryEvent[] = [
  {
    type: 'joint-punishment.list-entry-created',
    data: {
      listEntryId: 'e-1',
      subjectCode: '91450100MA5K12347C',
      maskedCode: '91450100MA5K12347C',
      list: 'BLACK',
      category: 'MARKET',
      basis: { recordIds: ['p-1'], document: 'doc' },
      initiatingUnit: { name: 'unit', code: UNIT },
      decidedOn: '2024-03-04',
      validUntil: '2025-03-03',
    },
  },
  { type: 'joint-punishment.measure-applied', data: { listEntryId: 'e-1', measureCode: 'M1', unitCode: UNIT } },
];
const spec = deciderSpec(listEntryDecider);
const expire = { type: 'ExitListEntry' as const, data: { trigger: 'EXPIRY' as const, reason: 'validUntil 2025-03-03 passed', exitedOn: '2025-03-04' } };

const envelope = (version: number, data: unknown): EventEnvelope => ({
  id: newEventId(),
  type: 'joint-punishment.list-entry-exited',
  version,
  stream: 'list-entry-e-1',
  streamVersion: 3,
  subjectKey: '91450100MA5K12347C',
  occurredAt: '2025-03-04T00:00:00.000Z',
  recordedAt: '2025-03-04T00:00:00.000Z',
  correlationId: 'c-1',
  causationId: null,
  actor: { departmentCode: UNIT },
  data,
});

describe('exit on expiry', () => {
  it('exits once, as list-entry-exited v2, and lifts each applied measure once', () => {
    const events = spec.given(history).when(expire).events();
    expect(events).toEqual([
      { type: 'joint-punishment.list-entry-exited', version: 2, data: { listEntryId: 'e-1', ...expire.data } },
      { type: 'joint-punishment.measure-lifted', data: { listEntryId: 'e-1', measureCode: 'M1', unitCode: UNIT } },
    ]);
    spec.given([...history, ...events]).when(expire).then([]);
  });

  it('keeps the other triggers on v1, so consumers not yet on v2 still read them', () => {
    const initiatingUnit = { departmentCode: UNIT, name: 'unit', roles: ['reviewer' as const] };
    const [exited] = spec.given(history).when({ type: 'ExitListEntry', data: { ...expire.data, trigger: 'DECISION', decidedBy: initiatingUnit } }).events();
    expect(exited).not.toHaveProperty('version');
  });

  it('refuses EXPIRY in v1 (closed enum), accepts it in v2, and upcasts v1 to v2 unchanged', () => {
    const data = { listEntryId: 'e-1', trigger: 'EXPIRY', reason: 'r', exitedOn: '2025-03-04' };
    expect(eventRegistry.validate(envelope(1, data)).ok).toBe(false);
    expect(eventRegistry.validate(envelope(2, data)).ok).toBe(true);
    const v1 = envelope(1, { ...data, trigger: 'REPAIR', repairApplicationId: 'r-1' });
    expect(eventRegistry.validate(v1).ok).toBe(true);
    expect(eventRegistry.upcast(v1)).toMatchObject({ version: 2, data: v1.data });
  });
});

describe('versioned measures on the wire', () => {
  const applied = (version: number, data: unknown): EventEnvelope => ({ ...envelope(version, data), type: 'joint-punishment.measure-applied' });

  it('publishes measure-applied v2 with the catalog version, and reads a v1 application as made under version 1', () => {
    const [created, application] = listEntryDecider.decide(
      { type: 'CreateListEntry', data: { entry: history[0].data as never, catalog: [{ code: 'M1', version: 3, appliesTo: 'BLACK', unitCodes: [UNIT] }] } },
      listEntryDecider.initialState(),
    );
    expect(created.type).toBe('joint-punishment.list-entry-created');
    expect(application).toEqual({ type: 'joint-punishment.measure-applied', version: 2, data: { listEntryId: 'e-1', measureCode: 'M1', unitCode: UNIT, measureVersion: 3 } });
    expect(eventRegistry.validate(applied(2, application.data)).ok).toBe(true);
    expect(eventRegistry.validate(applied(2, { listEntryId: 'e-1', measureCode: 'M1', unitCode: UNIT })).ok).toBe(false);
    expect(eventRegistry.upcast(applied(1, { listEntryId: 'e-1', measureCode: 'M1', unitCode: UNIT })).data).toEqual({ listEntryId: 'e-1', measureCode: 'M1', unitCode: UNIT, measureVersion: 1 });
  });
});
