import { Roles } from '@credit/platform';
import { Controller, Get, Injectable } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { readCodeQualityCounts } from './code-quality.repository';

export interface CodeQualityReport {
  /** Subjects registered. */
  subjects: number;
  /** Distinct codes claimed by more than one subject (重码). */
  duplicateCodes: number;
  /** Distinct codes refused for failing their check character or format (错码). */
  invalidCodes: number;
  /** (duplicateCodes + invalidCodes) ÷ (subjects + invalidCodes); the seeds' target is below 1/10000. */
  errorRate: number;
  /** Distinct subjects named in penalty or licence records that are not registered here (yet). */
  unregisteredSubjects: number;
}

@Injectable()
export class CodeQualityService {
  constructor(private readonly dataSource: DataSource) {}

  async report(): Promise<CodeQualityReport> {
    const row = await readCodeQualityCounts(this.dataSource);
    const denominator = row.subjects + row.invalid;
    return {
      subjects: row.subjects,
      duplicateCodes: row.duplicates,
      invalidCodes: row.invalid,
      errorRate: denominator === 0 ? 0 : (row.duplicates + row.invalid) / denominator,
      unregisteredSubjects: row.unregistered,
    };
  }
}

@ApiTags('code-quality')
@ApiBearerAuth()
@Controller('code-quality')
export class CodeQualityController {
  constructor(private readonly codeQuality: CodeQualityService) {}

  @Get()
  @Roles('submitter', 'reviewer', 'reader', 'ops', 'admin')
  @ApiOperation({ summary: 'Duplicate and invalid code figures (重错码率)' })
  report() {
    return this.codeQuality.report();
  }
}
