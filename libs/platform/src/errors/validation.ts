import { ValidationPipe } from '@nestjs/common';
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
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new FieldValidationProblem(validationErrorsToFields(errors)),
  });
}
