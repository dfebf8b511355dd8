import { eventRegistry, newEventId } from '@credit/contracts';
import { DomainRuleError } from '@credit/credit-rules';
import { deciderSpec } from '@credit/testing';
import { catalogMatterDecider, catalogMatterStream, type CatalogMatterContent, type CatalogMatterEvent } from './catalog-matter.decider';
import { NEVER_RECORD_MATTERS } from './never-record.rules';

const spec = deciderSpec(catalogMatterDecider);
const matter: CatalogMatterContent = {
  departmentCode: '11450100007712342F',
  kind: 'PENALTY',
  code: 'XZCF-001',
  name: '对虚假宣传行为的行政处罚',
  legalBasis: '《反不正当竞争法》第二十条',
};
const v1: CatalogMatterEvent = { type: 'double-publicity.catalog-matter-defined', data: { ...matter, matterVersion: 1 } };

function expectValidPerContract(events: CatalogMatterEvent[]) {
  for (const event of events) {
    const now = new Date().toISOString();
    const result = eventRegistry.validate({
      id: newEventId(),
      type: event.type,
      version: 1,
      stream: catalogMatterStream(matter.departmentCode, matter.code),
      streamVersion: 1,
      subjectKey: null,
      occurredAt: now,
      recordedAt: now,
      correlationId: newEventId(),
      causationId: null,
      actor: { departmentCode: matter.departmentCode },
      data: event.data,
    });
    expect(result).toMatchObject({ ok: true });
  }
}

describe('catalog matter', () => {
  it('enters the catalog as version 1', () => {
    const events = spec.given([]).when({ type: 'DefineMatter', data: matter }).events();
    expect(events).toEqual([v1]);
    expectValidPerContract(events);
  });

  it('gets version n+1 when its name or basis changes, and nothing when re-posted unchanged', () => {
    spec.given([v1]).when({ type: 'DefineMatter', data: matter }).then([]);
    const renamed = spec.given([v1]).when({ type: 'DefineMatter', data: { ...matter, name: '对虚假宣传的处罚' } }).events();
    expect(renamed).toEqual([{ type: 'double-publicity.catalog-matter-defined', data: { ...matter, name: '对虚假宣传的处罚', matterVersion: 2 } }]);
    const v2 = renamed[0];
    const rebased = spec.given([v1, v2]).when({ type: 'DefineMatter', data: { ...v2.data, legalBasis: undefined } }).events();
    expect(rebased[0].data).toEqual({ ...matter, name: '对虚假宣传的处罚', legalBasis: undefined, matterVersion: 3 });
    expectValidPerContract([{ ...rebased[0], data: { ...matter, name: '对虚假宣传的处罚', matterVersion: 3 } }]);
  });

  it.each(NEVER_RECORD_MATTERS.map((m) => [m.term]))('refuses a matter about %s, naming the never-record rule', (term) => {
    const decide = () => spec.given([]).when({ type: 'DefineMatter', data: { ...matter, name: `对${term}行为的处理` } }).events();
    expect(decide).toThrow(DomainRuleError);
    try {
      decide();
    } catch (error) {
      expect((error as DomainRuleError).rule).toBe('catalog.never-record');
      expect((error as DomainRuleError).detail).toContain(term);
    }
  });

  it('refuses a never-record term hidden by spaces, also when changing an existing matter', () => {
    spec.given([v1]).when({ type: 'DefineMatter', data: { ...matter, name: '闯 红 灯处罚' } }).thenThrows(DomainRuleError);
  });
});
