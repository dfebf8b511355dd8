import { CREDIT_GRADES, type CreditGrade } from '@credit/contracts';
import { CreditCode, CreditDate, CreditName, CreditText } from '@credit/platform';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmptyObject, ValidateNested } from 'class-validator';
import { PlanDepartmentDto } from '../inspection/inspection-plan.dto';

export class RecordIndustryEvaluationDto {
  @ApiProperty({ description: 'USCC (GB 32100) or, for natural persons, the citizen ID number (GB 11643)' })
  @CreditCode({ max: 32 })
  subjectCode: string;

  @ApiProperty({ type: PlanDepartmentDto, description: 'The evaluating department: the caller itself' })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => PlanDepartmentDto)
  department: PlanDepartmentDto;

  @ApiProperty({ example: '建筑业' })
  @CreditName({ max: 100 })
  industry: string;

  @ApiProperty({ enum: CREDIT_GRADES })
  @IsIn([...CREDIT_GRADES])
  grade: CreditGrade;

  @ApiProperty({ example: '2027-12-31', description: 'Last day the evaluation counts (today or later)' })
  @CreditDate()
  validUntil: string;

  @ApiProperty({ example: '《建筑市场主体信用评价办法》' })
  @CreditText({ max: 2000, multiline: true, clearIdNumbers: 'masked' })
  basis: string;
}
