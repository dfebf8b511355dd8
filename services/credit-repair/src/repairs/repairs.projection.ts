/**
 * The repair applications and their effects, written from this service's own events in the
 * append transaction (the same transaction as the events: the read model cannot lag or disagree).
 */
import type { StoredEvent } from '@credit/event-store';
import type { EntityManager } from 'typeorm';
import { effectsOfApproval, type RepairEvent } from './repair.decider';

export interface ProjectionSettings {
  /** Seconds after the approval by which each effect is due. */
  effectDeadlineSeconds: number;
}

export async function projectRepairEvents(manager: EntityManager, events: StoredEvent[], settings: ProjectionSettings): Promise<void> {
  for (const stored of events) {
    const event = stored as unknown as RepairEvent & StoredEvent;
    const id = stored.stream.replace(/^repair-/, '');
    switch (event.type) {
      case 'credit-repair.repair-applied': {
        const d = event.data;
        await manager.query(
          `INSERT INTO repair_applications (id, subject_key, subject_code, masked_code, target_type, target_id, commitment_id, evidence,
             status, applied_on, due_by, stream_version, due_by_calendar, due_by_provisional)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'SUBMITTED', $9, $10, $11, $12, $13)`,
          [
            d.applicationId,
            stored.subjectKey,
            d.subjectCode,
            d.maskedCode,
            d.target.type,
            d.target.id,
            d.commitmentId,
            JSON.stringify(d.evidence),
            d.appliedOn,
            d.dueBy,
            stored.streamVersion,
            d.calendar ? JSON.stringify(d.calendar) : null,
            d.calendar?.some((basis) => basis.provisional) ?? false,
          ],
        );
        break;
      }
      case 'credit-repair.repair-due-date-recomputed': {
        const r = event.data;
        await manager.query(`UPDATE repair_applications SET due_by = $2, due_by_calendar = $3, due_by_provisional = $4, stream_version = $5 WHERE id = $1`, [
          id,
          r.dueBy,
          JSON.stringify(r.calendar),
          r.calendar.some((basis) => basis.provisional),
          stored.streamVersion,
        ]);
        break;
      }
      case 'credit-repair.repair-approved': {
        await decided(manager, stored, 'APPROVED', event.data.reason, event.data.decidingUnitCode);
        for (const effect of effectsOfApproval(event.data)) {
          await manager.query(
            `INSERT INTO repair_effects (application_id, service, effect, status, deadline)
             VALUES ($1, $2, $3, 'PENDING', $4::timestamptz + make_interval(secs => $5))`,
            [id, effect.service, effect.effect, stored.recordedAt, settings.effectDeadlineSeconds],
          );
        }
        break;
      }
      case 'credit-repair.repair-rejected':
        await decided(manager, stored, 'REJECTED', event.data.reason, event.data.decidingUnitCode);
        break;
      case 'credit-repair.repair-effect-confirmed':
        await manager.query(
          `UPDATE repair_effects SET status = 'DONE', at = $3, confirmed_by = $4, error = NULL WHERE application_id = $1 AND effect = $2`,
          [id, event.data.effect, event.data.at, event.data.confirmedBy],
        );
        await version(manager, stored);
        break;
      case 'credit-repair.repair-completed':
        await manager.query(`UPDATE repair_applications SET status = 'COMPLETED', completed_at = $2, stream_version = $3 WHERE id = $1`, [
          id,
          event.data.completedAt,
          stored.streamVersion,
        ]);
        break;
      case 'credit-repair.repair-effect-failed':
        await manager.query(`UPDATE repair_effects SET status = 'FAILED', at = $3, error = $4 WHERE application_id = $1 AND effect = $2`, [
          id,
          event.data.effect,
          event.data.at,
          event.data.error,
        ]);
        await version(manager, stored);
        break;
      case 'credit-repair.repair-effect-overdue':
        await manager.query(`UPDATE repair_effects SET overdue_alerted_at = $3 WHERE application_id = $1 AND effect = $2`, [id, event.data.effect, stored.recordedAt]);
        await version(manager, stored);
        break;
    }
  }
}

async function decided(manager: EntityManager, stored: StoredEvent, status: string, reason: string, unit: string) {
  await manager.query(
    `UPDATE repair_applications SET status = $2, decided_at = $3, decision_reason = $4, deciding_unit_code = $5, stream_version = $6 WHERE id = $1`,
    [stored.stream.replace(/^repair-/, ''), status, stored.recordedAt, reason, unit, stored.streamVersion],
  );
}

async function version(manager: EntityManager, stored: StoredEvent) {
  await manager.query(`UPDATE repair_applications SET stream_version = $2 WHERE id = $1`, [stored.stream.replace(/^repair-/, ''), stored.streamVersion]);
}
