import { normalizeUnitCode, parseIsoDate, todayInShanghai } from '@credit/domain-kernel';
import type { IntakeKind } from '@credit/contracts';
import type { EventStoreTransaction } from '@credit/event-store';
import { commandMetaOf, FieldValidationProblem, type RequestContext } from '@credit/platform';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QualityFigures, QualityPeriodDto } from './quality.dto';
import { addRefusedItemCounts, qualityFiguresOf } from './quality.repository';

export type { IntakeKind } from '@credit/contracts';

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
    // department null: every department (the city-wide summary).
    const row = await qualityFiguresOf(this.dataSource, period.from, period.to, department);
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
 * item's own when it is a real date, else the day of intake, so the refusal still counts somewhere),
 * and tells collection monitoring with one `intake-items-refused` event per department (counts only).
 */
export async function countRefusedItems(
  tx: EventStoreTransaction,
  kind: IntakeKind,
  refused: { departmentCode: string; decidedOn: unknown }[],
  now: Date,
  ctx: RequestContext,
): Promise<void> {
  const manager = tx.manager;
  if (refused.length === 0) return;
  const today = todayInShanghai(now);
  const counts = new Map<string, number>();
  for (const item of refused) {
    const day = typeof item.decidedOn === 'string' && parseIsoDate(item.decidedOn) !== null ? item.decidedOn : today;
    const key = `${item.departmentCode}\u0000${day}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const entries = [...counts.entries()].map(([key, n]) => [...key.split('\u0000'), n] as [string, string, number]);
  await addRefusedItemCounts(manager, kind, entries);
  const byDepartment = new Map<string, { decidedOn: string; refused: number }[]>();
  for (const [departmentCode, decidedOn, n] of entries) {
    const counts = byDepartment.get(departmentCode) ?? [];
    counts.push({ decidedOn, refused: n });
    byDepartment.set(departmentCode, counts);
  }
  for (const [named, counts] of byDepartment) {
    // An administrator's item may name any text as its unit: the event names a real USCC, else the caller's.
    const departmentCode = normalizeUnitCode(named) ?? ctx.principal.departmentCode;
    // A stream per batch and department: concurrent batches never contend for a version.
    await tx.append(`intake-refusals-${randomUUID()}`, 0, [
      { type: 'double-publicity.intake-items-refused', data: { departmentCode, kind, counts }, ...commandMetaOf(ctx.principal, ctx.correlationId, null) },
    ]);
  }
}
