import { todayInShanghai } from '@credit/domain-kernel';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Counter, Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { countOverdueVerifications } from './commitments.repository';

/** Registered once per process on the default register, which /metrics serves. */
export const lateVerificationsTotal =
  (register.getSingleMetric('credit_commitment_verifications_late_total') as Counter<'accepting_unit'> | undefined) ??
  new Counter({
    name: 'credit_commitment_verifications_late_total',
    help: 'Findings on commitments recorded after the verification day their matter sets (working days after the signature)',
    labelNames: ['accepting_unit'],
  });

/**
 * `credit_commitment_verifications_overdue{accepting_unit}`: commitments in force whose verification
 * day has passed, read from the read model when scraped (nothing to keep in step).
 */
@Injectable()
export class CommitmentMetrics implements OnApplicationBootstrap {
  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    const name = 'credit_commitment_verifications_overdue';
    if (register.getSingleMetric(name)) register.removeSingleMetric(name);
    const dataSource = this.dataSource;
    new Gauge({
      name,
      help: 'Commitments in force whose verification day (working days after the signature, per the matter list) has passed',
      labelNames: ['accepting_unit'],
      async collect() {
        this.reset();
        for (const row of await countOverdueVerifications(dataSource, todayInShanghai())) this.set({ accepting_unit: row.accepting_unit_code }, row.n);
      },
    });
  }
}
