import { CorrelationId, CurrentPrincipal, DEPARTMENT_ROLES, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthorizationListQueryDto, GrantAuthorizationDto, QueryLogQueryDto, RevokeAuthorizationDto } from './authorization.dto';
import { AuthorizationsService } from './authorizations.service';

@ApiTags('authorizations')
@ApiBearerAuth()
@Controller('authorizations')
export class AuthorizationsController {
  constructor(private readonly authorizations: AuthorizationsService) {}

  @Post()
  @Roles('submitter')
  @ApiOperation({
    summary:
      'A subject authorizes a financial institution to read its non-public credit information for a purpose, scope and period: ' +
      "a legal person with its own token, a natural person through a real-name channel (PERSONAL_AUTHORIZATION_CHANNELS)",
  })
  grant(@Body() dto: GrantAuthorizationDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.authorizations.grant(dto, { principal, correlationId });
  }

  @Post(':id/revocation')
  @HttpCode(200)
  @Roles('submitter')
  @ApiOperation({ summary: 'The subject (or its real-name channel) revokes an authorization; once (409 after)' })
  revoke(@Param('id') id: string, @Body() dto: RevokeAuthorizationDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.authorizations.revoke(id, dto, { principal, correlationId });
  }

  @Get()
  @Roles(...DEPARTMENT_ROLES, 'institution')
  @ApiOperation({ summary: "A subject's authorizations (the subject, its channel, ops, admin), or the calling institution's own" })
  list(@Query() query: AuthorizationListQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.authorizations.list(query, principal);
  }

  @Get(':id')
  @Roles(...DEPARTMENT_ROLES, 'institution')
  @ApiOperation({ summary: 'An authorization: its subject (or channel, naming the person by ?subjectCode=), its institution, ops and admin' })
  get(@Param('id') id: string, @Query() query: QueryLogQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.authorizations.get(id, principal, query.subjectCode);
  }

  @Get(':id/queries')
  @Roles(...DEPARTMENT_ROLES, 'institution')
  @ApiOperation({ summary: 'Every query made under the authorization: which institution, when, which categories and records were answered' })
  queries(@Param('id') id: string, @Query() query: QueryLogQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.authorizations.queries(id, query, principal);
  }
}
