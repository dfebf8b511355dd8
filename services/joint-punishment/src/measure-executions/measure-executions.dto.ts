import { MEASURE_EXECUTION_OUTCOMES, type MeasureExecutionOutcome } from '@credit/contracts';
import { CreditCode, CreditText, Trimmed } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';


export class ReportMeasureExecutionDto {
  @ApiProperty({ description: 'The list entry the measure was applied for.' })
  @Trimmed()
  @CreditCode({ max: 64 })
  listEntryId: string;

  @ApiProperty({ example: 'BL-GOV-PROCUREMENT' })
  @Trimmed()
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9_.-]{0,63}$/, { message: 'measureCode must be a catalog measure code' })
  measureCode: string;

  @ApiProperty({ example: '12450100MA5K00001X', description: 'USCC of the reporting linkage unit (the caller, unless admin).' })
  @CreditCode({ max: 32 })
  unitCode: string;

  @ApiProperty({ enum: MEASURE_EXECUTION_OUTCOMES })
  @IsIn(MEASURE_EXECUTION_OUTCOMES)
  outcome: MeasureExecutionOutcome;

  @ApiPropertyOptional({ example: '已在政府采购资格审查中拒绝其参与' })
  @IsOptional()
  @Trimmed()
  // Blank means no note: the service leaves it out of the event.
  @CreditText({ max: 2000, multiline: true, allowBlank: true })
  note?: string;
}
