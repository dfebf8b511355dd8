import { CREDIT_CHECK_SCENARIOS, type CreditCheckScenario } from '@credit/contracts';
import { CreditCode, CreditText } from '@credit/platform';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional } from 'class-validator';

export class CreditCheckBatchDto {
  @ApiProperty({ type: [String], maxItems: 500, description: 'USCCs or citizen ID numbers' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @CreditCode({ max: 32, each: true })
  subjectCodes: string[];

  @ApiProperty({ enum: CREDIT_CHECK_SCENARIOS })
  @IsIn(CREDIT_CHECK_SCENARIOS, { message: `scenario must be one of ${CREDIT_CHECK_SCENARIOS.join(', ')}` })
  scenario: CreditCheckScenario;
}

export class CreditCheckUseDto {
  @ApiProperty({ example: 'EXCLUDED_FROM_PROCUREMENT', description: 'What the caller decided on the strength of the answer.' })
  @CreditText({ max: 100 })
  decision: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @CreditText({ max: 2000, multiline: true, allowBlank: true })
  note?: string;
}
