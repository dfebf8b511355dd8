/**
 * Every credit rule that more than one service needs, once: pure functions over plain data, no
 * framework, no I/O (see the README's architecture section, "Where each credit rule lives").
 */
export {};
export { DomainRuleError, StateConflictError } from './errors';
export { ACTS_FOR_ANY_UNIT_ROLE, actsForUnit, isDecidingUnit, normalizedUnitCode, sameUnit, sourceUnitRefusal, type UnitActor } from './units.rules';
export * from './subject-identity.rules';
export * from './dates.rules';
export * from './publicity.rules';
export * from './inspection.rules';
export { REPAIR_DELIVERY_TARGETS, REPAIR_EFFECTS, REPAIR_RESULT_EVENT_TYPE, repairEffectOfDelivery, repairEffectPrerequisites, repairEffectsAcknowledgedBy, repairEffectsFor, repairEffectsOfEarlierApprovals, type RepairEffect, type RepairEffectRule } from './repair-effects.rules';
export * from './record-facts.rules';
export { DEPARTMENT_ROLES, hasAnyRole, isRole, readScope, readsEveryUnit, readsRecordOf, ROLES, SOLE_ROLES, type Principal, type Role } from './access.rules';
export * as subjectView from './subject-view.rules';
