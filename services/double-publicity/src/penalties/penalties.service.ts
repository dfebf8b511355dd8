import { isUuid, newEventId, type EventEnvelope, type RepairApprovedV1, type TimelinessData } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import { EventStore, handleCommand, handleCommands, type CommandMeta, type EventStoreTransaction, type StoredEvent } from '@credit/event-store';
import { EventNotReadyError } from '@credit/messaging';
import {
  assertSourceUnit,
  commandMetaOf,
  FieldValidationProblem,
  NotFoundProblem,
  RestrictedReads,
  StateConflictError,
  type Principal,
  type RequestContext,
} from '@credit/platform';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DoublePublicityConfig } from '../config';
import { shownOrForbidden } from '../records/record-access.http';
import { readerOf, recordViewFor } from '../records/record-access.rules';
import { stageVaultHandoffs } from '../subjects/vault-handoff';
import { insertRecordedPenalties, projectPenaltyEvents } from './penalties.projection';
import { findPenalty, type PenaltyRow } from './penalties.repository';
import { PenaltyNotInPublicity, PenaltyNotRecorded, penaltyDecider, penaltyStream, type PenaltyCommand, type PenaltyRecord } from './penalty.decider';
import { RecordPenaltyDto, RevokePenaltyDto } from './penalty.dto';
import { checkPenalty } from './penalty.rules';
import { appendNewRecord, historyOf, type HistoryEntry } from '../records/record-intake';
import { withCatalogMatter } from '../catalog/record-matter';

export type PublicityStatus = 'PUBLISHED' | 'NOT_PUBLISHED' | 'WITHDRAWN';

export interface PublicityView {
  status: PublicityStatus;
  /** Id of the publicity regime applied (the rules in force on the decision date). */
  regime: string;
  from: string | null;
  minimumUntil: string | null;
  maximumUntil: string | null;
  /** 公示截止期: maximumUntil while published, the withdrawal date once withdrawn, null when never published. */
  publicityDeadline: string | null;
  /** Why a record is not published: DISCLOSURE_WITHHELD or MINOR_PENALTY. */
  reason?: string;
  note?: string;
  withdrawal?: { reason: string; repairApplicationId?: string; document?: string; note?: string; withdrawnOn: string; at: string; correlationId: string };
}

export interface RecordedPenaltyView {
  id: string;
  timely: boolean;
  /** How `timely` was judged: the end of the 7th working day and its calendar (absent when certainly late). */
  timeliness?: TimelinessData;
  publicity: PublicityView;
}

export type PenaltyView = Omit<PenaltyRecord, 'penaltyId' | 'publicity'> & {
  id: string;
  publicity: PublicityView;
  recordedAt: string;
  version: number;
  /** Whether the subject is registered in subject-registry (false: accepted, flagged, linked when it appears). */
  subjectLinked: boolean;
  history: HistoryEntry[];
};

