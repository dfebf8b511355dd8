import type { CreditCheckScenario, CreditGrade, ListKind } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import { FieldValidationProblem, ForbiddenProblem, NotFoundProblem, sameUnit, type ProblemField, type RequestContext } from '@credit/platform';
import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JointPunishmentConfig } from '../config';
import { Coalescer } from './coalescer';
import { answerAndRecordChecks, findCheckDepartment, recordCheckUse } from './credit-check.repository';

export interface CheckedListEntry {
  id: string;
  list: ListKind;
  category: string;
  decidedOn: string;
  validUntil?: string;
  initiatingUnit: { name: string; code: string };
}

export interface CheckedMeasure {
  measureCode: string;
  name: string;
  legalBasis: string;
  unitCode: string;
}

export interface CreditCheckAnswer {
  checkId: string;
  /** The USCC, or the masked ID number of a natural person. */
  subjectCode: string;
  scenario: CreditCheckScenario;
  checkedAt: string;
  lists: CheckedListEntry[];
  /** Punishments in force (black-list entries) that bite in this scenario, with the unit applying each. */
  measures: CheckedMeasure[];
  /** Incentives in force (red-list entries) for this scenario, with the unit granting each. */
  incentives: CheckedMeasure[];
  /** grading-supervision's latest grade of the subject (null while it has graded none). */
  grade: CreditGrade | null;
  /** The score behind the grade (0–100), null with it. */
  score: number | null;
  /** When that grade was computed, null with it. */
  gradedAt: string | null;
}

/** One check to answer and record: the subject, the code to show (masked for a natural person), the workflow, the caller. */
interface CheckRequest {
  subjectKey: string;
  shownCode: string;
  scenario: CreditCheckScenario;
  departmentCode: string;
  userName: string | null;
  correlationId: string;
}

/** Largest batch of one round trip (the batch endpoint's limit). */
const MAX_BATCH = 500;

@Injectable()
export class CreditCheckService implements BeforeApplicationShutdown {
  /** The checks of concurrent requests, answered and recorded together. */
  private readonly checks = new Coalescer<CheckRequest, string>((requests) => this.checkAndRecord(requests), {
    maxBatch: MAX_BATCH,
    maxInFlight: 6,
  });

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: JointPunishmentConfig,
  ) {}

  /**
   * 逢办必查、自动核查: answers from this service's own read models, and records every check with
   * who asked, for which workflow and what was answered (domain.md §5). The checks of concurrent
   * requests are answered and recorded together, in one statement committed before any of them is
   * returned: a checkId the caller holds always names a recorded check, and no check is recorded
   * without its caller getting the answer, unless the connection fails after the commit. The
   * answer (a `CreditCheckAnswer`) is its JSON text, as recorded.
   */
  async check(subjectCode: string, scenario: CreditCheckScenario, ctx: RequestContext): Promise<string> {
    const subject = this.config.subjectIdentity.resolve(subjectCode);
    if (!subject.ok) throw new FieldValidationProblem([{ field: 'subjectCode', message: `subjectCode ${subject.message}` }]);
    return this.checks.submit(this.requestOf(subject.subjectKey, subject.maskedCode, scenario, ctx));
  }

  /**
   * Up to 500 subjects for one workflow: all codes are checked first, so a bad one records no check
   * at all; then one statement, so either every check is recorded and answered or none.
   */
  async checkBatch(subjectCodes: string[], scenario: CreditCheckScenario, ctx: RequestContext): Promise<CreditCheckAnswer[]> {
    const errors: ProblemField[] = [];
    const requests: CheckRequest[] = [];
    subjectCodes.forEach((code, i) => {
      const subject = this.config.subjectIdentity.resolve(code);
      if (!subject.ok) errors.push({ field: `subjectCodes.${i}`, message: `subjectCodes.${i} ${subject.message}` });
      else requests.push(this.requestOf(subject.subjectKey, subject.maskedCode, scenario, ctx));
    });
    if (errors.length > 0) throw new FieldValidationProblem(errors);
    return (await this.checkAndRecord(requests)).map((answer) => JSON.parse(answer) as CreditCheckAnswer);
  }

  /** Records what the department that made the check did with its answer. */
  async recordUse(checkId: string, decision: string, note: string | undefined, ctx: RequestContext) {
    const check = await findCheckDepartment(this.dataSource, checkId.toLowerCase());
    if (!check) throw new NotFoundProblem(`no credit check ${checkId}`);
    // The use of an answer is the checking department's own account, as the check was: no other unit records it, not even an administrator.
    if (!sameUnit(check.department_code, ctx.principal.departmentCode)) {
      throw new ForbiddenProblem(`credit check ${checkId} was made by another department; only it records the use of the answer`);
    }
    const row = await recordCheckUse(this.dataSource, checkId.toLowerCase(), ctx.principal.departmentCode, decision, note ?? null);
    return { checkId: checkId.toLowerCase(), decision, ...(note !== undefined && { note }), recordedAt: new Date(row.recorded_at).toISOString() };
  }

  /** Checks under way finish (answered, recorded) before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.checks.drained();
  }

  private requestOf(subjectKey: string, shownCode: string, scenario: CreditCheckScenario, ctx: RequestContext): CheckRequest {
    return {
      subjectKey,
      shownCode,
      scenario,
      departmentCode: ctx.principal.departmentCode,
      userName: ctx.principal.name ?? null,
      correlationId: ctx.correlationId,
    };
  }

  /** Answers and records a batch of checks in one statement; the answers' JSON texts in the batch's order. */
  private async checkAndRecord(requests: CheckRequest[]): Promise<string[]> {
    if (requests.length === 0) return [];
    const checkedAt = new Date().toISOString();
    return answerAndRecordChecks(
      this.dataSource,
      requests.map((r) => ({ id: randomUUID(), ...r, checkedAt })),
      todayInShanghai(),
    );
  }
}
