/**
 * Who may put a subject on a list or take it off, and what a direct listing may rest on
 * (认定发起 and 修复退出, domain.md §5). Pure: the principal comes from the verified token, the
 * facts from the read models; the callers turn a refusal into 403 or 422.
 */
import type { FieldError as ProblemField } from '@credit/contracts';
import { actsForUnit, type Principal } from '@credit/credit-rules';
import { parseIsoDate } from '@credit/domain-kernel';
import type { BasisRecordFacts } from '../nominations/basis-records.rules';

/**
 * What is wrong with the dates of a listing (a direct one or a nomination): `decidedOn` a real day
 * not after `today` (Asia/Shanghai), `validUntil`, when given, a real day not before it.
 */
export function listingDateErrors(dates: { decidedOn: string; validUntil?: string }, today: string): ProblemField[] {
  const errors: ProblemField[] = [];
  if (parseIsoDate(dates.decidedOn) === null) errors.push({ field: 'decidedOn', message: 'decidedOn must be a real calendar date (YYYY-MM-DD)' });
  else if (dates.decidedOn > today) errors.push({ field: 'decidedOn', message: 'decidedOn must not be in the future (Asia/Shanghai)' });
  if (dates.validUntil !== undefined) {
    if (parseIsoDate(dates.validUntil) === null) errors.push({ field: 'validUntil', message: 'validUntil must be a real calendar date (YYYY-MM-DD)' });
    else if (dates.validUntil < dates.decidedOn) errors.push({ field: 'validUntil', message: 'validUntil must not be before decidedOn' });
  }
  return errors;
}

/**
 * 谁认定: a department lists subjects in its own name only. The initiating unit is named in the
 * body, so without this rule any reviewer could list a subject in another department's name, and
 * that department would then be the one answering for the listing and deciding its repair.
 * Administrators may act for any unit. Returns why the caller may not, or null.
 */
export function listingInOwnNameRefusal(principal: Principal, initiatingUnitCode: string): string | null {
  if (actsForUnit(principal, initiatingUnitCode)) return null;
  return `department ${principal.departmentCode} may list subjects only in its own name: initiatingUnit.code ${initiatingUnitCode} is another unit`;
}

/**
 * 谁认定、谁修复: an entry is taken off the list by decision of the unit that put it there (or an
 * administrator). A third department cannot lift the measures another unit's listing brought.
 */
export const mayDecideExit = (principal: Principal, initiatingUnitCode: string): boolean => actsForUnit(principal, initiatingUnitCode);

/** The caller is not the entry's initiating unit: refused as the caller's, 403. */
export class NotInitiatingUnit extends Error {
  constructor(
    readonly listEntryId: string,
    readonly initiatingUnitCode: string,
  ) {
    super(`list entry ${listEntryId} was put on the list by unit ${initiatingUnitCode}; only that unit takes it off by decision`);
  }
}

export interface BasisRefusal {
  rule: string;
  errors: ProblemField[];
}

/**
 * What a direct listing may rest on: each record it names must be a penalty or commitment of the
 * listed subject that this service has received, still in publicity. An entry exits when its basis
 * records are repaired or withdrawn, so a record of another subject would let that subject's repair
 * take this entry off, and a record unknown here or already withdrawn would leave nothing to ever
 * take it off.
 *
 * A record may be unknown only because its event has not reached this service yet (双公示 publishes
 * it, this service consumes it a moment later): that refusal says so, as the same request may then
 * succeed. A record of another subject never will, so it is named first.
 */
export function listEntryBasisRefusal(subjectKey: string, recordIds: readonly string[], facts: BasisRecordFacts): BasisRefusal | null {
  const foreign: ProblemField[] = [];
  const unknown: ProblemField[] = [];
  const withdrawn: ProblemField[] = [];
  recordIds.forEach((id, i) => {
    const field = `basis.recordIds.${i}`;
    const owner = facts.subjectOf.get(id);
    if (owner === undefined) {
      unknown.push({
        field,
        message:
          `${field} ${id} is not known here yet: no penalty or commitment with this id has reached joint-punishment. ` +
          'If it was recorded only just now, its event may still be on its way; the same request may succeed shortly',
      });
    } else if (owner !== subjectKey) {
      foreign.push({ field, message: `${field} ${id} is a record of another subject, not of the subject being listed` });
    } else if (facts.withdrawn.has(id)) {
      withdrawn.push({ field, message: `${field} ${id} has been withdrawn from publicity (repaired or revoked): a listing cannot rest on it` });
    }
  });
  // Every failing record is named, in the order of the request; the rule is the most lasting one.
  const errors = [...foreign, ...unknown, ...withdrawn].sort((a, b) => position(a.field) - position(b.field));
  if (foreign.length > 0) return { rule: 'list-entry.basis-record-of-subject', errors };
  if (unknown.length > 0) return { rule: 'list-entry.basis-record-known', errors };
  if (withdrawn.length > 0) return { rule: 'list-entry.basis-record-in-publicity', errors };
  return null;
}

const position = (field: string): number => Number(field.slice(field.lastIndexOf('.') + 1));
