import { calendarYearError } from '@credit/domain-kernel';
import { FieldValidationProblem } from '../errors/problems';

/** A `{year}` path parameter: 400 naming it, with the range, unless it is a year from 2020 to 2099. */
export function parseCalendarYear(value: string, field = 'year'): number {
  const error = calendarYearError(value, field);
  if (error) throw new FieldValidationProblem([error]);
  return Number(value);
}
