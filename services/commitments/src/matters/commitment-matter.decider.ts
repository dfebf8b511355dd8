/**
 * A matter of a department's list of commitment matters (承诺事项清单, domain.md §6): one stream per
 * department and matter code, `commitment-matter-<department>-<code>`, reference data (no subject).
 * Versioned: posting the matter again with changed content registers version n+1 (the commitments
 * signed before keep the version they were signed under); the same content again changes nothing.
 * Pure: codes arrive normalised and checked.
 */
import type { CommitmentMatterRegisteredV1 } from '@credit/contracts';
import { DomainRuleError, StateConflictError } from '@credit/credit-rules';
import type { Decider } from '@credit/event-store';

export type CommitmentMatterContent = Omit<CommitmentMatterRegisteredV1, 'matterVersion'>;

export type CommitmentMatterEvent = { type: 'commitments.matter-registered'; data: CommitmentMatterRegisteredV1 };
/** `expectedVersion`: the version the caller read (0: none yet); a stale one is refused (409). */
export type CommitmentMatterCommand = { type: 'RegisterMatter'; data: CommitmentMatterContent; expectedVersion?: number };
export type CommitmentMatterState = { status: 'UNREGISTERED' } | { status: 'REGISTERED'; current: CommitmentMatterRegisteredV1 };

const canonical = (m: CommitmentMatterContent): string =>
  JSON.stringify([m.departmentName, m.name, m.type, m.legalBasis, m.template, m.verification.workingDays, m.verification.evidenceRequired, m.consequenceOnBreach, m.public]);
const sameContent = (a: CommitmentMatterContent, b: CommitmentMatterContent): boolean => canonical(a) === canonical(b);

export const commitmentMatterDecider: Decider<CommitmentMatterCommand, CommitmentMatterEvent, CommitmentMatterState> = {
  initialState: () => ({ status: 'UNREGISTERED' }),

  decide(command, state) {
    const matter = command.data;
    const currentVersion = state.status === 'REGISTERED' ? state.current.matterVersion : 0;
    if (command.expectedVersion !== undefined && command.expectedVersion !== currentVersion) {
      throw new StateConflictError(
        `matter ${matter.code} of ${matter.departmentCode} is at version ${currentVersion}, not ${command.expectedVersion}: read it again`,
        { rule: 'matter-version-stale' },
      );
    }
    // domain.md §4: a repair requires a public commitment, so a 信用修复型 matter is public.
    if (matter.type === 'CREDIT_REPAIR' && !matter.public) {
      throw new DomainRuleError('a CREDIT_REPAIR (信用修复型) matter must be public: a repair requires a public commitment (domain.md §4)', {
        rule: 'credit-repair-commitment-public',
      });
    }
    if (state.status === 'REGISTERED' && sameContent(state.current, matter)) return [];
    return [{ type: 'commitments.matter-registered', data: { ...matter, matterVersion: currentVersion + 1 } }];
  },

  evolve(state, event) {
    return event.type === 'commitments.matter-registered' ? { status: 'REGISTERED', current: event.data } : state;
  },
};

export const commitmentMatterStream = (departmentCode: string, code: string): string => `commitment-matter-${departmentCode}-${code}`;
