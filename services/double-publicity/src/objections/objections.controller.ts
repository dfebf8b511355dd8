import { CorrelationId, CurrentPrincipal, Roles, type Principal, DEPARTMENT_ROLES } from '@credit/platform';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FileObjectionDto, ResolveObjectionDto } from './objection.dto';
import { ObjectionsService } from './objections.service';

@ApiTags('objections')
@ApiBearerAuth()
@Controller('objections')
export class ObjectionsController {
  constructor(private readonly objections: ObjectionsService) {}

  @Post()
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: "File a subject's objection (异议) to a published penalty record; answered within 5 working days" })
  file(@Body() dto: FileObjectionDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.objections.file(dto, { principal, correlationId });
  }

  @Get(':id')
  @Roles('reviewer', 'reader', 'ops', 'admin')
  @ApiOperation({ summary: 'An objection with its due time, the calendar it rests on (dueByProvisional) and its history, recomputations included' })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.objections.get(id, principal);
  }

  @Post(':id/resolution')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Resolve an objection (reviewer): UPHELD withdraws the record from publicity, REJECTED leaves it' })
  resolve(
    @Param('id') id: string,
    @Body() dto: ResolveObjectionDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ) {
    return this.objections.resolve(id, dto, { principal, correlationId });
  }
}
