import type { CreditCheckScenario, ListKind } from '@credit/contracts';
import { resolveSubjectCode, todayInShanghai } from '@credit/domain-kernel';
import { FieldValidationProblem, ForbiddenProblem, NotFoundProblem, type ProblemField } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JointPunishmentConfig } from '../config';
import type { RequestContext } from '../common/request-context';

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
  /** Punishments in force that bite in this scenario. */
  measures: CheckedMeasure[];
  /** Incentives in force for this scenario. */
  incentives: CheckedMeasure[];
  /** The credit grade is grading-supervision's; not part of this service's read model yet. */
  grade: null;
}

/**
 * An entry is in force while it has not exited and its validity has not run out: an entry past
 * its validUntil no longer binds anyone (domain.md §5: expiry exits the entry).
 */
const IN_FORCE = `e.subject_key = $1 AND e.status = 'IN_FORCE' AND (e.valid_until IS NULL OR e.valid_until >= $2::date)`;

@Injectable()
export class CreditCheckService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: JointPunishmentConfig,
  ) {}

  /**
   * 逢办必查、自动核查: answers from this service's own read model, and records every check with
   * who asked, for which workflow and what was answered (domain.md §5).
   */
  async check(subjectCode: string, scenario: CreditCheckScenario, ctx: RequestContext): Promise<CreditCheckAnswer> {
    const subject = resolveSubjectCode(subjectCode, this.config.subjectKeySecret);
    if (!subject.ok) throw new FieldValidationProblem([{ field: 'subjectCode', message: `subjectCode ${subject.message}` }]);
    return this.answer(subject, scenario, ctx);
  }

  /** Up to 500 subjects for one workflow; all codes are checked first, so a bad one records no check at all. */
  async checkBatch(subjectCodes: string[], scenario: CreditCheckScenario, ctx: RequestContext): Promise<CreditCheckAnswer[]> {
    const errors: ProblemField[] = [];
    const subjects = subjectCodes.map((code, i) => {
      const subject = resolveSubjectCode(code, this.config.subjectKeySecret);
      if (!subject.ok) errors.push({ field: `subjectCodes.${i}`, message: `subjectCodes.${i} ${subject.message}` });
      return subject;
    });
    if (errors.length > 0) throw new FieldValidationProblem(errors);
    const answers: CreditCheckAnswer[] = [];
    for (const subject of subjects) if (subject.ok) answers.push(await this.answer(subject, scenario, ctx));
    return answers;
  }

  /** Records what the department that made the check did with its answer. */
  async recordUse(checkId: string, decision: string, note: string | undefined, ctx: RequestContext) {
    const [check]: { department_code: string }[] = await this.dataSource.query(
      `SELECT department_code FROM credit_checks WHERE id::text = $1`,
      [checkId.toLowerCase()],
    );
    if (!check) throw new NotFoundProblem(`no credit check ${checkId}`);
    if (check.department_code !== ctx.principal.departmentCode) {
      throw new ForbiddenProblem(`credit check ${checkId} was made by another department; only it records the use of the answer`);
    }
    const [row]: { recorded_at: Date }[] = await this.dataSource.query(
      `INSERT INTO credit_check_uses (check_id, department_code, decision, note) VALUES ($1, $2, $3, $4) RETURNING recorded_at`,
      [checkId.toLowerCase(), ctx.principal.departmentCode, decision, note ?? null],
    );
    return { checkId: checkId.toLowerCase(), decision, ...(note !== undefined && { note }), recordedAt: new Date(row.recorded_at).toISOString() };
  }

  private async answer(
    subject: Extract<ReturnType<typeof resolveSubjectCode>, { ok: true }>,
    scenario: CreditCheckScenario,
    ctx: RequestContext,
  ): Promise<CreditCheckAnswer> {
    const today = todayInShanghai();

    // One round trip: each in-force entry with the applied measures that bite in the scenario
    // (a row per entry and measure application, or one row with no measure).
    const rows: {
      id: string;
      list: ListKind;
      category: string;
      decided_on: string;
      valid_until: string | null;
      initiating_unit_name: string;
      initiating_unit_code: string;
      code: string | null;
      name: string | null;
      legal_basis: string | null;
      unit_code: string | null;
      kind: 'PUNISHMENT' | 'INCENTIVE' | null;
    }[] = await this.dataSource.query(
      `SELECT e.id, e.list, e.category, to_char(e.decided_on, 'YYYY-MM-DD') AS decided_on, to_char(e.valid_until, 'YYYY-MM-DD') AS valid_until,
              e.initiating_unit_name, e.initiating_unit_code, m.code, m.name, m.legal_basis, a.unit_code, m.kind
       FROM list_entries e
       LEFT JOIN (measure_applications a JOIN measures m ON m.code = a.measure_code AND $3 = ANY (m.scenarios))
         ON a.list_entry_id = e.id AND a.status = 'APPLIED'
       WHERE ${IN_FORCE}
       ORDER BY e.decided_on, e.id`,
      [subject.subjectKey, today, scenario],
    );
    const entries = [...new Map(rows.map((r) => [r.id, r])).values()];
    const seen = new Set<string>();
    const measures = rows
      .filter((r): r is typeof r & { code: string; name: string; legal_basis: string; unit_code: string; kind: 'PUNISHMENT' | 'INCENTIVE' } => r.code !== null)
      .filter((r) => !seen.has(`${r.code}|${r.unit_code}`) && seen.add(`${r.code}|${r.unit_code}`) !== undefined)
      .sort((x, y) => (x.code === y.code ? x.unit_code.localeCompare(y.unit_code) : x.code < y.code ? -1 : 1));
    const toMeasure = (m: (typeof measures)[number]): CheckedMeasure => ({
      measureCode: m.code,
      name: m.name,
      legalBasis: m.legal_basis,
      unitCode: m.unit_code,
    });

    const answer: CreditCheckAnswer = {
      checkId: randomUUID(),
      subjectCode: subject.maskedCode,
      scenario,
      checkedAt: new Date().toISOString(),
      lists: entries.map((e) => ({
        id: e.id,
        list: e.list,
        category: e.category,
        decidedOn: e.decided_on,
        ...(e.valid_until !== null && { validUntil: e.valid_until }),
        initiatingUnit: { name: e.initiating_unit_name, code: e.initiating_unit_code },
      })),
      measures: measures.filter((m) => m.kind === 'PUNISHMENT').map(toMeasure),
      incentives: measures.filter((m) => m.kind === 'INCENTIVE').map(toMeasure),
      grade: null,
    };
    await this.dataSource.query(
      `INSERT INTO credit_checks (id, subject_key, scenario, department_code, user_name, correlation_id, answer, checked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [answer.checkId, subject.subjectKey, scenario, ctx.principal.departmentCode, ctx.principal.name ?? null, ctx.correlationId, JSON.stringify(answer), answer.checkedAt],
    );
    return answer;
  }
}
