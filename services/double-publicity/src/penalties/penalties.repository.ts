/** The penalty records' read model (`penalties`) as the service reads it. */
import type { EntityManager } from 'typeorm';
import type { PublicityStatus, PublicityView } from './penalties.service';
import type { PenaltyRecord } from './penalty.decider';

export interface PenaltyRow {
  id: string;
  subject_key: string;
  source_unit_code: string;
  timely: boolean;
  publicity_status: PublicityStatus;
  publicity_regime: string;
  publicity_from: string | null;
  minimum_until: string | null;
  maximum_until: string | null;
  not_published_reason: string | null;
  withdrawal: PublicityView['withdrawal'] | null;
  record: PenaltyRecord;
  recorded_at: Date;
  stream_version: number;
  subject_linked: boolean;
}

/** The penalty row with its dates as YYYY-MM-DD, or undefined. */
export async function findPenalty(manager: EntityManager, id: string): Promise<PenaltyRow | undefined> {
  const [row] = await manager.query(
    `SELECT *, to_char(publicity_from, 'YYYY-MM-DD') AS publicity_from, to_char(minimum_until, 'YYYY-MM-DD') AS minimum_until,
              to_char(maximum_until, 'YYYY-MM-DD') AS maximum_until
         FROM penalties WHERE id = $1`,
    [id],
  );
  return row;
}
