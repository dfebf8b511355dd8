import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';

/**
 * A request field holding a date as the contract writes it, `YYYY-MM-DD` (Asia/Shanghai). Only the
 * shape is checked here; whether it is a real calendar date (2025-02-30 is not) is a domain rule,
 * checked with domain-kernel's parseIsoDate where the date is used, so the error names the rule.
 */
export const IsLocalDate = (): PropertyDecorator =>
  applyDecorators(IsString(), Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' }));
