/**
 * A measure of the catalog (联合奖惩措施): one stream per measure, `measure-<code>`, reference
 * data (no subject). Pure: codes arrive normalised and checked.
 */
import type { MeasureDefinedV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';
import { DomainRuleError } from '@credit/platform';

export type MeasureEvent = { type: 'joint-punishment.measure-defined'; data: MeasureDefinedV1 };
export type MeasureCommand = { type: 'DefineMeasure'; data: MeasureDefinedV1 };
export type MeasureState = { status: 'UNDEFINED' } | { status: 'DEFINED'; measure: MeasureDefinedV1 };

export class MeasureAlreadyDefined extends Error {
  constructor(readonly code: string) {
    super(`measure ${code} is already in the catalog`);
  }
}

/** Black list entries bring punishments, red list entries incentives (domain.md §5). */
const LIST_OF_KIND = { PUNISHMENT: 'BLACK', INCENTIVE: 'RED' } as const;

export const measureDecider: Decider<MeasureCommand, MeasureEvent, MeasureState> = {
  initialState: () => ({ status: 'UNDEFINED' }),

  decide(command, state) {
    if (state.status === 'DEFINED') throw new MeasureAlreadyDefined(command.data.code);
    const measure = command.data;
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
    return [
      {
        type: 'joint-punishment.measure-defined',
        data: { ...measure, unitCodes: [...new Set(measure.unitCodes)], scenarios: [...new Set(measure.scenarios)] },
      },
    ];
  },

  evolve(state, event) {
    return event.type === 'joint-punishment.measure-defined' ? { status: 'DEFINED', measure: event.data } : state;
  },
};

export const measureStream = (code: string): string => `measure-${code}`;
