import { Injectable, Logger } from '@nestjs/common';
import { Counter, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { sameUnit } from '../auth/authorization';
import type { Principal } from '../auth/principal';
import { currentRequestContext } from '../logging/request-context';

/** One non-public read: the kind of resource, its id, the units it belongs to, and what was asked. */
export interface RestrictedRead {
  /** `objection`, `repair-application`, `subject-as-of`, ... */
  resource: string;
  /** The resource's id; a subject as its key or masked code, never a clear ID number. */
  resourceId: string;
  /** The units the resource belongs to (a read by one of them is not recorded). */
  ownerUnits: readonly string[];
  /** What else the read asked (an `asOf`, a filter); no personal data. */
  detail?: Record<string, unknown>;
}

const readsCounter = (): Counter<'resource'> =>
  (register.getSingleMetric('restricted_reads_total') as Counter<'resource'> | undefined) ??
  new Counter({ name: 'restricted_reads_total', help: 'Non-public reads by a unit other than the owning one, recorded in restricted_reads', labelNames: ['resource'] });

/**
 * Records each non-public read made by a unit other than the one the record belongs to (issue of
 * who may read what: a department sees its own, ops and admin see all, and what they see of others
 * is on record). Written before the answer leaves, so a read that cannot be recorded is not answered.
 */
@Injectable()
export class RestrictedReads {
  private readonly logger = new Logger('RestrictedReads');
  private readonly counter = readsCounter();

  constructor(private readonly dataSource: DataSource) {}

  /** Whether the read is by a unit the resource does not belong to (and so must be recorded). */
  static byOtherUnit(principal: Principal, ownerUnits: readonly string[]): boolean {
    return !ownerUnits.some((unit) => sameUnit(unit, principal.departmentCode));
  }

  async record(principal: Principal, read: RestrictedRead): Promise<void> {
    if (!RestrictedReads.byOtherUnit(principal, read.ownerUnits)) return;
    const correlationId = currentRequestContext()?.correlationId ?? null;
    await this.dataSource.query(
      `INSERT INTO restricted_reads (reader_unit, reader_name, reader_roles, resource, resource_id, owner_units, detail, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [principal.departmentCode, principal.name, principal.roles, read.resource, read.resourceId, [...read.ownerUnits], read.detail ? JSON.stringify(read.detail) : null, correlationId],
    );
    this.counter.inc({ resource: read.resource });
    this.logger.log(`restricted read recorded: ${read.resource} ${read.resourceId} read by ${principal.departmentCode} (${principal.roles.join(', ')})`);
  }
}
