import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { REPORT_PURPOSES, type ReportPurpose } from './credit-report';

export class ReportQueryDto {
  @ApiPropertyOptional({
    enum: REPORT_PURPOSES,
    default: 'GENERAL',
    description: 'What the report is for; it chooses the sections: GENERAL (一般用途), HONOURS (评优评先), GOVERNMENT_PROCUREMENT (政府采购), TENDERING (招标投标).',
  })
  @IsOptional()
  @IsIn(REPORT_PURPOSES, { message: `purpose must be one of ${REPORT_PURPOSES.join(', ')}` })
  purpose?: ReportPurpose;
}

export class ReportVerifyQueryDto {
  @ApiPropertyOptional({ description: "The report's content hash (SHA-256, hex) or its verification code (XXXX-XXXX-XXXX-XXXX), to be confirmed." })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  hash?: string;
}
