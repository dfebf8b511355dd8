import { isUuid, newEventId, type LicensePublishedV1 } from '@credit/contracts';
import { EventStore, handleCommand, type CommandMeta, type EventStoreTransaction } from '@credit/event-store';
import { assertSourceUnit, FieldValidationProblem, NotFoundProblem } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DoublePublicityConfig } from '../config';
import { appendNewRecord, commandMeta, historyOf, type HistoryEntry, type RequestContext } from '../records/record-intake';
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
    await appendNewRecord(checked.record, () => this.store.transaction((tx) => this.append(tx, checked.record, commandMeta(checked.subjectKey, ctx))));
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
    return {
      id: licenseId,
      ...record,
      recordedAt: new Date(row.recorded_at).toISOString(),
      version: row.stream_version,
      history: await historyOf(this.store, licenseStream(id)),
    };
  }
}
