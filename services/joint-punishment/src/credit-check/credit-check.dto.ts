import { CREDIT_CHECK_SCENARIOS, type CreditCheckScenario } from '@credit/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class CreditCheckBatchDto {
  @ApiProperty({ type: [String], maxItems: 500, description: 'USCCs or citizen ID numbers' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  subjectCodes: string[];

  @ApiProperty({ enum: CREDIT_CHECK_SCENARIOS })
  @IsIn(CREDIT_CHECK_SCENARIOS, { message: `scenario must be one of ${CREDIT_CHECK_SCENARIOS.join(', ')}` })
  scenario: CreditCheckScenario;
}

export class CreditCheckUseDto {
  @ApiProperty({ example: 'EXCLUDED_FROM_PROCUREMENT', description: 'What the caller decided on the strength of the answer.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  decision: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
