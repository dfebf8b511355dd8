/**
 * What every batch intake (penalties, licences, other administrative actions) does alike to one
 * item: its shape checked with the single endpoint's DTO, a catalog-matter refusal turned into the
 * item's field error, and whose refused item it is for the quality figures.
 */
import { normalizedUnitCode } from '@credit/credit-rules';
import { validationErrorsToFields, type DomainRuleError, type Principal } from '@credit/platform';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FieldError } from '../penalties/penalty.rules';
import type { FastCheck } from './fast-validation';

/** The single endpoint's pipe, item by item: unknown fields refused, nested objects checked. */
const VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } };

/**
 * The item as an instance of `dto` when it has its shape, or its field errors. `fastCheck` proves an
 * item valid without class-validator (see fast-validation); the item itself is then the DTO.
 */
export function batchItemShape<D extends object>(dto: ClassConstructor<D>, item: unknown, fastCheck?: FastCheck): { ok: true; dto: D } | { ok: false; errors: FieldError[] } {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { ok: false, errors: [{ field: '', message: 'each item must be an object' }] };
  }
  // Proven valid, and then the DTO instance would hold exactly the item's fields.
  if (fastCheck?.(item)) return { ok: true, dto: item as D };
  const instance = plainToInstance(dto, item);
  const shapeErrors = validateSync(instance, VALIDATOR_OPTIONS);
  return shapeErrors.length > 0 ? { ok: false, errors: validationErrorsToFields(shapeErrors) } : { ok: true, dto: instance };
}

/** A catalog-matter refusal as the item's error: about the field its detail starts with when one of `matterFields`, otherwise matterCode. */
export function matterRefusalErrors(error: DomainRuleError, matterFields: ReadonlySet<string>): FieldError[] {
  const field = /^\w+/.exec(error.detail)?.[0] ?? '';
  return [{ field: matterFields.has(field) ? field : 'matterCode', message: error.detail }];
}

/**
 * Whose refused item it is, for the quality figures: the caller's department (a department submits
 * only its own records); an admin submitting on behalf of a unit, the source unit it names.
 */
export function refusedItem(item: unknown, principal: Principal): { departmentCode: string; decidedOn: unknown } {
  const fields = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
  const named = (fields.sourceUnit as { code?: unknown } | undefined)?.code;
  const departmentCode =
    principal.roles.includes('admin') && typeof named === 'string' && named.trim() !== '' && named.length <= 32 ? normalizedUnitCode(named) : principal.departmentCode;
  return { departmentCode, decidedOn: fields.decidedOn };
}
