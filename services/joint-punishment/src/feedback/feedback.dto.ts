import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class MonthlyFeedbackQueryDto {
  @ApiProperty({ example: '2025-09', description: 'YYYY-MM, a calendar month in Asia/Shanghai' })
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month: string;
}
