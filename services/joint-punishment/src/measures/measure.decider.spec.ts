import type { MeasureDefinedV1 } from '@credit/contracts';
import { DomainRuleError } from '@credit/platform';
import { MeasureAlreadyDefined, measureDecider, type MeasureEvent } from './measure.decider';

const given = (events: MeasureEvent[]) => events.reduce(measureDecider.evolve, measureDecider.initialState());
const measure: MeasureDefinedV1 = {
  code: 'BL-PROCUREMENT',
  name: '限制参加政府采购活动',
  kind: 'PUNISHMENT',
  appliesTo: 'BLACK',
  unitCodes: ['11450100007712342F', '11450100007712342F'],
  scenarios: ['GOVERNMENT_PROCUREMENT'],
  legalBasis: '《政府采购法》第二十二条',
};

describe('catalog measure', () => {
  it('is defined once, its linkage units listed once each', () => {
    const events = measureDecider.decide({ type: 'DefineMeasure', data: measure }, given([]));
    expect(events).toEqual([{ type: 'joint-punishment.measure-defined', data: { ...measure, unitCodes: ['11450100007712342F'] } }]);
    expect(() => measureDecider.decide({ type: 'DefineMeasure', data: measure }, given(events))).toThrow(MeasureAlreadyDefined);
  });

  it('is refused without a legal basis', () => {
    expect(() => measureDecider.decide({ type: 'DefineMeasure', data: { ...measure, legalBasis: ' ' } }, given([]))).toThrow(DomainRuleError);
  });

  it('follows the list of its kind: punishments the black list, incentives the red list', () => {
    expect(() => measureDecider.decide({ type: 'DefineMeasure', data: { ...measure, appliesTo: 'RED' } }, given([]))).toThrow(DomainRuleError);
    expect(measureDecider.decide({ type: 'DefineMeasure', data: { ...measure, kind: 'INCENTIVE', appliesTo: 'RED' } }, given([]))).toHaveLength(1);
  });
});
