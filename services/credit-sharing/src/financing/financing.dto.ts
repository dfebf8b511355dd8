import { LOAN_KINDS, LOAN_OUTCOMES, SHARING_PURPOSES, type LoanKind, type LoanOutcome, type SharingPurpose } from '@credit/contracts';
import { CreditDate, DateRangeQueryDto } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class FinancingQueryDto {
  @ApiPropertyOptional({ enum: SHARING_PURPOSES, default: 'FINANCING' })
  @IsOptional()
  @IsIn([...SHARING_PURPOSES])
  purpose: SharingPurpose = 'FINANCING';

  @ApiPropertyOptional({ description: 'The authorization to read under; default: the newest one in force the subject gave the caller for the purpose' })
  @IsOptional()
  @IsUUID('all', { message: 'authorizationId must be an authorization id (UUID)' })
  authorizationId?: string;
}

export class ReportOutcomeDto {
  @ApiProperty({ description: 'The authorization the subject was read under' })
  @IsUUID('all', { message: 'authorizationId must be an authorization id (UUID)' })
  authorizationId: string;

  @ApiProperty({ enum: LOAN_OUTCOMES })
  @IsIn([...LOAN_OUTCOMES])
  outcome: LoanOutcome;

  @ApiProperty({ enum: LOAN_KINDS, description: 'CREDIT: 信用贷款 without collateral; SECURED: 抵押/担保' })
  @IsIn([...LOAN_KINDS])
  loanKind: LoanKind;

  @ApiProperty({ example: 500000, description: 'Yuan granted (0 for a refusal), at most two decimals' })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }, { message: 'amount must be a number of yuan with at most two decimals' })
  @Min(0)
  @Max(1e13)
  amount: number;

  @ApiProperty({ example: '2026-12-07' })
  @CreditDate()
  decidedOn: string;
}

/** Outcomes by decision date, queries by the day they were answered. */
export class FinancingStatisticsQueryDto extends DateRangeQueryDto {}
