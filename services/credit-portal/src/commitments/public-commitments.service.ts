import { todayInShanghai } from '@credit/domain-kernel';
import { offsetOf } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CommitmentListQueryDto, CommitmentStatisticsQueryDto } from './public-commitments.dto';
import { countPublicCommitments, listPublicCommitments } from './public-commitments.repository';

export interface UnitCommitmentFigures {
  unit: { code: string; name: string };
  /** Public commitments shown (binding, not withdrawn or expired). */
  shown: number;
  fulfilled: number;
  breached: number;
  false: number;
  /** No finding yet. */
  pending: number;
  /** fulfilled ÷ those with a finding, 4 decimals; null without any finding. */
  fulfilmentRate: number | null;
}

/** The public commitments the credit website shows (公开承诺, not closed, still binding), with their fulfilment. */
@Injectable()
export class PublicCommitmentsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: CommitmentListQueryDto) {
    const { total, rows } = await listPublicCommitments(this.dataSource, todayInShanghai(), query, query.pageSize, offsetOf(query));
    return { items: rows.map((r) => r.entry), page: query.page, pageSize: query.pageSize, total };
  }

  /** Per accepting unit: how many are shown and what was found (履约情况), the fulfilment rate. */
  async statistics(query: CommitmentStatisticsQueryDto): Promise<{ asOf: string; units: UnitCommitmentFigures[] }> {
    const today = todayInShanghai();
    const counts = await countPublicCommitments(this.dataSource, today, query);
    const units = new Map<string, UnitCommitmentFigures>();
    for (const row of counts) {
      const unit = units.get(row.unit_code) ?? { unit: { code: row.unit_code, name: row.unit_name }, shown: 0, fulfilled: 0, breached: 0, false: 0, pending: 0, fulfilmentRate: null };
      unit.shown += row.n;
      if (row.fulfilment === 'FULFILLED') unit.fulfilled += row.n;
      else if (row.fulfilment === 'BREACHED') unit.breached += row.n;
      else if (row.fulfilment === 'FALSE') unit.false += row.n;
      else unit.pending += row.n;
      units.set(row.unit_code, unit);
    }
    for (const unit of units.values()) {
      const found = unit.fulfilled + unit.breached + unit.false;
      unit.fulfilmentRate = found === 0 ? null : Math.round((unit.fulfilled / found) * 10_000) / 10_000;
    }
    return { asOf: today, units: [...units.values()] };
  }
}
