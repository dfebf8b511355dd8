/**
 * Who may give, revoke and read an authorization, and the checks of a grant. Pure.
 *
 * A legal person (or other organisation, individual business) authorizes with its own token: the
 * token's `sub` is the subject's USCC. A natural person has no platform token: the person's will is
 * established by a real-name channel (the city's 政务服务 app, a unit listed in
 * PERSONAL_AUTHORIZATION_CHANNELS) that verified the person's identity and passes the ID number and
 * its verification reference. Nobody else (no department, no administrator) authorizes for a subject.
 */
import type { AuthorizationGrantedV1, FieldError } from '@credit/contracts';
import { addDays, readsEveryUnit, sameUnit, type Principal, type ResolvedSubjectCode } from '@credit/credit-rules';
import { isIsoDate, maskIdNumbersInText, normalizeUnitCode } from '@credit/domain-kernel';
import type { GrantAuthorizationDto } from './authorization.dto';

type Resolved = Extract<ResolvedSubjectCode, { ok: true }>;

/** How the caller speaks for the subject, or why it does not (→ 403). */
export type SubjectVoice = { ok: true; channel: 'SUBJECT_TOKEN' | 'REAL_NAME_CHANNEL' } | { ok: false; message: string };

export function voiceOfSubject(principal: Principal, subject: Resolved, channels: readonly string[]): SubjectVoice {
  if (subject.kind === 'NATURAL_PERSON') {
    if (channels.some((channel) => sameUnit(principal.departmentCode, channel))) return { ok: true, channel: 'REAL_NAME_CHANNEL' };
    return { ok: false, message: `a natural person authorizes only through a real-name channel (PERSONAL_AUTHORIZATION_CHANNELS); ${principal.departmentCode} is not one` };
  }
  if (subject.subjectCode !== null && sameUnit(principal.departmentCode, subject.subjectCode)) return { ok: true, channel: 'SUBJECT_TOKEN' };
  return { ok: false, message: `only the subject ${subject.subjectCode} itself (its own token) authorizes access to its credit information; ${principal.departmentCode} may not` };
}

/** Whether the caller reads a subject's authorizations and query log: the subject (or its channel), ops and admin. */
export const readsSubjectAuthorizations = (principal: Principal, voice: SubjectVoice): boolean => voice.ok || readsEveryUnit(principal);

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function checkGrant(
  dto: GrantAuthorizationDto,
  authorizationId: string,
  subject: Resolved,
  options: { today: string; maxDays: number; channel: 'SUBJECT_TOKEN' | 'REAL_NAME_CHANNEL'; channelUnitCode: string },
): Checked<AuthorizationGrantedV1> {
  const errors: FieldError[] = [];
  const institutionCode = normalizeUnitCode(dto.institution.code);
  if (institutionCode === null) errors.push({ field: 'institution.code', message: 'must be a unified social credit code (GB 32100) with a valid check character' });
  else if (subject.subjectCode !== null && sameUnit(institutionCode, subject.subjectCode)) errors.push({ field: 'institution.code', message: 'a subject does not authorize itself' });
  if (!isIsoDate(dto.validFrom)) errors.push({ field: 'validFrom', message: 'validFrom must be a real calendar date' });
  else if (dto.validFrom < options.today) errors.push({ field: 'validFrom', message: `an authorization is not backdated: validFrom must be today (${options.today}) or later` });
  if (!isIsoDate(dto.validUntil)) errors.push({ field: 'validUntil', message: 'validUntil must be a real calendar date' });
  else if (isIsoDate(dto.validFrom)) {
    if (dto.validUntil < dto.validFrom) errors.push({ field: 'validUntil', message: 'validUntil must not be before validFrom' });
    else if (dto.validUntil > addDays(dto.validFrom, options.maxDays - 1)) {
      errors.push({ field: 'validUntil', message: `an authorization lasts at most ${options.maxDays} days (MAX_AUTHORIZATION_DAYS): validUntil at the latest ${addDays(dto.validFrom, options.maxDays - 1)}` });
    }
  }
  if (options.channel === 'REAL_NAME_CHANNEL' && dto.identityVerification === undefined) {
    errors.push({ field: 'identityVerification', message: "a natural person's authorization carries the real-name channel's identity verification" });
  }
  if (institutionCode === null || errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      authorizationId,
      subject: { kind: subject.kind, code: subject.subjectCode, maskedCode: subject.maskedCode },
      institution: { name: maskIdNumbersInText(dto.institution.name.trim()), code: institutionCode },
      purpose: dto.purpose,
      categories: [...dto.categories],
      validFrom: dto.validFrom,
      validUntil: dto.validUntil,
      deliverToLoanPlatforms: dto.deliverToLoanPlatforms ?? false,
      grantedThrough: {
        channel: options.channel,
        unitCode: options.channelUnitCode,
        ...(dto.identityVerification !== undefined && { verificationReference: dto.identityVerification.reference.trim() }),
      },
    },
  };
}
