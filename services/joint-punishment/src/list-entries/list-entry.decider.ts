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
} from '@credit/contracts';
import type { Decider } from '@credit/event-store';
import { DomainRuleError } from '@credit/platform';

export type ListEntryEvent =
  | { type: 'joint-punishment.list-entry-created'; data: ListEntryCreatedV1 }
  | { type: 'joint-punishment.measure-applied'; data: MeasureAppliedV1 }
  // version 2 only for an EXPIRY exit (see listEntryExitedV2 in the contract); absent means 1.
  | { type: 'joint-punishment.list-entry-exited'; version?: number; data: ListEntryExitedV2 }
  | { type: 'joint-punishment.measure-lifted'; data: MeasureLiftedV1 };

/** What the decider needs to know of a catalog measure to decide whether an entry brings it. */
export interface CatalogMeasure {
  code: string;
  appliesTo: ListKind;
  category?: string;
  unitCodes: string[];
}

export type ListEntryCommand =
  | { type: 'CreateListEntry'; data: { entry: ListEntryCreatedV1; catalog: CatalogMeasure[] } }
  | {
      type: 'ExitListEntry';
      data: { trigger: ListExitTrigger; reason: string; exitedOn: string; repairApplicationId?: string };
    };

export interface MeasureApplication {
  measureCode: string;
  unitCode: string;
}

export type ListEntryState =
  | { status: 'NONE' }
  | { status: 'IN_FORCE'; listEntryId: string; basisRecordIds: string[]; applied: MeasureApplication[] }
  | { status: 'EXITED'; listEntryId: string; basisRecordIds: string[]; applied: MeasureApplication[]; exit: ListEntryExitedV2 };

export class ListEntryNotFound extends Error {
  constructor() {
    super('no list entry with this id');
  }
}

/**
 * The measures a new entry brings: every catalog measure following the entry's list, limited to
 * its category when the measure names one, once for each of its linkage units.
 */
export function applicableMeasures(catalog: CatalogMeasure[], list: ListKind, category: string): MeasureApplication[] {
  return [...catalog]
    .filter((m) => m.appliesTo === list && (m.category === undefined || m.category === category))
    .sort((a, b) => a.code.localeCompare(b.code))
    .flatMap((m) => [...new Set(m.unitCodes)].map((unitCode) => ({ measureCode: m.code, unitCode })));
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
        const { entry, catalog } = command.data;
        const listEntryId = entry.listEntryId;
        return [
          { type: 'joint-punishment.list-entry-created', data: { ...entry, basis: { ...entry.basis, recordIds: [...new Set(entry.basis.recordIds)] } } },
          ...applicableMeasures(catalog, entry.list, entry.category).map(
            (application): ListEntryEvent => ({ type: 'joint-punishment.measure-applied', data: { listEntryId, ...application } }),
          ),
        ];
      }
      case 'ExitListEntry': {
        if (state.status === 'NONE') throw new ListEntryNotFound();
        if (state.status === 'EXITED') {
          // A repair or withdrawal reaching an entry already off the list has nothing left to do:
          // its measures were lifted once, when it exited, and are never lifted again.
          if (command.data.trigger !== 'DECISION') return [];
          throw new DomainRuleError(
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
        return { status: 'IN_FORCE', listEntryId: event.data.listEntryId, basisRecordIds: event.data.basis.recordIds, applied: [] };
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

export const listEntryStream = (id: string): string => `list-entry-${id}`;
