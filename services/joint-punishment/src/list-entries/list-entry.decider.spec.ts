import type { ListEntryCreatedV1 } from '@credit/contracts';
import { addDays, addMonths, StateConflictError, type Principal } from '@credit/credit-rules';
import { deciderSpec } from '@credit/testing';
import {
  applicableMeasures,
  listEntryDecider,
  ListEntryNotFound,
  restsOnlyOn,
  type CatalogMeasure,
  type ListEntryCommand,
  type ListEntryEvent,
} from './list-entry.decider';
import { NotInitiatingUnit } from './list-entry.rules';

const spec = deciderSpec(listEntryDecider);
const when = (events: ListEntryEvent[], command: ListEntryCommand) => spec.given(events).when(command).events();

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
  // Revised once: entries listed now apply its version 2.
  { code: 'BL-PROCUREMENT', version: 2, appliesTo: 'BLACK', unitCodes: [PROCUREMENT_UNIT, FINANCE_UNIT] },
  { code: 'BL-FUNDING', appliesTo: 'BLACK', category: 'MARKET', unitCodes: [FINANCE_UNIT] },
  { code: 'BL-TAX-ONLY', appliesTo: 'BLACK', category: 'TAX', unitCodes: [FINANCE_UNIT] },
  { code: 'RED-GREEN-CHANNEL', appliesTo: 'RED', unitCodes: [PROCUREMENT_UNIT] },
];
const create: ListEntryCommand = { type: 'CreateListEntry', data: { entry, catalog } };
const byRepair: ListEntryCommand = {
  type: 'ExitListEntry',
  data: { trigger: 'REPAIR', reason: 'repair approved', exitedOn: '2025-09-10', repairApplicationId: 'repair-1' },
};
const department = (departmentCode: string, ...roles: Principal['roles']): Principal => ({ departmentCode, name: 'any display name', roles });
const decidedBy = (principal: Principal): ListEntryCommand => ({ type: 'ExitListEntry', data: { trigger: 'DECISION', reason: '移出', exitedOn: '2025-09-10', decidedBy: principal } });
// The initiating unit itself, under a token with another display name and its code in lower case.
const byDecision = decidedBy(department(PROCUREMENT_UNIT.toLowerCase(), 'reviewer'));

describe('list entry', () => {
  it('is created with one application per catalog measure of its list and category and per linkage unit: 3 measures over 2 units → 3 applications', () => {
    const events = when([], create);
    expect(events.map((e) => e.type)).toEqual([
      'joint-punishment.list-entry-created',
      'joint-punishment.measure-applied',
      'joint-punishment.measure-applied',
      'joint-punishment.measure-applied',
    ]);
    // Each application names the catalog version it is made under (measure-applied v2).
    expect(events.slice(1).every((e) => 'version' in e && e.version === 2)).toBe(true);
    expect(events.slice(1).map((e) => e.data)).toEqual([
      { listEntryId: 'entry-1', measureCode: 'BL-FUNDING', unitCode: FINANCE_UNIT, measureVersion: 1 },
      { listEntryId: 'entry-1', measureCode: 'BL-PROCUREMENT', unitCode: PROCUREMENT_UNIT, measureVersion: 2 },
      { listEntryId: 'entry-1', measureCode: 'BL-PROCUREMENT', unitCode: FINANCE_UNIT, measureVersion: 2 },
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
    // One lift per application, whatever version it was applied under (measure-lifted names no version).
    expect(exit.slice(1).map((e) => e.data)).toEqual(history.slice(1).map(({ data: { listEntryId, measureCode, unitCode } }) => ({ listEntryId, measureCode, unitCode })));
    expect(spec.given([...history, ...exit]).state).toMatchObject({ status: 'EXITED', applied: [] });
  });

  it('refuses a second exit by decision as a state conflict (409), naming the rule', () => {
    const history = when([], create);
    const exited = [...history, ...when(history, byDecision)];
    expect(() => when(exited, byDecision)).toThrow(StateConflictError);
    try {
      when(exited, byDecision);
    } catch (error) {
      expect((error as StateConflictError).rule).toBe('list-entry.already-exited');
    }
  });

  it('is taken off by decision of its initiating unit only: another unit is refused (403) and nothing is decided; an administrator may', () => {
    const history = when([], create);
    expect(() => when(history, decidedBy(department(FINANCE_UNIT, 'reviewer', 'ops')))).toThrow(NotInitiatingUnit);
    expect(() => when(history, { type: 'ExitListEntry', data: { trigger: 'DECISION', reason: '移出', exitedOn: '2025-09-10' } })).toThrow(NotInitiatingUnit);
    expect(when(history, decidedBy(department(FINANCE_UNIT, 'admin')))[0]).toMatchObject({ type: 'joint-punishment.list-entry-exited', data: { trigger: 'DECISION' } });
    // Who may decide is answered before the state: another unit learns nothing of an exited entry.
    const exited = [...history, ...when(history, byDecision)];
    expect(() => when(exited, decidedBy(department(FINANCE_UNIT, 'reviewer')))).toThrow(NotInitiatingUnit);
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

describe('the notice to the listed subject', () => {
  it('follows the measures applied, with the name and legal basis and the repair terms of the category', () => {
    const named = catalog.map((m) => ({ ...m, name: `name ${m.code}`, legalBasis: `basis ${m.code}` }));
    const events = when([], { type: 'CreateListEntry', data: { entry, catalog: named, notice: { name: '严重违法失信名单', earliestExitAfterMonths: 12, autoExitAfterMonths: 36 } } });
    expect(events.map((e) => e.type).slice(-1)).toEqual(['joint-punishment.subject-notified']);
    const notice = events[events.length - 1].data;
    expect(notice).toMatchObject({
      listEntryId: 'entry-1',
      categoryName: '严重违法失信名单',
      basis: entry.basis,
      repair: { earliestApplicationOn: '2026-03-04', automaticExitOn: '2028-03-04' },
    });
    expect((notice as { measures: unknown[] }).measures).toEqual([
      { measureCode: 'BL-FUNDING', name: 'name BL-FUNDING', unitCode: FINANCE_UNIT, legalBasis: 'basis BL-FUNDING' },
      { measureCode: 'BL-PROCUREMENT', name: 'name BL-PROCUREMENT', unitCode: PROCUREMENT_UNIT, legalBasis: 'basis BL-PROCUREMENT' },
      { measureCode: 'BL-PROCUREMENT', name: 'name BL-PROCUREMENT', unitCode: FINANCE_UNIT, legalBasis: 'basis BL-PROCUREMENT' },
    ]);
    // an entry with its own validUntil leaves the list the day after it
    const dated = when([], { type: 'CreateListEntry', data: { entry: { ...entry, validUntil: '2027-12-31' }, catalog: named, notice: { name: 'x' } } });
    expect(dated[dated.length - 1].data).toMatchObject({ repair: { automaticExitOn: '2028-01-01' } });
  });

  it('counts list terms with the shared calendar-month arithmetic, clamped to the month end', () => {
    expect(addDays(addMonths('2025-03-04', 36), -1)).toBe('2028-03-03');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
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
    expect(applicableMeasures(catalog, 'RED', 'ANY')).toEqual([{ measureCode: 'RED-GREEN-CHANNEL', unitCode: PROCUREMENT_UNIT, measureVersion: 1 }]);
  });
});
