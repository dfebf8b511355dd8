/** The licence records' read model (`licenses`) as the service reads it. */
import type { LicensePublishedV1 } from '@credit/contracts';
import type { EntityManager } from 'typeorm';

/** A DataSource or a transaction's EntityManager. */
type Queryable = Pick<EntityManager, 'query'>;

export interface LicenseRow {
  record: LicensePublishedV1;
  recorded_at: Date;
  stream_version: number;
  subject_linked: boolean;
}

export async function findLicense(db: Queryable, id: string): Promise<LicenseRow | undefined> {
  const [row] = await db.query(`SELECT record, recorded_at, stream_version, subject_linked FROM licenses WHERE id = $1`, [id]);
  return row;
}
