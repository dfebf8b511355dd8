import { DomainRuleError } from '@credit/credit-rules';
import { deciderSpec } from '@credit/testing';
import { linkageUnitDecider, listCategoryDecider, type ListCategoryContent, type ListCategoryEvent } from './catalog-entry.decider';

const category: ListCategoryContent = {
  code: 'MARKET_SERIOUS_ILLEGAL',
  name: '市场监督管理严重违法失信名单',
  list: 'BLACK',
  legalBasis: '国家市场监督管理总局令第44号',
  earliestExitAfterMonths: 12,
  autoExitAfterMonths: 36,
};
const categorySpec = deciderSpec(listCategoryDecider);
const unitSpec = deciderSpec(linkageUnitDecider);
const define = (data: ListCategoryContent, events: ListCategoryEvent[] = []) => categorySpec.given(events).when({ type: 'DefineListCategory', data }).events();

describe('list category catalog (versioned)', () => {
  it('defines version 1, a changed content version 2, the same content nothing', () => {
    const v1 = define(category);
    expect(v1).toEqual([{ type: 'joint-punishment.list-category-defined', data: { ...category, categoryVersion: 1 } }]);
    expect(define(category, v1)).toEqual([]);
    const v2 = define({ ...category, autoExitAfterMonths: 24 }, v1);
    expect(v2[0].data).toMatchObject({ categoryVersion: 2, autoExitAfterMonths: 24 });
  });

  it('refuses a category without legal basis, exit terms out of order, and a move to the other list', () => {
    expect(() => define({ ...category, legalBasis: ' ' })).toThrow(DomainRuleError);
    expect(() => define({ ...category, earliestExitAfterMonths: 48 })).toThrow(DomainRuleError);
    expect(() => define({ ...category, list: 'RED' }, define(category))).toThrow(/cannot move it/);
  });
});

describe('linkage unit catalog (versioned)', () => {
  it('versions a unit on each change of name or contact', () => {
    const unit = { code: '11450100007712350A', name: '市市场监督管理局' };
    const v1 = unitSpec.given([]).when({ type: 'DefineLinkageUnit', data: unit }).events();
    expect(v1[0].data).toEqual({ ...unit, unitVersion: 1 });
    unitSpec.given(v1).when({ type: 'DefineLinkageUnit', data: unit }).then([]);
    expect(unitSpec.given(v1).when({ type: 'DefineLinkageUnit', data: { ...unit, contact: '0771-1234567' } }).events()[0].data.unitVersion).toBe(2);
  });
});
