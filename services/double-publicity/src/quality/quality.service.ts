import { parseIsoDate, todayInShanghai } from '@credit/domain-kernel';
import { FieldValidationProblem } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { QualityFigures, QualityPeriodDto } from './quality.dto';

export type IntakeKind = 'PENALTY' | 'LICENSE' | 'ADMINISTRATIVE_ACTION';

/**
 * Quality figures per department and period (domain.md §2: 合规率 = records passing all rules ÷
 * reported, 及时率 = reported within 7 working days ÷ reported), read from the record projections,
 * the refused-item counts and the objections.
 */
@Injectable()
export class QualityService {
  constructor(private readonly dataSource: DataSource) {}

  async department(code: string, period: QualityPeriodDto): Promise<QualityFigures> {
    const { departments: _departments, ...figures } = await this.figures(period, code.trim().toUpperCase());
    return figures;
  }

  /** The city-wide summary also says how many departments submitted in the period. */
  city(period: QualityPeriodDto): Promise<QualityFigures & { departments: number }> {
    return this.figures(period, null);
  }

  private async figures(period: QualityPeriodDto, department: string | null): Promise<QualityFigures & { departments: number }> {
    const errors = [];
    if (parseIsoDate(period.from) === null) errors.push({ field: 'from', message: 'from must be a real calendar date (YYYY-MM-DD)' });
    if (parseIsoDate(period.to) === null) errors.push({ field: 'to', message: 'to must be a real calendar date (YYYY-MM-DD)' });
    if (errors.length === 0 && period.to < period.from) errors.push({ field: 'to', message: 'to must not be before from' });
    if (errors.length > 0) throw new FieldValidationProblem(errors);
    // $3 null: every department (the city-wide summary).
    const params = [period.from, period.to, department];
    const [row] = await this.dataSource.query(
      `WITH records AS (
         SELECT source_unit_code, timely, record ? 'matterCode' AS names_matter FROM penalties
          WHERE decided_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR source_unit_code = $3)
         UNION ALL
         SELECT source_unit_code, timely, record ? 'matterCode' AS names_matter FROM licenses
          WHERE decided_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR source_unit_code = $3)
         UNION ALL
         SELECT source_unit_code, timely, record ? 'matterCode' AS names_matter FROM administrative_actions
          WHERE decided_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR source_unit_code = $3)
       ), refused AS (
         SELECT source_unit_code, refused FROM refused_intake_items
          WHERE decided_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR source_unit_code = $3)
       ), objected AS (
         SELECT source_unit_code, (overdue_on IS NOT NULL OR late IS TRUE) AS overdue FROM objections
          WHERE filed_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR source_unit_code = $3)
       )
       SELECT (SELECT count(*) FROM records)::int AS stored,
              (SELECT count(*) FILTER (WHERE timely) FROM records)::int AS timely,
              (SELECT count(*) FILTER (WHERE NOT names_matter) FROM records)::int AS without_matter,
              (SELECT coalesce(sum(refused), 0) FROM refused)::int AS refused,
              (SELECT count(*) FROM objected)::int AS objections,
              (SELECT count(*) FILTER (WHERE overdue) FROM objected)::int AS objections_overdue,
              ((SELECT count(*) FROM penalties WHERE NOT subject_linked AND decided_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR source_unit_code = $3))
               + (SELECT count(*) FROM licenses WHERE NOT subject_linked AND decided_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR source_unit_code = $3)))::int
                AS unlinked_subjects,
              (SELECT count(DISTINCT source_unit_code) FROM (SELECT source_unit_code FROM records UNION SELECT source_unit_code FROM refused) d)::int AS departments`,
      params,
    );
    const submitted = row.stored + row.refused;
    const rate = (n: number) => (submitted === 0 ? null : Math.round((n / submitted) * 10_000) / 10_000);
    return {
      from: period.from,
      to: period.to,
      submitted,
      compliant: row.stored,
      timely: row.timely,
      complianceRate: rate(row.stored),
      timelinessRate: rate(row.timely),
      objections: row.objections,
      objectionsOverdue: row.objections_overdue,
      unlinkedSubjects: row.unlinked_subjects,
      withoutMatterCode: row.without_matter,
      departments: row.departments,
    };
  }
}

/**
 * Counts refused batch items in the batch's transaction: per department and decision date (the
 * item's own when it is a real date, else the day of intake, so the refusal still counts somewhere).
 */
export async function countRefusedItems(
  manager: EntityManager,
  kind: IntakeKind,
  refused: { departmentCode: string; decidedOn: unknown }[],
  now: Date,
): Promise<void> {
  if (refused.length === 0) return;
  const today = todayInShanghai(now);
  const counts = new Map<string, number>();
  for (const item of refused) {
    const day = typeof item.decidedOn === 'string' && parseIsoDate(item.decidedOn) !== null ? item.decidedOn : today;
    const key = `${item.departmentCode}\u0000${day}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const entries = [...counts.entries()].map(([key, n]) => [...key.split('\u0000'), n] as [string, string, number]);
  await manager.query(
    `INSERT INTO refused_intake_items (source_unit_code, decided_on, kind, refused)
     SELECT unit, day, $4, n FROM unnest($1::text[], $2::date[], $3::int[]) AS t(unit, day, n)
     ON CONFLICT (source_unit_code, decided_on, kind) DO UPDATE SET refused = refused_intake_items.refused + EXCLUDED.refused`,
    [entries.map((e) => e[0]), entries.map((e) => e[1]), entries.map((e) => e[2]), kind],
  );
}
