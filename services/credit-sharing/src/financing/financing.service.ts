import type { FieldError, SupportingCategory } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import { commandMetaOf, FieldValidationProblem, ForbiddenProblem, type RequestContext } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthorizationCommands } from '../authorizations/authorization.commands';
import { statusOn } from '../authorizations/authorizations.service';
import { candidateAuthorizations, findAuthorization, type AuthorizationRow } from '../authorizations/authorizations.repository';
import { CreditSharingConfig } from '../config';
import { findSubjectState } from '../subject-views/subject-views.reaction';
import { toView as supportingView } from '../supporting-records/supporting-record.view';
import { listSubjectRecords } from '../supporting-records/supporting-records.repository';
import type { FinancingQueryDto, FinancingStatisticsQueryDto, ReportOutcomeDto } from './financing.dto';
import { checkOutcome, financingAnswer } from './financing.rules';
import { financingFigures } from './financing.repository';

@Injectable()
export class FinancingService {
  constructor(
    private readonly commands: AuthorizationCommands,
    private readonly dataSource: DataSource,
    private readonly config: CreditSharingConfig,
  ) {}

  /**
   * A financial institution reads a subject under an authorization the subject gave it for the
   * purpose: 403 without one in force. The answer is recorded (the authorization's stream) before it
   * is given, and the subject sees it in its query log.
   */
  async subject(code: string, query: FinancingQueryDto, ctx: RequestContext, now = new Date()) {
    const subject = this.config.subjectIdentity.resolve(code);
    if (!subject.ok) throw new FieldValidationProblem([{ field: 'subjectCode', message: subject.message }]);
    const institutionCode = ctx.principal.departmentCode;
    const today = todayInShanghai(now);
    const authorization = await this.authorizationFor(subject.subjectKey, institutionCode, query, today);
    if (!authorization) throw new ForbiddenProblem(`no valid authorization: the subject has not authorized ${institutionCode} to read it for ${query.purpose}`);
    const [state, records] = await Promise.all([
      findSubjectState(this.dataSource, subject.subjectKey),
      listSubjectRecords(this.dataSource, { subjectKey: subject.subjectKey, categories: authorization.categories }),
    ]);
    const answer = financingAnswer({
      subject: { kind: subject.kind, code: subject.maskedCode },
      state,
      records: records.rows.map(supportingView),
      categories: authorization.categories as SupportingCategory[],
      today,
    });
    const queryId = randomUUID();
    const queriedAt = now.toISOString();
    // The decider decides on the authorization's own history (revoked or expired meanwhile: 403, nothing answered).
    await this.commands.execute(
      authorization.id,
      {
        type: 'Share',
        data: { queryId, authorizationId: authorization.id, institutionCode, purpose: query.purpose, returned: answer.returned, recordIds: answer.recordIds, queriedAt },
        today,
      },
      commandMetaOf(ctx.principal, ctx.correlationId, subject.subjectKey),
    );
    return { queryId, authorizationId: authorization.id, purpose: query.purpose, answeredAt: queriedAt, ...answer.content };
  }

  /** The named authorization (if it is this subject's), or the best candidate: one in force first. */
  private async authorizationFor(subjectKey: string, institutionCode: string, query: FinancingQueryDto, today: string): Promise<AuthorizationRow | undefined> {
    if (query.authorizationId !== undefined) {
      const row = await findAuthorization(this.dataSource, query.authorizationId);
      return row && row.subject_key === subjectKey ? row : undefined;
    }
    const candidates = await candidateAuthorizations(this.dataSource, subjectKey, institutionCode, query.purpose);
    return candidates.find((row) => statusOn(row, today) === 'ACTIVE') ?? candidates[0];
  }

  /** The institution reports the loan it decided on a subject read under the authorization (信易贷 statistics). */
  async reportOutcome(dto: ReportOutcomeDto, ctx: RequestContext) {
    const errors: FieldError[] = checkOutcome(dto, todayInShanghai());
    if (errors.length > 0) throw new FieldValidationProblem(errors);
    const row = await findAuthorization(this.dataSource, dto.authorizationId);
    const outcomeId = randomUUID();
    const data = {
      outcomeId,
      authorizationId: dto.authorizationId,
      institutionCode: ctx.principal.departmentCode,
      outcome: dto.outcome,
      loanKind: dto.loanKind,
      amount: dto.amount,
      decidedOn: dto.decidedOn,
    };
    await this.commands.execute(dto.authorizationId, { type: 'ReportOutcome', data }, commandMetaOf(ctx.principal, ctx.correlationId, row?.subject_key ?? null));
    return { id: outcomeId, ...data };
  }

  /** 信易贷 figures for a date range: loans granted and refused, amounts (credit and secured), subjects served, queries. */
  async statistics(query: FinancingStatisticsQueryDto) {
    if (query.to < query.from) throw new FieldValidationProblem([{ field: 'to', message: 'to must not be before from' }]);
    return { from: query.from, to: query.to, ...(await financingFigures(this.dataSource, query.from, query.to)) };
  }
}