@Injectable()
export class PenaltiesService {
  private readonly logger = new Logger(PenaltiesService.name);

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: DoublePublicityConfig,
    private readonly restrictedReads: RestrictedReads,
  ) {}

  async record(dto: RecordPenaltyDto, ctx: RequestContext): Promise<RecordedPenaltyView> {
    // A department writes only records whose source unit it is (architecture.md, Security).
    assertSourceUnit(ctx.principal, dto.sourceUnit.code);
    const penaltyId = newEventId();
    const checked = checkPenalty(dto, this.config, penaltyId, new Date());
    if (!checked.ok) throw new FieldValidationProblem(checked.errors);
    await appendNewRecord(checked.record, () =>
      this.store.transaction(async (tx) => {
        await this.append(tx, checked.record, commandMetaOf(ctx.principal, ctx.correlationId, checked.subjectKey));
        // A person's clear number goes to subject-registry's vault, sealed meanwhile (subjects/vault-handoff.ts).
        await stageVaultHandoffs(tx.manager, this.config, dto.subject);
      }),
    );
    const row = await this.row(this.dataSource.manager, penaltyId);
    return { id: penaltyId, timely: row!.timely, ...(row!.record.timeliness !== undefined && { timeliness: row!.record.timeliness }), publicity: publicityOf(row!) };
  }

  async get(id: string): Promise<PenaltyView> {
    const row = await this.row(this.dataSource.manager, id);
    if (!row) throw new NotFoundProblem(`no penalty record ${id}`);
    const { penaltyId: _id, publicity: _publicity, ...record } = row.record;
    return {
      id: row.id,
      ...record,
      publicity: publicityOf(row),
      recordedAt: new Date(row.recorded_at).toISOString(),
      version: row.stream_version,
      subjectLinked: row.subject_linked,
      history: await historyOf(this.store, penaltyStream(id)),
    };
  }

  /** GET /penalties/{id}: the record as the caller may see it (records/record-access.rules.ts; a refusal is 403). */
  async read(id: string, principal: Principal): Promise<PenaltyView> {
    const view = await this.get(id);
    const reader = readerOf(principal, view.sourceUnit.code);
    if (reader === 'on-record') await this.restrictedReads.record(principal, { resource: 'penalty', resourceId: id, ownerUnits: [view.sourceUnit.code] });
    const withheld = view.publicity.status === 'NOT_PUBLISHED' && view.publicity.reason === 'DISCLOSURE_WITHHELD';
    return shownOrForbidden(recordViewFor(view, reader, !withheld, `penalty record ${id}`));
  }

  /** The decision was revoked by administrative review or a court: publicity withdrawn (domain.md §2). */
  async revoke(id: string, dto: RevokePenaltyDto, ctx: RequestContext): Promise<PenaltyView> {
    const row = await this.row(this.dataSource.manager, id);
    if (!row) throw new NotFoundProblem(`no penalty record ${id}`);
    assertSourceUnit(ctx.principal, row.source_unit_code);
    const command: PenaltyCommand = {
      type: 'WithdrawPublicity',
      data: { reason: 'REVOCATION', document: dto.document.trim(), note: dto.reason.trim(), withdrawnOn: todayInShanghai() },
    };
    try {
      await this.store.transaction((tx) => this.handle(tx, id, command, commandMetaOf(ctx.principal, ctx.correlationId, row.subject_key)));
    } catch (error) {
      // Already out of publicity (or never in it): a conflict with the record's state.
      if (error instanceof PenaltyNotInPublicity) throw new StateConflictError(error.message, { rule: 'withdrawal-needs-publicity' });
      throw error;
    }
    return this.get(id);
  }

  /**
   * The effect of an approved repair of a penalty (architecture.md, "The repair, end to end", step 3),
   * inside the inbox transaction: the withdrawal, its projection and "this repair was handled" commit
   * together. The withdrawal carries the repair's correlationId (the application id) and is caused by
   * the repair event, so credit-repair can follow it.
   */
  async withdrawForRepair(event: EventEnvelope<RepairApprovedV1>, manager: EntityManager): Promise<void> {
    const penaltyId = event.data.target.id;
    if (!isUuid(penaltyId)) throw new Error(`repair ${event.data.applicationId} targets penalty "${penaltyId}", which is not a penalty id`);
    const row = await this.row(manager, penaltyId);
    // Its record may still be on its way (or parked behind another event): retry later, never drop.
    if (!row) throw new EventNotReadyError(`penalty ${penaltyId} of repair ${event.data.applicationId} is not recorded here yet`);
    if (row.subject_key !== event.subjectKey) {
      throw new Error(`repair ${event.data.applicationId} is about another subject than penalty ${penaltyId}`);
    }
    // In publicity: withdrawn. Already out of it (never published, or withdrawn earlier): the repair is
    // noted (penalty-repair-noted), so that it still gets this service's answer under its correlationId.
    const command: PenaltyCommand = {
      type: 'ApplyRepair',
      data: { repairApplicationId: event.data.applicationId, note: event.data.reason, on: todayInShanghai() },
    };
    const meta: CommandMeta = { subjectKey: row.subject_key, correlationId: event.correlationId, causationId: event.id, actor: event.actor };
    const events = await this.handle(this.store.within(manager), penaltyId, command, meta);
    const noted = events.find((e) => e.type === 'double-publicity.penalty-repair-noted');
    if (noted) this.logger.log(`repair ${event.data.applicationId}: penalty ${penaltyId} was already out of publicity (${(noted.data as { alreadyOutOfPublicity: string }).alreadyOutOfPublicity}); repair noted`);
  }

  /** Appends a checked record and projects it, in the caller's transaction (single and batch intake). */
  async append(tx: EventStoreTransaction, checkedRecord: PenaltyRecord, meta: CommandMeta): Promise<void> {
    // The catalog matter it names (version recorded) and the never-record list, in the append's transaction.
    const record = await this.withMatter(tx.manager, checkedRecord);
    await this.handle(tx, record.penaltyId, { type: 'RecordPenalty', data: record }, meta);
  }

  /** A checked record with the catalog matter it names resolved, as `append` records it (422 DomainRuleError when refused). */
  withMatter(manager: EntityManager, checkedRecord: PenaltyRecord): Promise<PenaltyRecord> {
    return withCatalogMatter(manager, 'PENALTY', checkedRecord, [{ field: 'violationType', value: checkedRecord.violationType }]);
  }

  /**
   * Batch intake: appends many records (matters resolved with {@link withMatter}) and projects them in
   * the caller's transaction, in three round trips whatever their number (read, append, insert).
   */
  async appendMany(tx: EventStoreTransaction, records: { record: PenaltyRecord; meta: CommandMeta }[]): Promise<void> {
    const handled = await handleCommands(
      tx,
      penaltyDecider,
      records.map(({ record, meta }) => ({ stream: penaltyStream(record.penaltyId), command: { type: 'RecordPenalty' as const, data: record }, meta })),
    );
    // RecordPenalty decides exactly one record event (published or recorded-unpublished) per record.
    await insertRecordedPenalties(tx.manager, handled.flatMap((h) => h.events));
  }

  /** Decides a command on a penalty's stream and projects the events, in the caller's transaction. */
  async handle(tx: EventStoreTransaction, penaltyId: string, command: PenaltyCommand, meta: CommandMeta): Promise<StoredEvent[]> {
    try {
      const { events } = await handleCommand(tx, penaltyStream(penaltyId), penaltyDecider, command, meta);
      await projectPenaltyEvents(tx.manager, events);
      return events;
    } catch (error) {
      if (error instanceof PenaltyNotRecorded) throw new NotFoundProblem(`no penalty record ${penaltyId}`);
      throw error;
    }
  }

  private async row(manager: EntityManager, id: string): Promise<PenaltyRow | undefined> {
    if (!isUuid(id)) return undefined;
    return findPenalty(manager, id);
  }
}

function publicityOf(row: PenaltyRow): PublicityView {
  const publicity = row.record.publicity;
  return {
    status: row.publicity_status,
    regime: row.publicity_regime,
    from: row.publicity_from,
    minimumUntil: row.minimum_until,
    maximumUntil: row.maximum_until,
    // The date publicity ends (公示截止期): the maximum, the withdrawal date once withdrawn, null when never published.
    publicityDeadline:
      row.publicity_status === 'PUBLISHED' ? row.maximum_until : row.publicity_status === 'WITHDRAWN' ? (row.withdrawal?.withdrawnOn ?? row.maximum_until) : null,
    ...(publicity.status === 'NOT_PUBLISHED' && { reason: publicity.reason, ...(publicity.note !== undefined && { note: publicity.note }) }),
    ...(row.withdrawal && { withdrawal: row.withdrawal }),
  };
}
