import type { CreditCheckScenario, CreditGrade, ListKind } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import { FieldValidationProblem, ForbiddenProblem, NotFoundProblem, sameUnit, type ProblemField, type RequestContext } from '@credit/platform';
import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JointPunishmentConfig } from '../config';
import { Coalescer } from './coalescer';

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

/** The part of pg's pool used here: named statements are parsed and planned once per connection. */
interface PgPool {
  query(config: {
    name: string;
    text: string;
    values: unknown[];
    rowMode: 'array';
    types: { getTypeParser: () => (text: string) => unknown };
  }): Promise<{ rows: unknown[][] }>;
}

/** Columns as PostgreSQL sends them: the answers' JSON text goes out as it is, never parsed and re-serialised. */
const AS_SENT = { getTypeParser: () => (text: string) => text };

/** An entry binds while it is in force and its validity has not run out (expiry exits it, domain.md §5). */
const IN_FORCE = `e.subject_key = k.subject_key AND e.status = 'IN_FORCE' AND (e.valid_until IS NULL OR e.valid_until >= $9::date)`;

/**
 * The applied measures of a kind that bite in the check's scenario, once per measure and unit, by code
 * then unit; each as the version it was applied under (a later revision applies to later entries).
 */
const measuresOf = (kind: 'PUNISHMENT' | 'INCENTIVE') => `
  coalesce((SELECT json_agg(json_build_object('measureCode', x.code, 'name', x.name, 'legalBasis', x.legal_basis, 'unitCode', x.unit_code)
                            ORDER BY x.code COLLATE "C", x.unit_code COLLATE "C")
            FROM (SELECT DISTINCT m.code, m.name, m.legal_basis, a.unit_code
                  FROM list_entries e
                  JOIN measure_applications a ON a.list_entry_id = e.id AND a.status = 'APPLIED'
                  JOIN measure_versions m ON m.code = a.measure_code AND m.version = a.measure_version
                                         AND m.kind = '${kind}' AND k.scenario = ANY (m.scenarios)
                  WHERE ${IN_FORCE}) x), '[]'::json)`;

/**
 * Answers a batch of checks and records them, in one statement (one round trip, all or nothing):
 * each check's answer is built from the read models (entries in force, the measures biting in its
 * scenario, the grade), inserted into credit_checks and returned in the batch's order.
 */
const CHECK_AND_RECORD = `
  WITH k AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
      WITH ORDINALITY AS k (id, subject_key, shown_code, scenario, department_code, user_name, correlation_id, checked_at, i)
  ), answers AS (
    SELECT k.*, json_build_object(
      'checkId', k.id,
      'subjectCode', k.shown_code,
      'scenario', k.scenario,
      'checkedAt', k.checked_at,
      'lists', coalesce((SELECT json_agg(json_strip_nulls(json_build_object(
                           'id', e.id, 'list', e.list, 'category', e.category,
                           'decidedOn', to_char(e.decided_on, 'YYYY-MM-DD'), 'validUntil', to_char(e.valid_until, 'YYYY-MM-DD'),
                           'initiatingUnit', json_build_object('name', e.initiating_unit_name, 'code', e.initiating_unit_code)))
                         ORDER BY e.decided_on, e.id)
                         FROM list_entries e WHERE ${IN_FORCE}), '[]'::json),
      'measures', ${measuresOf('PUNISHMENT')},
      'incentives', ${measuresOf('INCENTIVE')},
      'grade', g.grade,
      'score', g.score,
      'gradedAt', to_char(g.graded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    ) AS answer
    FROM k LEFT JOIN subject_grades g ON g.subject_key = k.subject_key
  ), recorded AS (
    INSERT INTO credit_checks (id, subject_key, scenario, department_code, user_name, correlation_id, answer, checked_at)
    SELECT id, subject_key, scenario, department_code, user_name, correlation_id, answer::jsonb, checked_at::timestamptz FROM answers
  )
  SELECT answer FROM answers ORDER BY i`;

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
    const [check]: { department_code: string }[] = await this.dataSource.query(
      `SELECT department_code FROM credit_checks WHERE id::text = $1`,
      [checkId.toLowerCase()],
    );
    if (!check) throw new NotFoundProblem(`no credit check ${checkId}`);
    // The use of an answer is the checking department's own account, as the check was: no other unit records it, not even an administrator.
    if (!sameUnit(check.department_code, ctx.principal.departmentCode)) {
      throw new ForbiddenProblem(`credit check ${checkId} was made by another department; only it records the use of the answer`);
    }
    const [row]: { recorded_at: Date }[] = await this.dataSource.query(
      `INSERT INTO credit_check_uses (check_id, department_code, decision, note) VALUES ($1, $2, $3, $4) RETURNING recorded_at`,
      [checkId.toLowerCase(), ctx.principal.departmentCode, decision, note ?? null],
    );
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
    const pool = (this.dataSource.driver as unknown as { master: PgPool }).master;
    const { rows } = await pool.query({
      name: 'credit-check-and-record',
      text: CHECK_AND_RECORD,
      values: [
        requests.map(() => randomUUID()),
        requests.map((r) => r.subjectKey),
        requests.map((r) => r.shownCode),
        requests.map((r) => r.scenario),
        requests.map((r) => r.departmentCode),
        requests.map((r) => r.userName),
        requests.map((r) => r.correlationId),
        requests.map(() => checkedAt),
        todayInShanghai(),
      ],
      rowMode: 'array',
      types: AS_SENT,
    });
    return rows.map((row) => row[0] as string);
  }
}
