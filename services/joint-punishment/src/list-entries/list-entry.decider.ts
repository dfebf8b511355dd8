/**
 * A red or black list entry (名单) and the measures applied because of it: one stream per entry,
 * `list-entry-<id>`, keyed by the listed subject. The closed loop of domain.md §5 in one place:
 * 认定发起 (created) → 响应实施 (one application per catalog measure and linkage unit) →
 * 修复退出 (exited, then every applied measure lifted exactly once). Pure: no Nest, no I/O.
 */
import type {
  ListEntryCreatedV1,
  ListEntryExitedV2,
  ListExitTrigger,
  ListKind,
  MeasureAppliedV1,
  MeasureLiftedV1,
  SubjectNotifiedV1,
} from '@credit/contracts';
import type { Decider } from '@credit/event-store';
import { addDays, addMonths, StateConflictError, type Principal } from '@credit/credit-rules';
import { mayDecideExit, NotInitiatingUnit } from './list-entry.rules';

export type ListEntryEvent =
  | { type: 'joint-punishment.list-entry-created'; data: ListEntryCreatedV1 }
  // version 2 names the catalog version applied; applications stored before versioning (v1) lack it and were under version 1.
  | { type: 'joint-punishment.measure-applied'; version?: number; data: MeasureAppliedV1 & { measureVersion?: number } }
  // version 2 only for an EXPIRY exit (see listEntryExitedV2 in the contract); absent means 1.
  | { type: 'joint-punishment.list-entry-exited'; version?: number; data: ListEntryExitedV2 }
  | { type: 'joint-punishment.measure-lifted'; data: MeasureLiftedV1 }
  | { type: 'joint-punishment.subject-notified'; data: SubjectNotifiedV1 };

/** What the decider needs to know of a catalog measure to decide whether an entry brings it. */
export interface CatalogMeasure {
  code: string;
  /** The catalog version current at the listing (default 1): the application keeps it through later revisions. */
  version?: number;
  appliesTo: ListKind;
  category?: string;
  unitCodes: string[];
  /** Name and legal basis, for the notice to the subject. */
  name?: string;
  legalBasis?: string;
}

/** What the notice to the listed subject says of the category (from the list-category catalog). */
export interface NoticeCategory {
  name: string;
  earliestExitAfterMonths?: number;
  autoExitAfterMonths?: number;
}

/** How a listed subject applies for repair (信用修复, domain.md §4): 谁认定、谁修复. */
export const HOW_TO_APPLY_FOR_REPAIR =
  'Apply for credit repair (信用修复) to the deciding unit once the violation is corrected, the legal obligations are ' +
  'performed and a credit repair commitment (信用修复型承诺) is signed; the deciding unit decides (谁认定、谁修复).';

export type ListEntryCommand =
  | { type: 'CreateListEntry'; data: { entry: ListEntryCreatedV1; catalog: CatalogMeasure[]; notice?: NoticeCategory } }
  | {
      type: 'ExitListEntry';
      /** `decidedBy`: the caller of an exit by DECISION; the other triggers are the platform's own. */
      data: { trigger: ListExitTrigger; reason: string; exitedOn: string; repairApplicationId?: string; decidedBy?: Principal };
    };

export interface MeasureApplication {
  measureCode: string;
  unitCode: string;
}

/** An application as the listing makes it: under the measure's current catalog version. */
export interface VersionedApplication extends MeasureApplication {
  measureVersion: number;
}

export type ListEntryState =
  | { status: 'NONE' }
  | { status: 'IN_FORCE'; listEntryId: string; initiatingUnitCode: string; basisRecordIds: string[]; applied: MeasureApplication[] }
  | { status: 'EXITED'; listEntryId: string; initiatingUnitCode: string; basisRecordIds: string[]; applied: MeasureApplication[]; exit: ListEntryExitedV2 };

export class ListEntryNotFound extends Error {
  constructor() {
    super('no list entry with this id');
  }
}

/**
 * The measures a new entry brings: every catalog measure following the entry's list, limited to
 * its category when the measure names one, once for each of its linkage units.
 */
export function applicableMeasures(catalog: CatalogMeasure[], list: ListKind, category: string): VersionedApplication[] {
  return [...catalog]
    .filter((m) => m.appliesTo === list && (m.category === undefined || m.category === category))
    .sort((a, b) => a.code.localeCompare(b.code))
    .flatMap((m) => [...new Set(m.unitCodes)].map((unitCode) => ({ measureCode: m.code, unitCode, measureVersion: m.version ?? 1 })));
}

/**
 * A penalty repaired or withdrawn from publicity takes off the list the entries resting on that
 * record alone; an entry whose basis names other records still stands on them.
 */
export function restsOnlyOn(basisRecordIds: readonly string[], recordId: string): boolean {
  return basisRecordIds.length > 0 && basisRecordIds.every((id) => id === recordId);
}

