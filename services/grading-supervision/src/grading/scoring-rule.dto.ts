import { CreditDate, CreditText } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmptyObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';

const Points = (): PropertyDecorator => (target, key) => {
  IsInt()(target, key);
  Min(-100)(target, key);
  Max(100)(target, key);
};

export class PenaltyWeightsDto {
  @ApiProperty({ example: -10 }) @Points() GENERAL: number;
  @ApiProperty({ example: -25 }) @Points() SERIOUS: number;
}

export class ListEntryWeightsDto {
  @ApiProperty({ example: -40 }) @Points() BLACK: number;
  @ApiProperty({ example: 10 }) @Points() RED: number;
}

export class CommitmentWeightsDto {
  @ApiProperty({ example: -15 }) @Points() BREACHED: number;
  @ApiProperty({ example: -15 }) @Points() FALSE: number;
}

export class InspectionWeightsDto {
  @ApiProperty({ example: 0 }) @Points() NO_PROBLEM: number;
  @ApiProperty({ example: -10 }) @Points() PROBLEM_FOUND: number;
  @ApiProperty({ example: -15 }) @Points() NOT_FOUND: number;
}

export class IndustryEvaluationWeightsDto {
  @ApiProperty({ example: 5 }) @Points() A: number;
  @ApiProperty({ example: 0 }) @Points() B: number;
  @ApiProperty({ example: -10 }) @Points() C: number;
  @ApiProperty({ example: -20 }) @Points() D: number;
}

export class ThresholdsDto {
  @ApiProperty({ example: 90, description: 'Lowest score of grade A' }) @Points() A: number;
  @ApiProperty({ example: 70 }) @Points() B: number;
  @ApiProperty({ example: 50, description: 'Lowest score of grade C; D below' }) @Points() C: number;
}

export class DefineScoringRuleDto {
  @ApiProperty({ example: '2027-01-01', description: 'First day the version grades: today or later' })
  @CreditDate()
  effectiveFrom: string;

  @ApiProperty({ type: PenaltyWeightsDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => PenaltyWeightsDto)
  penalty: PenaltyWeightsDto;

  @ApiProperty({ type: ListEntryWeightsDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => ListEntryWeightsDto)
  listEntry: ListEntryWeightsDto;

  @ApiProperty({ type: CommitmentWeightsDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => CommitmentWeightsDto)
  commitment: CommitmentWeightsDto;

  @ApiProperty({ type: InspectionWeightsDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => InspectionWeightsDto)
  inspection: InspectionWeightsDto;

  @ApiPropertyOptional({ type: IndustryEvaluationWeightsDto, description: "Version 1's when absent" })
  @IsOptional()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => IndustryEvaluationWeightsDto)
  industryEvaluation?: IndustryEvaluationWeightsDto;

  @ApiProperty({ type: ThresholdsDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => ThresholdsDto)
  thresholds: ThresholdsDto;

  @ApiProperty({ example: '南宁市社会信用体系建设领导小组办公室〔2026〕5号' })
  @CreditText({ max: 2000, multiline: true, clearIdNumbers: 'masked' })
  reason: string;
}
