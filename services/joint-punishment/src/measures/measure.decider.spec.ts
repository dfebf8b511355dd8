import type { MeasureDefinedV1 } from '@credit/contracts';
import { DomainRuleError } from '@credit/credit-rules';
import { deciderSpec } from '@credit/testing';
import { measureDecider, type MeasureEvent } from './measure.decider';

const spec = deciderSpec(measureDecider);
const define = (data: MeasureDefinedV1, events: MeasureEvent[] = []) => spec.given(events).when({ type: 'DefineMeasure', data }).events();
const measure: MeasureDefinedV1 = {
  code: 'BL-PROCUREMENT',
  name: '限制参加政府采购活动',
  kind: 'PUNISHMENT',
  appliesTo: 'BLACK',
  unitCodes: ['11450100007712342F', '11450100007712342F'],
  scenarios: ['GOVERNMENT_PROCUREMENT'],
  legalBasis: '《政府采购法》第二十二条',
};
const UNIT_B = '12450100MB0000000J';

describe('catalog measure (versioned)', () => {
  it('is defined as version 1, its linkage units listed once each', () => {
    expect(define(measure)).toEqual([
      { type: 'joint-punishment.measure-defined', version: 2, data: { ...measure, unitCodes: ['11450100007712342F'], measureVersion: 1 } },
    ]);
  });

  it('defines version 2 on changed content, nothing on the same content (units and scenarios compared as sets)', () => {
    const v1 = define(measure);
    expect(define(measure, v1)).toEqual([]);
    expect(define({ ...measure, unitCodes: ['11450100007712342F'] }, v1)).toEqual([]);
    const v2 = define({ ...measure, unitCodes: [UNIT_B], legalBasis: '《政府采购法实施条例》第十九条' }, v1);
    expect(v2).toEqual([
      { type: 'joint-punishment.measure-defined', version: 2, data: { ...measure, unitCodes: [UNIT_B], legalBasis: '《政府采购法实施条例》第十九条', measureVersion: 2 } },
    ]);
    expect(define({ ...measure, name: '第三稿' }, [...v1, ...v2])[0].data.measureVersion).toBe(3);
  });

  it('reads a definition stored before versioning as version 1', () => {
    const legacy = { type: 'joint-punishment.measure-defined', data: { ...measure, unitCodes: ['11450100007712342F'] } } as unknown as MeasureEvent;
    expect(define({ ...measure, name: '新名称' }, [legacy])[0].data.measureVersion).toBe(2);
  });

  it('is refused without a legal basis', () => {
    expect(() => define({ ...measure, legalBasis: ' ' })).toThrow(DomainRuleError);
  });

  it('follows the list of its kind: punishments the black list, incentives the red list', () => {
    expect(() => define({ ...measure, appliesTo: 'RED' })).toThrow(DomainRuleError);
    expect(define({ ...measure, kind: 'INCENTIVE', appliesTo: 'RED' })).toHaveLength(1);
  });

  it('cannot be moved to the other list by a new version', () => {
    expect(() => define({ ...measure, kind: 'INCENTIVE', appliesTo: 'RED' }, define(measure))).toThrow(/cannot move it/);
  });
});
