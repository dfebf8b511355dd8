import { CurrentPrincipal, DEPARTMENT_ROLES, ForbiddenProblem, NotFoundProblem, RestrictedReads, Roles, type Principal } from '@credit/platform';
import { readsEveryUnit, sameUnit } from '@credit/credit-rules';
import { todayInShanghai } from '@credit/domain-kernel';
import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { PublicService } from '../public/public.service';
import { subjectHistoryOf } from '../public/public.repository';
import { creditFile } from './credit-file';

export const CREDIT_FILE_RESOURCE = 'credit-file';

@ApiTags('credit-file')
@ApiBearerAuth()
@Controller('subjects')
export class CreditFileController {
  constructor(
    private readonly portal: PublicService,
    private readonly dataSource: DataSource,
    private readonly restrictedReads: RestrictedReads,
  ) {}

  @Get(':code/file')
  @Roles(...DEPARTMENT_ROLES)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      "A subject's credit file (信用档案): every record the platform's website side holds, public or not, repaired, revoked, expired and exited ones with their history; " +
      'for a reader (the credit office), ops, admin, and the subject itself; every read recorded',
  })
  async file(@Param('code') code: string, @CurrentPrincipal() principal: Principal) {
    const subject = this.portal.subjectOf(code);
    const own = subject !== null && sameUnit(principal.departmentCode, subject.subjectKey);
    if (!own && !principal.roles.includes('reader') && !readsEveryUnit(principal)) {
      throw new ForbiddenProblem("a credit file is read by a reader (the credit office), ops, admin, or the subject's own token");
    }
    const events = subject === null ? [] : await subjectHistoryOf(this.dataSource, subject.subjectKey);
    // The path may hold a clear ID number: the answer never echoes it.
    if (events.length === 0) throw new NotFoundProblem('no subject with this code is known to the credit website');
    // Not public, whoever reads it (the subject's own reads included): each read is on record, the subject named by its key.
    await this.restrictedReads.record(principal, { resource: CREDIT_FILE_RESOURCE, resourceId: subject!.recordedAs, ownerUnits: [] });
    return creditFile(events, todayInShanghai());
  }
}
