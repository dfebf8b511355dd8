import { CreditDate, CreditName, CreditText } from '@credit/platform';
import { LICENSE_TYPES, type LicenseType } from '@credit/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidateIf } from 'class-validator';
import { RecordMatterFieldsDto } from '../penalties/penalty.dto';


export class RecordLicenseDto extends RecordMatterFieldsDto {
  @ApiPropertyOptional({ example: '南市监许〔2026〕12号', description: 'falls back to licenseNumber when absent (domain.md §2)' })
  @IsOptional()
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  decisionNumber?: string;

  @ApiProperty({ example: '食品经营许可证' })
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  licenseName: string;

  @ApiPropertyOptional({ example: 'JY14501000012345' })
  @IsOptional()
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  licenseNumber?: string;

  @ApiProperty({ enum: LICENSE_TYPES, description: 'licence category (许可类别); may be given as `category` instead' })
  // Either field carries the category; without both, licenseType is the one named as missing.
  @ValidateIf((dto: RecordLicenseDto) => dto.category === undefined || dto.licenseType !== undefined)
  @IsIn(LICENSE_TYPES)
  licenseType: LicenseType;

  @ApiPropertyOptional({ enum: LICENSE_TYPES, description: 'the national standard\'s name of licenseType (许可类别); must agree with it when both are given' })
  @IsOptional()
  @IsIn(LICENSE_TYPES)
  category?: LicenseType;

  @ApiPropertyOptional({ example: '食品经营许可证', description: '许可证书名称' })
  @IsOptional()
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  certificateName?: string;

  @ApiPropertyOptional({ example: '有效', description: '当前状态 as the licensing authority reports it' })
  @IsOptional()
  @CreditName({ max: 50, clearIdNumbers: 'masked' })
  status?: string;

  @ApiProperty()
  @CreditText({ max: 5000, multiline: true, clearIdNumbers: 'masked' })
  content: string;

  @ApiProperty({ example: '2026-05-11' })
  @CreditDate()
  decidedOn: string;

  @ApiProperty({ example: '2026-05-11' })
  @CreditDate()
  validFrom: string;

  @ApiPropertyOptional({ example: '2031-05-10' })
  @IsOptional()
  @CreditDate()
  validUntil?: string;
}
