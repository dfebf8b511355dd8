import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * `?page=1&pageSize=50` → `Page` of `@credit/contracts` (api-contract.md, Common rules). List
 * queries with filters extend it, so that every list pages with the same bounds and defaults.
 */
export class PageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize: number = 50;
}

/** Pages are 1-based in the contract, SQL OFFSET counts from 0. */
export const offsetOf = (query: PageQueryDto): number => (query.page - 1) * query.pageSize;
