/**
 * The versioned catalogs of list categories (名单类别) and linkage units (联动单位), domain.md §5:
 * one stream per entry, `list-category-<code>` and `linkage-unit-<code>`, reference data (no
 * subject). Posting an entry again with changed content defines version n+1; the same content again
 * changes nothing. Pure: codes arrive normalised and checked.
 */
import type { LinkageUnitDefinedV1, ListCategoryDefinedV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';
import { DomainRuleError } from '@credit/credit-rules';

export type ListCategoryContent = Omit<ListCategoryDefinedV1, 'categoryVersion'>;
export type ListCategoryEvent = { type: 'joint-punishment.list-category-defined'; data: ListCategoryDefinedV1 };
export type ListCategoryCommand = { type: 'DefineListCategory'; data: ListCategoryContent };
export type ListCategoryState = { status: 'UNDEFINED' } | { status: 'DEFINED'; current: ListCategoryDefinedV1 };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const categoryContent = (c: ListCategoryContent): unknown[] => [
  c.name,
  c.list,
  c.legalBasis,
  [...(c.decidingUnitKinds ?? [])].sort(),
  c.earliestExitAfterMonths ?? null,
  c.autoExitAfterMonths ?? null,
];

export const listCategoryDecider: Decider<ListCategoryCommand, ListCategoryEvent, ListCategoryState> = {
  initialState: () => ({ status: 'UNDEFINED' }),

  decide(command, state) {
    const category = command.data;
    if (category.legalBasis.trim().length === 0) {
      throw new DomainRuleError('a list category enters the catalog only with its legal basis (domain.md §5)', { rule: 'list-category.legal-basis-required' });
    }
    // SAMR Order 44: removal may be applied for after the earliest term; the automatic exit comes later.
    if (
      category.earliestExitAfterMonths !== undefined &&
      category.autoExitAfterMonths !== undefined &&
      category.earliestExitAfterMonths > category.autoExitAfterMonths
    ) {
      throw new DomainRuleError('earliestExitAfterMonths must not exceed autoExitAfterMonths: the earliest removal comes before the automatic one', {
        rule: 'list-category.exit-terms-ordered',
      });
    }
    if (state.status === 'UNDEFINED') return [{ type: 'joint-punishment.list-category-defined', data: { ...category, categoryVersion: 1 } }];
    // Entries already listed under the category keep their list: a category never changes sides.
    if (state.current.list !== category.list) {
      throw new DomainRuleError(`list category ${category.code} belongs to the ${state.current.list} list; a new version cannot move it to ${category.list}`, {
        rule: 'list-category.list-fixed',
      });
    }
    if (same(categoryContent(state.current), categoryContent(category))) return [];
    return [{ type: 'joint-punishment.list-category-defined', data: { ...category, categoryVersion: state.current.categoryVersion + 1 } }];
  },

  evolve(state, event) {
    return event.type === 'joint-punishment.list-category-defined' ? { status: 'DEFINED', current: event.data } : state;
  },
};

export type LinkageUnitContent = Omit<LinkageUnitDefinedV1, 'unitVersion'>;
export type LinkageUnitEvent = { type: 'joint-punishment.linkage-unit-defined'; data: LinkageUnitDefinedV1 };
export type LinkageUnitCommand = { type: 'DefineLinkageUnit'; data: LinkageUnitContent };
export type LinkageUnitState = { status: 'UNDEFINED' } | { status: 'DEFINED'; current: LinkageUnitDefinedV1 };

export const linkageUnitDecider: Decider<LinkageUnitCommand, LinkageUnitEvent, LinkageUnitState> = {
  initialState: () => ({ status: 'UNDEFINED' }),

  decide(command, state) {
    const unit = command.data;
    if (state.status === 'DEFINED' && same([state.current.name, state.current.contact ?? null], [unit.name, unit.contact ?? null])) return [];
    const unitVersion = state.status === 'DEFINED' ? state.current.unitVersion + 1 : 1;
    return [{ type: 'joint-punishment.linkage-unit-defined', data: { ...unit, unitVersion } }];
  },

  evolve(state, event) {
    return event.type === 'joint-punishment.linkage-unit-defined' ? { status: 'DEFINED', current: event.data } : state;
  },
};

export const listCategoryStream = (code: string): string => `list-category-${code}`;
export const linkageUnitStream = (code: string): string => `linkage-unit-${code}`;
