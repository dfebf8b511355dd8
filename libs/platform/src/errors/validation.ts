import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { FieldValidationProblem, type ProblemField } from './problems';

/**
 * Flattens class-validator's error tree into one entry per failed constraint, each with the dotted
 * path of the field as the client wrote it: `subject.code`, `items.3.code` (array elements are
 * children named by their index).
 */
export function validationErrorsToFields(errors: ValidationError[], parentPath = ''): ProblemField[] {
  const fields: ProblemField[] = [];
  for (const error of errors) {
    const path = parentPath ? `${parentPath}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      fields.push({ field: path, message: rewriteMessage(message, error.property, path) });
    }
    if (error.children?.length) fields.push(...validationErrorsToFields(error.children, path));
  }
  return fields;
}

/**
 * class-validator names only the last segment ("code must be ..."); the message names the full path
 * so a reader of a 1000-item batch result knows which `code` is meant.
 */
function rewriteMessage(message: string, property: string, path: string): string {
  if (path === property) return message;
  if (message.startsWith(`${property} `)) return `${path}${message.slice(property.length)}`;
  if (message.startsWith(`property ${property} `)) return `property ${path}${message.slice(`property ${property}`.length)}`;
  return message;
}

/**
 * The global pipe: DTO classes are the only way in (whitelist, unknown properties refused), and the
 * plain body is turned into the DTO instance so handlers get typed values.
 */
export function createValidationPipe(): ValidationPipe {
  return new NullRefusingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new FieldValidationProblem(validationErrorsToFields(errors)),
  });
}

/**
 * Properties whose value is a map of fields to correct, where `null` means "clear this optional
 * field" (POST .../corrections `fields`, an objection's `corrections`).
 */
const NULL_CLEARS_UNDER = new Set(['fields', 'corrections']);

/**
 * The paths of the `null` values of a request body. class-validator's IsOptional lets `null` through
 * as if the field were absent, and code written for "absent" then fails on it (a 500): a request
 * leaves an optional field out instead, and `null` is refused, naming the field. Iterative, so a
 * deep body cannot overflow the stack (its depth is bounded before parsing anyway).
 */
export function nullPathsOf(body: unknown): string[] {
  const found: string[] = [];
  const stack: { value: unknown; path: string }[] = [{ value: body, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    for (const [key, child] of Object.entries(value)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      if (child === null) found.push(childPath);
      else if (!NULL_CLEARS_UNDER.has(key)) stack.push({ value: child, path: childPath });
    }
  }
  return found.sort();
}

class NullRefusingValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const nulls = nullPathsOf(value);
      if (nulls.length > 0) {
        throw new FieldValidationProblem(nulls.map((field) => ({ field, message: `${field} must not be null: leave an optional field out` })));
      }
    }
    return super.transform(value, metadata);
  }
}
