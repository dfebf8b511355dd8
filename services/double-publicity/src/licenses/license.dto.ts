import { IsLocalDate } from '@credit/platform';
import { LICENSE_TYPES, type LicenseType } from '@credit/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { RecordMatterFieldsDto } from '../penalties/penalty.dto';


export class RecordLicenseDto extends RecordMatterFieldsDto {
  @ApiPropertyOptional({ example: '南市监许〔2026〕12号', description: 'falls back to licenseNumber when absent (domain.md §2)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  decisionNumber?: string;

  @ApiProperty({ example: '食品经营许可证' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  licenseName: string;

  @ApiPropertyOptional({ example: 'JY14501000012345' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
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
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  certificateName?: string;

  @ApiPropertyOptional({ example: '有效', description: '当前状态 as the licensing authority reports it' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  status?: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  content: string;

  @ApiProperty({ example: '2026-05-11' })
  @IsLocalDate()
  decidedOn: string;

  @ApiProperty({ example: '2026-05-11' })
  @IsLocalDate()
  validFrom: string;

  @ApiPropertyOptional({ example: '2031-05-10' })
  @IsOptional()
  @IsLocalDate()
  validUntil?: string;
}
