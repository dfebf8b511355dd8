/**
 * Which unit may act on a record, as pure rules over unit codes (USCCs): no framework, no I/O.
 * Callers turn a refusal into what fits them (a 403, a refused batch item, a 404).
 *
 * - 源头单位: a department writes only records whose source unit it is (architecture.md,
 *   Security); the platform's administrators may act for any unit.
 * - 谁认定、谁修复: the unit that decided a record (the penalty's authority, the list entry's
 *   initiating unit) is the one that decides its repair.
 */

/** A unit code as departments write it: surrounding blanks and letter case carry no meaning. */
export const normalizedUnitCode = (code: string): string => code.trim().toUpperCase();

/** Whether two unit codes name the same unit (compared normalised). */
export const sameUnit = (a: string, b: string): boolean => normalizedUnitCode(a) === normalizedUnitCode(b);

/** Who acts: the caller's unit code (its token's `sub`) and its roles. */
export interface UnitActor {
  departmentCode: string;
  roles: readonly string[];
}

/** The role whose holders act for any unit (the platform's administrators). */
export const ACTS_FOR_ANY_UNIT_ROLE = 'admin';

/** Whether the actor may act in the name of `unitCode`: its own unit, or any unit for an administrator. */
export const actsForUnit = (actor: UnitActor, unitCode: string): boolean =>
  actor.roles.includes(ACTS_FOR_ANY_UNIT_ROLE) || sameUnit(actor.departmentCode, unitCode);

/**
 * Source unit must match: why the actor may not write a record whose source unit is
 * `sourceUnitCode`, or null when it may.
 */
export function sourceUnitRefusal(actor: UnitActor, sourceUnitCode: string): string | null {
  return actsForUnit(actor, sourceUnitCode)
    ? null
    : `department ${actor.departmentCode} may only write records whose source unit it is (source unit ${sourceUnitCode})`;
}

/**
 * 谁认定、谁修复: whether `unitCode` is the unit that decided the record, and so decides its repair.
 * A deciding unit that is not known matches none (fail closed).
 */
export const isDecidingUnit = (unitCode: string | null | undefined, decidingUnitCode: string | null | undefined): boolean =>
  !!unitCode && !!decidingUnitCode && sameUnit(unitCode, decidingUnitCode);
