import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';

/** Highest page number accepted: with the largest page size the offset stays far below 2^31. */
export const MAX_PAGE = 1_000_000;
export const MAX_PAGE_SIZE = 500;

/**
 * A query parameter becomes a number only when it is written as plain decimal digits: `1e20`,
 * `0x10`, `1.0`, `-1` or ` 7` stay strings (or arrays, for a repeated parameter) and fail the
 * check below, instead of Number() turning them into a huge, hexadecimal or surprising integer.
 */
const decimalInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^[0-9]{1,16}$/.test(value) ? Number(value) : value;

/** One constraint, so that a bad value gives one message (not one each for integer, minimum and maximum). */
const WholeNumberBetween = (min: number, max: number): PropertyDecorator =>
  ValidateBy({
    name: 'wholeNumberBetween',
    constraints: [min, max],
    validator: {
      validate: (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max,
      defaultMessage: () => `$property must be a whole number from ${min} to ${max}`,
    },
  });

/**
 * `?page=1&pageSize=50` → `Page` of `@credit/contracts` (api-contract.md, Common rules). List
 * queries with filters extend it, so that every list pages with the same bounds and defaults.
 * Both are whole numbers within bounds, so that `offsetOf` is always a safe SQL OFFSET: anything
 * else is a 400 naming the parameter, never a database error.
 */
export class PageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE, type: 'integer' })
  @IsOptional()
  @Transform(decimalInteger)
  @WholeNumberBetween(1, MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: MAX_PAGE_SIZE, type: 'integer' })
  @IsOptional()
  @Transform(decimalInteger)
  @WholeNumberBetween(1, MAX_PAGE_SIZE)
  pageSize: number = 50;
}

/** Pages are 1-based in the contract, SQL OFFSET counts from 0. */
export const offsetOf = (query: PageQueryDto): number => (query.page - 1) * query.pageSize;
