import {
  CREDIT_CHECK_SCENARIOS,
  LIST_KINDS,
  MEASURE_KINDS,
  type CreditCheckScenario,
  type ListKind,
  type MeasureKind,
} from '@credit/contracts';
import { CreditCode, CreditName, CreditText, PageQueryDto, Trimmed } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';



export class DefineMeasureDto {
  @ApiProperty({ example: 'BL-GOV-PROCUREMENT', description: 'Upper case letters, digits, `_`, `.`, `-` (up to 64).' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9_.-]{0,63}$/, { message: 'code must be 1 to 64 letters, digits, _, . or - starting with a letter or digit' })
  code: string;

  @ApiProperty({ example: '限制参加政府采购活动' })
  @Trimmed()
  @CreditName({ max: 200 })
  name: string;

  @ApiProperty({ enum: MEASURE_KINDS })
  @IsIn(MEASURE_KINDS)
  kind: MeasureKind;

  @ApiProperty({ enum: LIST_KINDS })
  @IsIn(LIST_KINDS)
  appliesTo: ListKind;

  @ApiPropertyOptional({ description: 'Only entries of this list category get the measure.' })
  @IsOptional()
  @Trimmed()
  @CreditName({ max: 100 })
  category?: string;

  @ApiProperty({ type: [String], description: 'USCC of each linkage unit (联动单位) applying the measure.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @CreditCode({ each: true })
  unitCodes: string[];

  @ApiProperty({ enum: CREDIT_CHECK_SCENARIOS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(CREDIT_CHECK_SCENARIOS, { each: true })
  scenarios: CreditCheckScenario[];

  @ApiProperty({ example: '《政府采购法》第二十二条', description: 'Required: a measure without a legal basis is refused.' })
  @Trimmed()
  @CreditText({ max: 2000, multiline: true, blankMessage: 'legalBasis is required: a measure enters the catalog only with its legal basis' })
  legalBasis: string;
}

export class MeasureCatalogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LIST_KINDS })
  @IsOptional()
  @IsIn(LIST_KINDS)
  appliesTo?: ListKind;
}
