import { isUuid, newEventId, type LicensePublishedV1 } from '@credit/contracts';
import { EventStore, handleCommand, isUniqueViolation, type CommandMeta, type EventStoreTransaction } from '@credit/event-store';
import { assertSourceUnit, ConflictProblem, FieldValidationProblem, NotFoundProblem } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DoublePublicityConfig } from '../config';
import type { HistoryEntry, RequestContext } from '../penalties/penalties.service';
import { licenseDecider, licenseStream } from './license.decider';
import { RecordLicenseDto } from './license.dto';
import { checkLicense } from './license.rules';
import { projectLicenseEvents } from './licenses.projection';

export type LicenseView = Omit<LicensePublishedV1, 'licenseId'> & { id: string; recordedAt: string; version: number; history: HistoryEntry[] };

@Injectable()
export class LicensesService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: DoublePublicityConfig,
  ) {}

  async record(dto: RecordLicenseDto, ctx: RequestContext): Promise<{ id: string; timely: boolean }> {
    // A department writes only records whose source unit it is (architecture.md, Security).
    assertSourceUnit(ctx.principal, dto.sourceUnit.code);
    const licenseId = newEventId();
    const checked = checkLicense(dto, this.config, licenseId, new Date());
    if (!checked.ok) throw new FieldValidationProblem(checked.errors);
    try {
      await this.store.transaction((tx) => this.append(tx, checked.record, meta(checked.subjectKey, ctx)));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictProblem(`decision ${checked.record.decisionNumber} of authority ${checked.record.authority.code} is already recorded`, 'decisionNumber');
      }
      throw error;
    }
    return { id: licenseId, timely: checked.record.timely };
  }

  /** Appends a checked record and projects it, in the caller's transaction (single and batch intake). */
  async append(tx: EventStoreTransaction, record: LicensePublishedV1, commandMeta: CommandMeta): Promise<void> {
    const { events } = await handleCommand(tx, licenseStream(record.licenseId), licenseDecider, { type: 'RecordLicense', data: record }, commandMeta);
    await projectLicenseEvents(tx.manager, events);
  }

  async get(id: string): Promise<LicenseView> {
    const [row] = isUuid(id) ? await this.dataSource.query(`SELECT record, recorded_at, stream_version FROM licenses WHERE id = $1`, [id]) : [];
    if (!row) throw new NotFoundProblem(`no licence record ${id}`);
    const { licenseId, ...record } = row.record as LicensePublishedV1;
    const history = await this.store.readStream(licenseStream(id));
    return {
      id: licenseId,
      ...record,
      recordedAt: new Date(row.recorded_at).toISOString(),
      version: row.stream_version,
      history: history.map((e) => ({
        eventId: e.id,
        type: e.type,
        version: e.version,
        streamVersion: e.streamVersion,
        recordedAt: e.recordedAt,
        correlationId: e.correlationId,
        causationId: e.causationId,
        actor: e.actor,
        data: e.data,
      })),
    };
  }
}

export function meta(subjectKey: string, ctx: RequestContext): CommandMeta {
  return { subjectKey, correlationId: ctx.correlationId, actor: { departmentCode: ctx.principal.departmentCode, user: ctx.principal.name } };
}
