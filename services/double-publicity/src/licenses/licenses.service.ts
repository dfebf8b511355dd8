import { isUuid, newEventId, type LicensePublishedV1 } from '@credit/contracts';
import { EventStore, handleCommand, handleCommands, type CommandMeta, type EventStoreTransaction } from '@credit/event-store';
import { assertSourceUnit, commandMetaOf, FieldValidationProblem, NotFoundProblem, RestrictedReads, type Principal, type RequestContext } from '@credit/platform';
import { shownOrForbidden } from '../records/record-access.http';
import { readerOf, recordViewFor } from '../records/record-access.rules';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DoublePublicityConfig } from '../config';
import { stageVaultHandoffs } from '../subjects/vault-handoff';
import { appendNewRecord, historyOf, type HistoryEntry } from '../records/record-intake';
import { withCatalogMatter } from '../catalog/record-matter';
import { licenseDecider, licenseStream } from './license.decider';
import { RecordLicenseDto } from './license.dto';
import { checkLicense } from './license.rules';
import { insertRecordedLicenses, projectLicenseEvents } from './licenses.projection';
import { findLicense } from './licenses.repository';
import { timelyOf, type RecordedTimely } from '../records/timeliness.rules';

export type LicenseView = Omit<LicensePublishedV1, 'licenseId'> & { id: string; category: LicensePublishedV1['licenseType']; recordedAt: string; version: number; subjectLinked: boolean; history: HistoryEntry[] };

@Injectable()
export class LicensesService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: DoublePublicityConfig,
    private readonly restrictedReads: RestrictedReads,
  ) {}

  async record(dto: RecordLicenseDto, ctx: RequestContext): Promise<RecordedTimely> {
    // A department writes only records whose source unit it is (architecture.md, Security).
    assertSourceUnit(ctx.principal, dto.sourceUnit.code);
    const licenseId = newEventId();
    const checked = checkLicense(dto, this.config, licenseId, new Date());
    if (!checked.ok) throw new FieldValidationProblem(checked.errors);
    await appendNewRecord(checked.record, () =>
      this.store.transaction(async (tx) => {
        await this.append(tx, checked.record, commandMetaOf(ctx.principal, ctx.correlationId, checked.subjectKey));
        // A person's clear number goes to subject-registry's vault, sealed meanwhile (subjects/vault-handoff.ts).
        await stageVaultHandoffs(tx.manager, this.config, dto.subject);
      }),
    );
    return { id: licenseId, ...timelyOf(checked.record) };
  }

  /** Appends a checked record and projects it, in the caller's transaction (single and batch intake). */
  async append(tx: EventStoreTransaction, checkedRecord: LicensePublishedV1, commandMeta: CommandMeta): Promise<void> {
    // The catalog matter it names (version recorded) and the never-record list, in the append's transaction.
    const record = await this.withMatter(tx.manager, checkedRecord);
    const { events } = await handleCommand(tx, licenseStream(record.licenseId), licenseDecider, { type: 'RecordLicense', data: record }, commandMeta);
    await projectLicenseEvents(tx.manager, events);
  }

  /** A checked record with the catalog matter it names resolved, as `append` records it (422 DomainRuleError when refused). */
  withMatter(manager: EntityManager, checkedRecord: LicensePublishedV1): Promise<LicensePublishedV1> {
    return withCatalogMatter(manager, 'LICENSE', checkedRecord);
  }

  /**
   * Batch intake: appends many records (matters resolved with {@link withMatter}) and projects them in
   * the caller's transaction, in three round trips whatever their number (read, append, insert).
   */
  async appendMany(tx: EventStoreTransaction, records: { record: LicensePublishedV1; meta: CommandMeta }[]): Promise<void> {
    const handled = await handleCommands(
      tx,
      licenseDecider,
      records.map(({ record, meta }) => ({ stream: licenseStream(record.licenseId), command: { type: 'RecordLicense' as const, data: record }, meta })),
    );
    await insertRecordedLicenses(tx.manager, handled.flatMap((h) => h.events));
  }

  /** GET /licenses/{id}: the record as the caller may see it (records/record-access.rules.ts; a refusal is 403); licences are public. */
  async read(id: string, principal: Principal): Promise<LicenseView> {
    const view = await this.get(id);
    const reader = readerOf(principal, view.sourceUnit.code);
    if (reader === 'on-record') await this.restrictedReads.record(principal, { resource: 'licence', resourceId: id, ownerUnits: [view.sourceUnit.code] });
    return shownOrForbidden(recordViewFor(view, reader, true, `licence record ${id}`));
  }

  async get(id: string): Promise<LicenseView> {
    const row = isUuid(id) ? await findLicense(this.dataSource, id) : undefined;
    if (!row) throw new NotFoundProblem(`no licence record ${id}`);
    const { licenseId, ...record } = row.record;
    return {
      id: licenseId,
      // The national standard's name of the licence category, beside the contract's licenseType.
      category: record.licenseType,
      ...record,
      recordedAt: new Date(row.recorded_at).toISOString(),
      version: row.stream_version,
      subjectLinked: row.subject_linked,
      history: await historyOf(this.store, licenseStream(id)),
    };
  }
}
