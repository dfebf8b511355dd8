/**
 * A matter of a department's catalog (事项目录, domain.md §2): one stream per department and matter
 * code, `catalog-matter-<department>-<code>`, reference data (no subject). Versioned: posting the
 * matter again with a changed name, kind or legal basis defines version n+1; the same content again
 * changes nothing. Pure: codes arrive normalised and checked.
 */
import type { CatalogMatterDefinedV1, CatalogMatterKind } from '@credit/contracts';
import type { Decider } from '@credit/event-store';
import { DomainRuleError } from '@credit/credit-rules';
import { neverRecordMatterIn } from './never-record.rules';

export interface CatalogMatterContent {
  departmentCode: string;
  kind: CatalogMatterKind;
  code: string;
  name: string;
  legalBasis?: string;
}

export type CatalogMatterEvent = { type: 'double-publicity.catalog-matter-defined'; data: CatalogMatterDefinedV1 };
export type CatalogMatterCommand = { type: 'DefineMatter'; data: CatalogMatterContent };
export type CatalogMatterState = { status: 'UNDEFINED' } | { status: 'DEFINED'; current: CatalogMatterDefinedV1 };

const sameContent = (a: CatalogMatterContent, b: CatalogMatterContent): boolean =>
  a.kind === b.kind && a.name === b.name && (a.legalBasis ?? null) === (b.legalBasis ?? null);

export const catalogMatterDecider: Decider<CatalogMatterCommand, CatalogMatterEvent, CatalogMatterState> = {
  initialState: () => ({ status: 'UNDEFINED' }),

  decide(command, state) {
    const matter = command.data;
    // domain.md §2: these matters are never credit information without a law, so the catalog refuses them.
    const banned = neverRecordMatterIn(matter.name);
    if (banned) {
      throw new DomainRuleError(
        `the matter "${matter.name}" concerns ${banned.label}, which may never be recorded as credit information ` +
          'without a law (domain.md §2, never-record list)',
        { rule: 'catalog.never-record' },
      );
    }
    if (state.status === 'DEFINED' && sameContent(state.current, matter)) return [];
    const matterVersion = state.status === 'DEFINED' ? state.current.matterVersion + 1 : 1;
    return [
      {
        type: 'double-publicity.catalog-matter-defined',
        data: {
          departmentCode: matter.departmentCode,
          kind: matter.kind,
          code: matter.code,
          name: matter.name,
          ...(matter.legalBasis !== undefined && { legalBasis: matter.legalBasis }),
          matterVersion,
        },
      },
    ];
  },

  evolve(state, event) {
    return event.type === 'double-publicity.catalog-matter-defined' ? { status: 'DEFINED', current: event.data } : state;
  },
};

export const catalogMatterStream = (departmentCode: string, code: string): string => `catalog-matter-${departmentCode}-${code}`;
