import { CorrelationId, CurrentPrincipal, DEPARTMENT_ROLES, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommitmentMatterQueryDto, RegisterCommitmentMatterDto } from './commitment-matter.dto';
import { CommitmentMattersService } from './commitment-matters.service';

@ApiTags('commitment-matters')
@ApiBearerAuth()
@Controller('commitment-matters')
export class CommitmentMattersController {
  constructor(private readonly matters: CommitmentMattersService) {}

  @Post()
  @Roles('submitter', 'admin')
  @ApiOperation({ summary: "Register a matter of the department's list of commitment matters (承诺事项清单), or its next version (409 on a stale expectedVersion)" })
  register(@Body() dto: RegisterCommitmentMatterDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.matters.register(dto, { principal, correlationId });
  }

  @Get()
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'The list of commitment matters, current version of each with its history, paged (?department=)' })
  list(@Query() query: CommitmentMatterQueryDto) {
    return this.matters.list(query);
  }
}
