/**
 * The read models `ops rebuild credit-repair` rebuilds from this service's stored events: the repair
 * applications and their effects (one projection: the effects reference the applications). An
 * effect's deadline is the approval time plus the configured REPAIR_EFFECT_DEADLINE_SECONDS, as on
 * the live path: after a change of that setting, a rebuild gives the new deadlines. Not here: the
 * known penalties, list entries and repair commitments, which come from other services' events
 * (recovered with `ops replay`).
 */
import { typesStartingWith, type RebuildableProjection } from '@credit/platform';
import type { CreditRepairConfig } from '../config';
import { projectRepairEvents } from '../repairs/repairs.projection';

export function creditRepairProjections(config: CreditRepairConfig): RebuildableProjection[] {
  return [
    {
      name: 'repairs',
      description: 'Repair applications (信用修复) and the effects each approval requested',
      tables: [
        { name: 'repair_applications' },
        // The overdue scan marks an effect alerted itself (now()) when the decider declined to raise
        // the alert again: that mark is carried over from the live table.
        { name: 'repair_effects', carried: { key: ['application_id', 'effect'], columns: ['overdue_alerted_at'] } },
      ],
      accepts: typesStartingWith('credit-repair.repair-'),
      project: (manager, events) => projectRepairEvents(manager, events, { effectDeadlineSeconds: config.effectDeadlineSeconds }),
    },
  ];
}
