import { INSPECTION_OUTCOMES, type InspectionOutcome } from '@credit/contracts';
import { CreditCode, CreditDate, CreditName, CreditText } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmptyObject, IsNumber, IsObject, IsOptional, IsPositive, Max, ValidateNested } from 'class-validator';

/** Subjects one plan may draw from: the plan-drawn event stays well within a Kafka message. */
export const MAX_PLAN_SUBJECTS = 2000;
export const MAX_PLAN_INSPECTORS = 500;

export class PlanDepartmentDto {
  @ApiProperty({ example: '南宁市市场监督管理局' })
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  name: string;

  @ApiProperty({ example: '11450100007712342F', description: 'USCC of the department drawing the plan: the caller itself' })
  @CreditCode({ max: 32 })
  code: string;
}

export class DrawInspectionPlanDto {
  @ApiProperty({ type: PlanDepartmentDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => PlanDepartmentDto)
  department: PlanDepartmentDto;

  @ApiProperty({ type: [String], description: `The population to draw from: USCCs or citizen ID numbers (1 to ${MAX_PLAN_SUBJECTS}, each once)` })
  @IsArray()
  @ArrayMinSize(1, { message: 'subjectCodes must name at least one subject' })
  @ArrayMaxSize(MAX_PLAN_SUBJECTS)
  @CreditCode({ max: 32, each: true })
  subjectCodes: string[];

  @ApiProperty({ example: 0.05, description: 'Sampling ratio of grade B, in (0, 1]; A ×0.5, C ×2, D ×4 by default, each capped at 1' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive({ message: 'baseRatio must be greater than 0' })
  @Max(1, { message: 'baseRatio must be at most 1' })
  baseRatio: number;

  @ApiProperty({ type: [String], description: `The department's inspectors (执法检查人员), at least two, each once (at most ${MAX_PLAN_INSPECTORS})` })
  @IsArray()
  @ArrayMinSize(2, { message: 'inspectors must name at least two inspectors' })
  @ArrayMaxSize(MAX_PLAN_INSPECTORS)
  @CreditName({ max: 64, each: true })
  inspectors: string[];

  @ApiPropertyOptional({ description: 'Makes the draw reproducible: the same input and seed give the same plan; generated when absent' })
  @IsOptional()
  @CreditName({ max: 128 })
  seed?: string;

  @ApiPropertyOptional({
    example: '2026-12-15',
    description:
      'The plan date: the day the inspections start (YYYY-MM-DD), from the day of the draw up to 366 days later; the day of the draw when absent. ' +
      'The credit website publishes the plan (一公开) from the day after it.',
  })
  @IsOptional()
  @CreditDate()
  inspectionDate?: string;
}

export class InspectionResultDto {
  @ApiProperty({ description: 'A subject the plan drew' })
  @CreditCode({ max: 32 })
  subjectCode: string;

  @ApiProperty({ enum: INSPECTION_OUTCOMES })
  @IsIn([...INSPECTION_OUTCOMES])
  outcome: InspectionOutcome;

  @ApiProperty({ example: '未发现问题' })
  @CreditText({ max: 2000, multiline: true, clearIdNumbers: 'masked' })
  note: string;
}

export class RecordInspectionResultsDto {
  @ApiProperty({ type: [InspectionResultDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'results must hold at least one result' })
  @ArrayMaxSize(MAX_PLAN_SUBJECTS)
  // Objects: an array inside the array would pass ValidateNested with nothing to check.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => InspectionResultDto)
  results: InspectionResultDto[];
}
