/**
 * The credit subject aggregate (信用主体): one stream per subject, `subject-<subjectKey>`.
 * Pure: no Nest, no I/O. Codes arrive already normalised and checked, and a natural person's
 * ID number never reaches this module: only its subject key and masked form do.
 */
import type { LegacyCode, LegacyCodeScheme, SubjectKind, SubjectRegisteredV1 } from '@credit/contracts';
import type { Decider } from '@credit/event-store';

export type { LegacyCode, SubjectKind } from '@credit/contracts';
export type LegacyScheme = LegacyCodeScheme;
export type SubjectRegisteredData = SubjectRegisteredV1;

export type SubjectEvent =
  | { type: 'subject-registry.subject-registered'; data: SubjectRegisteredData }
  | { type: 'subject-registry.legacy-code-added'; data: LegacyCode }
  | {
      type: 'subject-registry.code-quality-finding-recorded';
      data: { finding: 'DUPLICATE_CODE'; field: string; detail: string };
    };

export type SubjectCommand =
  | { type: 'RegisterSubject'; data: SubjectRegisteredData }
  | { type: 'AddLegacyCode'; data: LegacyCode }
  /** Another registration claims this subject's code under a different name (重码). */
  | { type: 'RecordDuplicateClaim'; data: { claimedName: string } };

export type SubjectState =
  | { status: 'UNKNOWN' }
  | { status: 'REGISTERED'; kind: SubjectKind; name: string; legacyCodes: LegacyCode[] };

export class SubjectAlreadyRegistered extends Error {
  constructor(readonly sameName: boolean) {
    super('a subject with this code is already registered');
  }
}
export class SubjectNotRegistered extends Error {
  constructor() {
    super('no subject is registered under this code');
  }
}

const sameLegacyCode = (a: LegacyCode, b: LegacyCode) => a.scheme === b.scheme && a.value === b.value;

export const subjectDecider: Decider<SubjectCommand, SubjectEvent, SubjectState> = {
  initialState: () => ({ status: 'UNKNOWN' }),

  decide(command, state) {
    switch (command.type) {
      case 'RegisterSubject': {
        if (state.status === 'REGISTERED') {
          throw new SubjectAlreadyRegistered(state.name === command.data.name);
        }
        const legacyCodes = command.data.legacyCodes.filter(
          (code, i, all) => all.findIndex((other) => sameLegacyCode(code, other)) === i,
        );
        return [{ type: 'subject-registry.subject-registered', data: { ...command.data, legacyCodes } }];
      }
      case 'AddLegacyCode': {
        if (state.status !== 'REGISTERED') throw new SubjectNotRegistered();
        // Adding a mapping the subject already has is a no-op, so a department may re-send its feed.
        if (state.legacyCodes.some((code) => sameLegacyCode(code, command.data))) return [];
        return [{ type: 'subject-registry.legacy-code-added', data: command.data }];
      }
      case 'RecordDuplicateClaim': {
        if (state.status !== 'REGISTERED') throw new SubjectNotRegistered();
        // The same code submitted for the same subject again is a re-send, not 重码.
        if (state.name === command.data.claimedName) return [];
        return [
          {
            type: 'subject-registry.code-quality-finding-recorded',
            data: {
              finding: 'DUPLICATE_CODE',
              field: 'code',
              detail: `code also submitted for a subject named "${command.data.claimedName}"`,
            },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'subject-registry.subject-registered':
        return {
          status: 'REGISTERED',
          kind: event.data.kind,
          name: event.data.name,
          legacyCodes: event.data.legacyCodes,
        };
      case 'subject-registry.legacy-code-added':
        return state.status === 'REGISTERED'
          ? { ...state, legacyCodes: [...state.legacyCodes, event.data] }
          : state;
      default:
        return state;
    }
  },
};

export const subjectStream = (subjectKey: string): string => `subject-${subjectKey}`;
