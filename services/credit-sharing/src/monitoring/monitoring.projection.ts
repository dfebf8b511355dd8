import type { MonitoringReportCompiledV1, WarningRaisedV1 } from '@credit/contracts';
import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';

/** Read models of the warnings raised and the monthly reports; in the append transaction. */
export async function projectMonitoringEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
  for (const stored of events) {
    if (stored.type === 'credit-sharing.warning-raised') {
      const w = stored.data as WarningRaisedV1;
      await manager.query(
        `INSERT INTO warnings (id, rule, rule_version, responsible_unit_code, subject_kind, masked_code, period, detail, figures, raised_on, raised_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11)`,
        [w.warningId, w.rule, w.ruleVersion, w.responsibleUnitCode, w.subject?.kind ?? null, w.subject?.maskedCode ?? null, w.period, w.detail, JSON.stringify(w.figures), w.raisedOn, stored.recordedAt],
      );
    } else if (stored.type === 'credit-sharing.monitoring-report-compiled') {
      const r = stored.data as MonitoringReportCompiledV1;
      await manager.query(`INSERT INTO monitoring_reports (month, compiled_on, report, compiled_at) VALUES ($1, $2, $3::jsonb, $4)`, [r.month, r.compiledOn, JSON.stringify(r), stored.recordedAt]);
    }
  }
}
