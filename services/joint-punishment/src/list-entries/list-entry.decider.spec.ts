import type { ListEntryCreatedV1 } from '@credit/contracts';
import { DomainRuleError } from '@credit/platform';
import {
  applicableMeasures,
  listEntryDecider,
  ListEntryNotFound,
  restsOnlyOn,
  type CatalogMeasure,
  type ListEntryCommand,
  type ListEntryEvent,
} from './list-entry.decider';

const given = (events: ListEntryEvent[]) => events.reduce(listEntryDecider.evolve, listEntryDecider.initialState());
const when = (events: ListEntryEvent[], command: ListEntryCommand) => listEntryDecider.decide(command, given(events));

const PROCUREMENT_UNIT = '11450100007712342F';
const FINANCE_UNIT = '91450100MA5K12347C';
const entry: ListEntryCreatedV1 = {
  listEntryId: 'entry-1',
  subjectCode: '91450200MA5L00013D',
  maskedCode: '91450200MA5L00013D',
  list: 'BLACK',
  category: 'MARKET',
  basis: { recordIds: ['penalty-1'], document: '南市监信〔2025〕12号' },
  initiatingUnit: { name: '南宁市市场监督管理局', code: PROCUREMENT_UNIT },
  decidedOn: '2025-03-04',
};
const catalog: CatalogMeasure[] = [
  { code: 'BL-PROCUREMENT', appliesTo: 'BLACK', unitCodes: [PROCUREMENT_UNIT, FINANCE_UNIT] },
  { code: 'BL-FUNDING', appliesTo: 'BLACK', category: 'MARKET', unitCodes: [FINANCE_UNIT] },
  { code: 'BL-TAX-ONLY', appliesTo: 'BLACK', category: 'TAX', unitCodes: [FINANCE_UNIT] },
  { code: 'RED-GREEN-CHANNEL', appliesTo: 'RED', unitCodes: [PROCUREMENT_UNIT] },
];
const create: ListEntryCommand = { type: 'CreateListEntry', data: { entry, catalog } };
const byRepair: ListEntryCommand = {
  type: 'ExitListEntry',
  data: { trigger: 'REPAIR', reason: 'repair approved', exitedOn: '2025-09-10', repairApplicationId: 'repair-1' },
};
const byDecision: ListEntryCommand = { type: 'ExitListEntry', data: { trigger: 'DECISION', reason: '移出', exitedOn: '2025-09-10' } };

describe('list entry', () => {
  it('is created with one application per catalog measure of its list and category and per linkage unit: 3 measures over 2 units → 3 applications', () => {
    const events = when([], create);
    expect(events.map((e) => e.type)).toEqual([
      'joint-punishment.list-entry-created',
      'joint-punishment.measure-applied',
      'joint-punishment.measure-applied',
      'joint-punishment.measure-applied',
    ]);
    expect(events.slice(1).map((e) => e.data)).toEqual([
      { listEntryId: 'entry-1', measureCode: 'BL-FUNDING', unitCode: FINANCE_UNIT },
      { listEntryId: 'entry-1', measureCode: 'BL-PROCUREMENT', unitCode: PROCUREMENT_UNIT },
      { listEntryId: 'entry-1', measureCode: 'BL-PROCUREMENT', unitCode: FINANCE_UNIT },
    ]);
  });

  it('brings no measure when the catalog has none for its list', () => {
    const red = when([], { type: 'CreateListEntry', data: { entry: { ...entry, list: 'RED' }, catalog: catalog.filter((m) => m.appliesTo === 'BLACK') } });
    expect(red).toHaveLength(1);
  });

  it('exits once, lifting each applied measure: 3 applications → 3 lifts after the exit', () => {
    const history = when([], create);
    const exit = when(history, byDecision);
    expect(exit.map((e) => e.type)).toEqual([
      'joint-punishment.list-entry-exited',
      'joint-punishment.measure-lifted',
      'joint-punishment.measure-lifted',
      'joint-punishment.measure-lifted',
    ]);
    expect(exit[0].data).toEqual({ listEntryId: 'entry-1', trigger: 'DECISION', reason: '移出', exitedOn: '2025-09-10' });
    expect(exit.slice(1).map((e) => e.data)).toEqual(history.slice(1).map((e) => e.data));
    expect(given([...history, ...exit])).toMatchObject({ status: 'EXITED', applied: [] });
  });

  it('refuses a second exit by decision with a domain rule (422)', () => {
    const history = when([], create);
    const exited = [...history, ...when(history, byDecision)];
    expect(() => when(exited, byDecision)).toThrow(DomainRuleError);
    try {
      when(exited, byDecision);
    } catch (error) {
      expect((error as DomainRuleError).rule).toBe('list-entry.already-exited');
    }
  });

  it('lifts each measure once when the same repair arrives twice', () => {
    const history = when([], create);
    const first = when(history, byRepair);
    expect(first.filter((e) => e.type === 'joint-punishment.measure-lifted')).toHaveLength(3);
    expect(first[0].data).toMatchObject({ trigger: 'REPAIR', repairApplicationId: 'repair-1' });
    expect(when([...history, ...first], byRepair)).toEqual([]);
    // nor when the penalty's withdrawal from publicity follows the repair
    expect(when([...history, ...first], { type: 'ExitListEntry', data: { trigger: 'PUBLICITY_WITHDRAWN', reason: 'withdrawn', exitedOn: '2025-09-11' } })).toEqual([]);
  });

  it('cannot exit an entry that does not exist', () => {
    expect(() => when([], byDecision)).toThrow(ListEntryNotFound);
  });
});

describe('which entries a withdrawn record takes off the lists', () => {
  it('is those resting on that record alone', () => {
    expect(restsOnlyOn(['penalty-1'], 'penalty-1')).toBe(true);
    expect(restsOnlyOn(['penalty-1', 'penalty-2'], 'penalty-1')).toBe(false);
    expect(restsOnlyOn([], 'penalty-1')).toBe(false);
  });
});

describe('applicable measures', () => {
  it('follow the list, and the category when the measure names one', () => {
    expect(applicableMeasures(catalog, 'BLACK', 'TAX').map((a) => a.measureCode)).toEqual(['BL-PROCUREMENT', 'BL-PROCUREMENT', 'BL-TAX-ONLY']);
    expect(applicableMeasures(catalog, 'RED', 'ANY')).toEqual([{ measureCode: 'RED-GREEN-CHANNEL', unitCode: PROCUREMENT_UNIT }]);
  });
});