export const listEntryDecider: Decider<ListEntryCommand, ListEntryEvent, ListEntryState> = {
  initialState: () => ({ status: 'NONE' }),

  decide(command, state) {
    switch (command.type) {
      case 'CreateListEntry': {
        if (state.status !== 'NONE') throw new Error(`list entry ${state.listEntryId} already exists`);
        const { entry, catalog, notice } = command.data;
        const listEntryId = entry.listEntryId;
        const created = { ...entry, basis: { ...entry.basis, recordIds: [...new Set(entry.basis.recordIds)] } };
        const applications = applicableMeasures(catalog, entry.list, entry.category);
        return [
          { type: 'joint-punishment.list-entry-created', data: created },
          ...applications.map((application): ListEntryEvent => ({ type: 'joint-punishment.measure-applied', version: 2, data: { listEntryId, ...application } })),
          ...(notice === undefined ? [] : [{ type: 'joint-punishment.subject-notified' as const, data: subjectNotice(created, applications, catalog, notice) }]),
        ];
      }
      case 'ExitListEntry': {
        if (state.status === 'NONE') throw new ListEntryNotFound();
        // Who may decide comes before what the entry's state allows: a third department learns
        // nothing of the entry's state from the refusal.
        if (command.data.trigger === 'DECISION') {
          const { decidedBy } = command.data;
          if (decidedBy === undefined || !mayDecideExit(decidedBy, state.initiatingUnitCode)) throw new NotInitiatingUnit(state.listEntryId, state.initiatingUnitCode);
        }
        if (state.status === 'EXITED') {
          // A repair or withdrawal reaching an entry already off the list has nothing left to do:
          // its measures were lifted once, when it exited, and are never lifted again.
          if (command.data.trigger !== 'DECISION') return [];
          // Waiting will not change this: the entry stays exited (409, not a rule that may later allow it).
          throw new StateConflictError(
            `list entry ${state.listEntryId} already exited the list on ${state.exit.exitedOn} (${state.exit.trigger}); its measures are lifted`,
            { rule: 'list-entry.already-exited' },
          );
        }
        const { listEntryId } = state;
        return [
          {
            type: 'joint-punishment.list-entry-exited',
            ...(command.data.trigger === 'EXPIRY' && { version: 2 }),
            data: {
              listEntryId,
              trigger: command.data.trigger,
              reason: command.data.reason,
              exitedOn: command.data.exitedOn,
              ...(command.data.repairApplicationId !== undefined && { repairApplicationId: command.data.repairApplicationId }),
            },
          },
          ...state.applied.map((application): ListEntryEvent => ({ type: 'joint-punishment.measure-lifted', data: { listEntryId, ...application } })),
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'joint-punishment.list-entry-created':
        return {
          status: 'IN_FORCE',
          listEntryId: event.data.listEntryId,
          initiatingUnitCode: event.data.initiatingUnit.code,
          basisRecordIds: event.data.basis.recordIds,
          applied: [],
        };
      case 'joint-punishment.measure-applied':
        return state.status === 'NONE'
          ? state
          : { ...state, applied: [...state.applied, { measureCode: event.data.measureCode, unitCode: event.data.unitCode }] };
      case 'joint-punishment.list-entry-exited':
        return state.status === 'NONE' ? state : { ...state, status: 'EXITED', exit: event.data };
      case 'joint-punishment.measure-lifted':
        return state.status === 'NONE'
          ? state
          : {
              ...state,
              applied: state.applied.filter((a) => !(a.measureCode === event.data.measureCode && a.unitCode === event.data.unitCode)),
            };
      default:
        return state;
    }
  },
};

/** The notice (告知) to the listed subject: category, basis, each unit's measure, and the way out. */
export function subjectNotice(entry: ListEntryCreatedV1, applications: MeasureApplication[], catalog: CatalogMeasure[], category: NoticeCategory): SubjectNotifiedV1 {
  const byCode = new Map(catalog.map((m) => [m.code, m]));
  const automaticExitOn =
    entry.validUntil !== undefined
      ? addDays(entry.validUntil, 1)
      : category.autoExitAfterMonths !== undefined
        ? addMonths(entry.decidedOn, category.autoExitAfterMonths)
        : undefined;
  return {
    listEntryId: entry.listEntryId,
    subjectCode: entry.subjectCode,
    maskedCode: entry.maskedCode,
    list: entry.list,
    category: entry.category,
    categoryName: category.name,
    basis: entry.basis,
    decidedOn: entry.decidedOn,
    ...(entry.validUntil !== undefined && { validUntil: entry.validUntil }),
    measures: applications.map((a) => ({
      measureCode: a.measureCode,
      name: byCode.get(a.measureCode)?.name ?? a.measureCode,
      unitCode: a.unitCode,
      legalBasis: byCode.get(a.measureCode)?.legalBasis ?? '—',
    })),
    repair: {
      ...(category.earliestExitAfterMonths !== undefined && { earliestApplicationOn: addMonths(entry.decidedOn, category.earliestExitAfterMonths) }),
      ...(automaticExitOn !== undefined && { automaticExitOn }),
      howToApply: HOW_TO_APPLY_FOR_REPAIR,
    },
  };
}

export const listEntryStream = (id: string): string => `list-entry-${id}`;
