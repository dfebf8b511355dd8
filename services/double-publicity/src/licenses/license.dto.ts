import { IsLocalDate } from '@credit/platform';
import { LICENSE_TYPES, type LicenseType } from '@credit/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { RecordPartiesDto } from '../records/party.dto';


export class RecordLicenseDto extends RecordPartiesDto {
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

  @ApiProperty({ enum: LICENSE_TYPES })
  @IsIn(LICENSE_TYPES)
  licenseType: LicenseType;

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
