import { DomainRuleError } from '@credit/credit-rules';
import { deciderSpec } from '@credit/testing';
import { EntryNotFoundForExecution, measureExecutionDecider, NotLinkageUnitOfMeasure, unitsApplying, type EntryStreamEvent } from './measure-execution.decider';

const UNIT = '12450100MA5K00004W';
const OTHER_UNIT = '11450100007712350A';
const spec = deciderSpec(measureExecutionDecider);
const created: EntryStreamEvent = {
  type: 'joint-punishment.list-entry-created',
  data: {
    listEntryId: 'e-1',
    subjectCode: '91450100MA5K12347C',
    maskedCode: '91450100MA5K12347C',
    list: 'BLACK',
    category: 'MARKET',
    basis: { recordIds: ['p-1'], document: 'doc' },
    initiatingUnit: { name: 'unit', code: UNIT },
    decidedOn: '2025-03-04',
  },
};
const applied: EntryStreamEvent = { type: 'joint-punishment.measure-applied', data: { listEntryId: 'e-1', measureCode: 'M1', unitCode: UNIT } };
const lifted: EntryStreamEvent = { type: 'joint-punishment.measure-lifted', data: { listEntryId: 'e-1', measureCode: 'M1', unitCode: UNIT } };
const report = (outcome: 'APPLIED' | 'NOT_APPLICABLE' | 'LIFTED', measureCode = 'M1') => ({
  type: 'ReportMeasureExecution' as const,
  data: { executionId: 'x-1', listEntryId: 'e-1', measureCode, unitCode: UNIT, outcome },
});

describe('measure execution reports (跟踪反馈)', () => {
  it('records a report on an applied measure', () => {
    spec.given([created, applied]).when(report('APPLIED')).then([
      { type: 'joint-punishment.measure-execution-reported', data: report('APPLIED').data },
    ]);
    expect(spec.given([created, applied]).when(report('NOT_APPLICABLE')).events()).toHaveLength(1);
  });

  it('refuses an unknown entry, and a measure the entry did not apply (422)', () => {
    spec.given([]).when(report('APPLIED')).thenThrows(EntryNotFoundForExecution);
    spec.given([created, applied]).when(report('APPLIED', 'M2')).thenThrows(DomainRuleError);
  });

  it('refuses a report on another linkage unit\'s measure as not the unit\'s own (403), also after the lift', () => {
    const otherUnits: EntryStreamEvent = { type: 'joint-punishment.measure-applied', data: { listEntryId: 'e-1', measureCode: 'M2', unitCode: OTHER_UNIT } };
    const state = spec.given([created, applied, otherUnits]).state;
    expect(unitsApplying(state, 'M2')).toEqual([OTHER_UNIT]);
    expect(() => measureExecutionDecider.decide(report('APPLIED', 'M2'), state)).toThrow(NotLinkageUnitOfMeasure);
    const liftedOther: EntryStreamEvent = { type: 'joint-punishment.measure-lifted', data: { listEntryId: 'e-1', measureCode: 'M2', unitCode: OTHER_UNIT } };
    spec.given([created, applied, otherUnits, liftedOther]).when(report('LIFTED', 'M2')).thenThrows(NotLinkageUnitOfMeasure);
  });

  it('accepts LIFTED only once the measure was lifted', () => {
    expect(() => spec.given([created, applied]).when(report('LIFTED')).events()).toThrow(/still applied/);
    expect(spec.given([created, applied, lifted]).when(report('LIFTED')).events()).toHaveLength(1);
  });

  it('acknowledges a lift once: a second LIFTED report adds nothing', () => {
    const acknowledged = spec.given([created, applied, lifted]).when(report('LIFTED')).events();
    spec.given([created, applied, lifted, ...acknowledged]).when(report('LIFTED')).then([]);
  });
});
