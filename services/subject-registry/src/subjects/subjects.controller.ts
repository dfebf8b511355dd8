import { CorrelationId, CurrentPrincipal, Roles, type Principal, DEPARTMENT_ROLES } from '@credit/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { LegacyCodeDto, RegisterSubjectBatchDto, RegisterSubjectDto } from './subject.dto';
import { SubjectsService } from './subjects.service';

class ResolveQueryDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  legacyCode: string;
}

@ApiTags('subjects')
@ApiBearerAuth()
@Controller('subjects')
export class SubjectsController {
  constructor(private readonly subjects: SubjectsService) {}

  @Post()
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: 'Register a credit subject (USCC checked against GB 32100, ID numbers against GB 11643)' })
  register(@Body() dto: RegisterSubjectDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.subjects.register(dto, { principal, correlationId });
  }

  @Post('batch')
  @HttpCode(200)
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: 'Register up to 1000 subjects; per-item results, exactly the valid items stored' })
  async registerBatch(
    @Body() dto: RegisterSubjectBatchDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return { results: await this.subjects.registerBatch(dto.items, { principal, correlationId }) };
  }

  // Declared before ':code' so that "resolve" is not taken for a code.
  @Get('resolve')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'The canonical subject of a legacy code (business registration no., organisation code, tax no.)' })
  resolve(@Query() query: ResolveQueryDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.subjects.resolve(query.legacyCode, { principal, correlationId });
  }

  @Get(':code')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'A subject by USCC or ID number; ID numbers masked unless the caller holds reader (audited)' })
  get(@Param('code') code: string, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.subjects.get(code, { principal, correlationId });
  }

  @Post(':code/legacy-codes')
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: 'Map a legacy code to the subject' })
  addLegacyCode(
    @Param('code') code: string,
    @Body() dto: LegacyCodeDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.subjects.addLegacyCode(code, dto, { principal, correlationId });
  }
}
