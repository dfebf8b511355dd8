/**
 * A measure of the catalog (联合奖惩措施), versioned like the list categories and linkage units:
 * one stream per measure, `measure-<code>`, reference data (no subject). Posting a code again with
 * changed content defines version n+1; the same content again changes nothing. Pure: codes arrive
 * normalised and checked.
 *
 * A revision never rewrites what entries already have: an application records the version it was
 * made under and stays as it is until its entry exits, when it is lifted like any other. So a
 * revision that drops a linkage unit leaves that unit's applications of entries already in force
 * APPLIED (the unit keeps applying and reporting on them, and acknowledges their lift at the exit:
 * nothing is orphaned); only entries listed afterwards follow the new version, without that unit.
 * A unit added by a revision likewise applies the measure to entries listed from then on.
 */
import type { MeasureDefinedV1, MeasureDefinedV2 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';
import { DomainRuleError } from '@credit/credit-rules';

/** The content of a definition: the event without its version. */
export type MeasureContent = MeasureDefinedV1;
export type MeasureEvent = { type: 'joint-punishment.measure-defined'; version: 2; data: MeasureDefinedV2 };
export type MeasureCommand = { type: 'DefineMeasure'; data: MeasureContent };
export type MeasureState = { status: 'UNDEFINED' } | { status: 'DEFINED'; current: MeasureDefinedV2 };

/** Black list entries bring punishments, red list entries incentives (domain.md §5). */
const LIST_OF_KIND = { PUNISHMENT: 'BLACK', INCENTIVE: 'RED' } as const;

/** The content two definitions are compared on (sets compared as sets, an absent category as none). */
function contentOf(m: MeasureContent): string {
  return JSON.stringify([m.name, m.kind, m.appliesTo, m.category ?? null, [...m.unitCodes].sort(), [...m.scenarios].sort(), m.legalBasis]);
}

export const measureDecider: Decider<MeasureCommand, MeasureEvent, MeasureState> = {
  initialState: () => ({ status: 'UNDEFINED' }),

  decide(command, state) {
    const measure = { ...command.data, unitCodes: [...new Set(command.data.unitCodes)], scenarios: [...new Set(command.data.scenarios)] };
    // Measures are taken "only with a legal basis" (domain.md §5).
    if (measure.legalBasis.trim().length === 0) {
      throw new DomainRuleError('a measure enters the catalog only with its legal basis (domain.md §5)', { rule: 'measure.legal-basis-required' });
    }
    if (LIST_OF_KIND[measure.kind] !== measure.appliesTo) {
      throw new DomainRuleError(
        `a ${measure.kind} measure follows the ${LIST_OF_KIND[measure.kind]} list, not the ${measure.appliesTo} list: ` +
          'punishments follow black list entries, incentives red list entries',
        { rule: 'measure.kind-matches-list' },
      );
    }
    if (state.status === 'UNDEFINED') return [{ type: 'joint-punishment.measure-defined', version: 2, data: { ...measure, measureVersion: 1 } }];
    // Entries already carry the measure as a punishment of a black entry (or an incentive of a red
    // one): a revision cannot turn it into the other kind.
    if (state.current.appliesTo !== measure.appliesTo) {
      throw new DomainRuleError(`measure ${measure.code} follows the ${state.current.appliesTo} list; a new version cannot move it to ${measure.appliesTo}`, {
        rule: 'measure.list-fixed',
      });
    }
    if (contentOf(state.current) === contentOf(measure)) return [];
    return [{ type: 'joint-punishment.measure-defined', version: 2, data: { ...measure, measureVersion: state.current.measureVersion + 1 } }];
  },

  evolve(state, event) {
    if (event.type !== 'joint-punishment.measure-defined') return state;
    // Definitions stored before versioning (v1) were each the first of their code.
    return { status: 'DEFINED', current: { ...event.data, measureVersion: event.data.measureVersion ?? 1 } };
  },
};

export const measureStream = (code: string): string => `measure-${code}`;
