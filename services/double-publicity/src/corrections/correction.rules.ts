/**
 * Corrections of a stored record, pure (domain.md §2: every change audited; an upheld objection
 * "corrects or withdraws the record"). The corrected record is the stored one with the given fields
 * replaced, checked again by the intake rules as a whole, so that a correction can never store what
 * intake would refuse; the changes list each corrected field before and after.
 */
import type { RecordFieldChange } from '@credit/contracts';
import type { FieldError } from '../penalties/penalty.rules';

/** Names in `fields` that are not correctable, as 400 field errors (`fields.<name>`). */
export function uncorrectableFields(fields: Record<string, unknown>, correctable: readonly string[], recordKind: string, prefix = 'fields'): FieldError[] {
  const names = Object.keys(fields);
  if (names.length === 0) return [{ field: prefix, message: `${prefix} must name at least one field to correct` }];
  return names
    .filter((name) => !correctable.includes(name))
    .map((name) => ({
      field: `${prefix}.${name}`,
      message: `${prefix}.${name} is not a correctable field of a ${recordKind} record (correctable: ${correctable.join(', ')})`,
    }));
}

/** The stored record's intake form with the corrected fields applied; `null` removes an optional field. */
export function applyFields(intakeForm: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...intakeForm };
  for (const [name, value] of Object.entries(fields)) {
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}

/** Intake errors of the merged record, named as the request names them (`fields.<name>`, `corrections.<name>`). */
export function asCorrectionErrors(errors: FieldError[], prefix = 'fields'): FieldError[] {
  return errors.map((e) => ({ field: `${prefix}.${e.field}`, message: `${prefix}.${e.message}` }));
}

/**
 * The record the rules produced, with what intake computes but a correction must keep: the subject
 * block (never corrected; for a person the clear number is not kept here), and any stored field
 * the intake form does not carry.
 */
export function keepUncorrected<T extends object>(stored: T, checked: T, keep: Partial<T>, corrected: readonly string[]): T {
  const result: Record<string, unknown> = { ...(checked as Record<string, unknown>), ...(keep as Record<string, unknown>) };
  for (const [name, value] of Object.entries(stored)) {
    if (!(name in result) && !corrected.includes(name)) result[name] = value;
  }
  return result as T;
}

/** Each correctable field whose value differs, before and after (absent when the field was absent). */
export function changesBetween(before: object, after: object, correctable: readonly string[]): RecordFieldChange[] {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return correctable
    .filter((field) => JSON.stringify(b[field]) !== JSON.stringify(a[field]))
    .map((field) => ({ field, ...(b[field] !== undefined && { before: b[field] }), ...(a[field] !== undefined && { after: a[field] }) }));
}
