import { CATALOG_MATTER_CODE_SHAPE, type CatalogMatterKind } from '@credit/contracts';
import { CreditCode, CreditName, CreditText, PageQueryDto } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';

export const CATALOG_MATTER_KINDS: readonly CatalogMatterKind[] = ['LICENSE', 'PENALTY', 'OTHER'];

export class DefineCatalogMatterDto {
  @ApiProperty({ description: 'USCC of the department whose catalog holds the matter', example: '11450100007712342F' })
  @CreditCode({ max: 32 })
  departmentCode: string;

  @ApiProperty({ enum: CATALOG_MATTER_KINDS })
  @IsIn(CATALOG_MATTER_KINDS)
  kind: CatalogMatterKind;

  @ApiProperty({ example: 'XZCF-001', description: 'letters, digits, `_`, `.`, `-`; at most 64' })
  @IsString()
  @Matches(new RegExp(CATALOG_MATTER_CODE_SHAPE), { message: 'code must be letters, digits, "_", "." or "-" (at most 64), starting with a letter or digit' })
  code: string;

  @ApiProperty({ example: '对虚假宣传行为的行政处罚' })
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  name: string;

  @ApiPropertyOptional({ example: '《反不正当竞争法》第二十条' })
  @IsOptional()
  @CreditText({ max: 2000, multiline: true, clearIdNumbers: 'masked' })
  legalBasis?: string;
}

export class CatalogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'USCC of the department' })
  @IsOptional()
  @CreditCode({ max: 32 })
  departmentCode?: string;
}
