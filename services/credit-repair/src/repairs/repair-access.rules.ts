/**
 * Who may decide and who may read a repair application (谁认定、谁修复), in one place. Pure: the
 * caller loads the application with the unit that decided its target and passes the verified
 * principal; this says who the caller acts as, or why it is refused. The service turns a refusal
 * into a 403.
 *
 * - Deciding: a reviewer of the unit that decided the target (the penalty's authority, the list
 *   entry's initiating unit); a reviewer of the credit office, when one is configured, for any
 *   repair; a reviewer who is also an administrator. Never the applicant itself, whatever its roles:
 *   a subject cannot clear its own record.
 * - Reading: the subject itself, the unit that must decide, the credit office, `ops` and `admin`.
 */
import type { RepairTargetType } from '@credit/contracts';
import { isDecidingUnit, readsEveryUnit, sameUnit as sameUnitCode, type Principal } from '@credit/credit-rules';

/** What access to an application is judged from. */
export interface ApplicationAccess {
  applicationId: string;
  subjectKey: string;
  /** The USCC of an organisation; null for a natural person (who has no department token). */
  subjectCode: string | null;
  target: { type: RepairTargetType; id: string };
  /**
   * The unit that decided the target: the penalty's authority or the list entry's initiating unit.
   * Null when credit-repair does not know it (the record was projected before the unit was kept).
   */
  decidingUnitCode: string | null;
}

export interface AccessSettings {
  /** The credit office (信用办), whose reviewers may decide any repair; undefined when not configured. */
  creditOfficeUnitCode?: string;
}

export type DeciderRole = 'deciding-unit' | 'credit-office' | 'admin';
export type ReaderRole = 'subject' | DeciderRole | 'ops';

export type AccessDecision<R extends string> = { allowed: true; as: R } | { allowed: false; reason: string };

/** The credit rules' comparison of unit codes, where a unit that is not known matches none. */
export const sameUnit = (a: string | null | undefined, b: string | null | undefined): boolean => !!a && !!b && sameUnitCode(a, b);

/** A department token whose `sub` is the subject's USCC is the subject itself. */
export const isTheSubject = (principal: Principal, application: Pick<ApplicationAccess, 'subjectKey' | 'subjectCode'>): boolean =>
  sameUnit(principal.departmentCode, application.subjectCode) || sameUnit(principal.departmentCode, application.subjectKey);

const targetName = (target: ApplicationAccess['target']): string => (target.type === 'PENALTY' ? `penalty ${target.id}` : `list entry ${target.id}`);

const isCreditOffice = (principal: Principal, settings: AccessSettings): boolean => sameUnit(principal.departmentCode, settings.creditOfficeUnitCode);

/** Whether the caller may approve or reject the application, and as whom. */
export function decisionAccess(principal: Principal, application: ApplicationAccess, settings: AccessSettings): AccessDecision<DeciderRole> {
  if (!principal.roles.includes('reviewer')) {
    return { allowed: false, reason: 'only a reviewer decides a repair application' };
  }
  // Checked before any other grant: an applicant holding admin or the credit office's code still may not.
  if (isTheSubject(principal, application)) {
    return { allowed: false, reason: `department ${principal.departmentCode} is the applicant of repair application ${application.applicationId} and may not decide it` };
  }
  if (principal.roles.includes('admin')) return { allowed: true, as: 'admin' };
  if (isCreditOffice(principal, settings)) return { allowed: true, as: 'credit-office' };
  const what = targetName(application.target);
  if (application.decidingUnitCode === null) {
    // Fail closed: without the deciding unit, nobody can show they are it.
    return {
      allowed: false,
      reason: `the deciding unit of ${what} is unknown to credit repair: only the credit office or an administrator may decide repair application ${application.applicationId}`,
    };
  }
  if (isDecidingUnit(principal.departmentCode, application.decidingUnitCode)) return { allowed: true, as: 'deciding-unit' };
  return {
    allowed: false,
    reason: `${what} was decided by ${application.decidingUnitCode}: only its reviewers decide its repair (谁认定、谁修复), not department ${principal.departmentCode}`,
  };
}

/** Whether the caller may read the application, and as whom. */
export function readAccess(principal: Principal, application: ApplicationAccess, settings: AccessSettings): AccessDecision<ReaderRole> {
  if (readsEveryUnit(principal)) return { allowed: true, as: principal.roles.includes('admin') ? 'admin' : 'ops' };
  if (isTheSubject(principal, application)) return { allowed: true, as: 'subject' };
  if (isCreditOffice(principal, settings)) return { allowed: true, as: 'credit-office' };
  if (isDecidingUnit(principal.departmentCode, application.decidingUnitCode)) return { allowed: true, as: 'deciding-unit' };
  return {
    allowed: false,
    reason: `repair application ${application.applicationId} is shown only to its subject, the unit that decides it, the credit office, ops and administrators`,
  };
}

/** The units an application belongs to: a read by any other (ops, admin, the credit office) is put on record. */
export const owningUnits = (application: ApplicationAccess): string[] =>
  [application.subjectCode, application.decidingUnitCode].filter((code): code is string => code !== null);
