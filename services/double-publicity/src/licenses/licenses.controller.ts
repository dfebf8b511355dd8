import { CorrelationId, CurrentPrincipal, Roles, type Principal, DEPARTMENT_ROLES } from '@credit/platform';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RecordLicenseDto } from './license.dto';
import { LicensesService } from './licenses.service';

@ApiTags('licenses')
@ApiBearerAuth()
@Controller('licenses')
export class LicensesController {
  constructor(private readonly licenses: LicensesService) {}

  @Post()
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: "Record a licensing decision (行政许可) of the caller's own unit" })
  record(@Body() dto: RecordLicenseDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.licenses.record(dto, { principal, correlationId });
  }

  @Get(':id')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'A licence record with its history' })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.licenses.read(id, principal);
  }
}
