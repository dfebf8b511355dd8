import { newEventId, type LicensePublishedV1 } from '@credit/contracts';
import { EventStore, isUniqueViolation, type CommandMeta, type EventStoreTransaction } from '@credit/event-store';
import { normalizedUnitCode, sourceUnitRefusal } from '@credit/credit-rules';
import { commandMetaOf, DomainRuleError, type Principal, type RequestContext } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import type { ClassConstructor } from 'class-transformer';
import { DataSource, type EntityManager } from 'typeorm';
import { DoublePublicityConfig } from '../config';
import { RecordLicenseDto } from '../licenses/license.dto';
import { checkLicense } from '../licenses/license.rules';
import { LicensesService } from '../licenses/licenses.service';
import { PenaltiesService } from '../penalties/penalties.service';
import type { PenaltyRecord } from '../penalties/penalty.decider';
import { RecordPenaltyDto } from '../penalties/penalty.dto';
import { checkPenalty, type FieldError, type PenaltySettings } from '../penalties/penalty.rules';
import { countRefusedItems, type IntakeKind } from '../quality/quality.service';
import { stageVaultHandoffs, type IdentityHolder } from '../subjects/vault-handoff';
import type { BatchItemResult } from './batch.dto';
import { batchItemShape, matterRefusalErrors, refusedItem } from './batch-intake';
import { releaseSavepoint, rollbackToSavepoint, setSavepoint, storedDecisionKeys } from './batch.repository';
import { compileFastCheck, type FastCheck } from './fast-validation';

type NaturalKeyed = { authority: { code: string }; decisionNumber: string };

/** What differs between the record types a batch can carry; everything else is the same intake. */
interface BatchKind<D extends object, R extends NaturalKeyed> {
  dto: ClassConstructor<D>;
  /** Proves an item valid against `dto` without class-validator (see fast-validation); undefined: always the full pipe. */
  fastCheck: FastCheck | undefined;
  table: 'penalties' | 'licenses';
  kind: IntakeKind;
  sourceUnitCode(dto: D): string;
  check(dto: D, settings: PenaltySettings, id: string, now: Date): { ok: true; subjectKey: string; record: R } | { ok: false; errors: FieldError[] };
  /** The record with its catalog matter resolved, as the single endpoint records it; DomainRuleError when refused. */
  withMatter(manager: EntityManager, record: R): Promise<R>;
  /** Appends and projects every record in the caller's transaction, in a few round trips. */
  appendMany(tx: EventStoreTransaction, records: { record: R; meta: CommandMeta }[]): Promise<void>;
}

interface Valid<R> {
  index: number;
  id: string;
  subjectKey: string;
  record: R;
  /** The subject block as given: a person's clear number goes to the vault hand-off, never into the record. */
  subject: IdentityHolder;
}

/** Fields a catalog-matter refusal can be about (its detail starts with the field's name); otherwise matterCode. */
const MATTER_FIELDS = new Set(['matterCode', 'matterName', 'violationType']);

/**
 * Batch intake (`/penalties/batch`, `/licenses/batch`): every item is checked alone with the single
 * endpoint's DTO and rules, so one bad item refuses only itself; then the valid, new ones are stored
 * together in one transaction with a handful of statements (one multi-stream append, one projection
 * insert), not item by item.
 */
@Injectable()
export class BatchService {
  private readonly penalties = recordBatchKind<RecordPenaltyDto, PenaltyRecord>(RecordPenaltyDto, 'penalties', 'PENALTY', checkPenalty, () => this.penaltyService);

  private readonly licenses = recordBatchKind<RecordLicenseDto, LicensePublishedV1>(RecordLicenseDto, 'licenses', 'LICENSE', checkLicense, () => this.licenseService);

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: DoublePublicityConfig,
    private readonly licenseService: LicensesService,
    private readonly penaltyService: PenaltiesService,
  ) {}

  recordPenalties(items: unknown[], ctx: RequestContext): Promise<{ results: BatchItemResult[] }> {
    return this.intake(this.penalties, items, ctx);
  }

  recordLicenses(items: unknown[], ctx: RequestContext): Promise<{ results: BatchItemResult[] }> {
    return this.intake(this.licenses, items, ctx);
  }

  private async intake<D extends object, R extends NaturalKeyed>(
    kind: BatchKind<D, R>,
    items: unknown[],
    ctx: RequestContext,
  ): Promise<{ results: BatchItemResult[] }> {
    const now = new Date();
    const results: BatchItemResult[] = new Array(items.length);
    const refused: { departmentCode: string; decidedOn: unknown }[] = [];
    const refuse = (index: number, errors: FieldError[]): void => {
      results[index] = { index, status: 'INVALID', errors };
      refused.push(refusedItem(items[index], ctx.principal));
    };

    // 1. Shape, source unit and record rules: pure, item by item.
    const checked: Valid<R>[] = [];
    for (const [index, item] of items.entries()) {
      const outcome = this.checkItem(kind, item, ctx.principal, now);
      if (outcome.ok) checked.push({ index, id: outcome.id, subjectKey: outcome.subjectKey, record: outcome.record, subject: outcome.subject });
      else refuse(index, outcome.errors);
    }

    // Decisions stored before (step 4), asked now in one query so that it runs while the matters
    // are looked up: resolving a matter never changes a record's natural key.
    const storedBefore = this.storedKeys(this.dataSource.manager, kind.table, checked.map((v) => v.record));
    // Settled here too, so that a failing matter lookup never leaves it rejected and unobserved.
    storedBefore.catch(() => undefined);

    // 2. The catalog matter each names (a lookup only for items that name one).
    const resolved = await Promise.all(
      checked.map(async (v) => {
        try {
          return { ...v, record: await kind.withMatter(this.dataSource.manager, v.record) };
        } catch (error) {
          if (!(error instanceof DomainRuleError)) throw error;
          refuse(v.index, matterRefusalErrors(error, MATTER_FIELDS));
          return null;
        }
      }),
    );

    // 3. (authority code, decision number) is the record's natural key (api-contract: unique): the
    // first valid item of a decision is stored, a later one in the same batch is a duplicate.
    const seen = new Set<string>();
    const valid: Valid<R>[] = [];
    for (const v of resolved) {
      if (v === null) continue;
      const key = naturalKey(v.record);
      if (seen.has(key)) results[v.index] = { index: v.index, status: 'DUPLICATE' };
      else {
        seen.add(key);
        valid.push(v);
      }
    }

    // 4. Decisions stored before: one query for the whole batch (started above).
    const stored = await storedBefore;
    const fresh = valid.filter((v) => {
      if (!stored.has(naturalKey(v.record))) return true;
      results[v.index] = { index: v.index, status: 'DUPLICATE' };
      return false;
    });

    // 5. Everything in one transaction: the refused-item counts, then all new records appended and
    // projected at once behind one savepoint. A decision a concurrent request stored meanwhile fails
    // the projection insert (unique natural key): back to the savepoint, those items are DUPLICATE,
    // the others are stored in the next attempt; nothing of a failed attempt remains.
    const created = await this.store.transaction(async (tx) => {
      await countRefusedItems(tx, kind.kind, refused, now, ctx);
      let pending = fresh;
      if (pending.length > 0) await setSavepoint(tx.manager, 'batch_records');
      while (pending.length > 0) {
        try {
          await kind.appendMany(
            tx,
            pending.map((v) => ({ record: v.record, meta: commandMetaOf(ctx.principal, ctx.correlationId, v.subjectKey) })),
          );
          // As single intake does: each stored record's clear citizen ID numbers, sealed for the registry's vault.
          for (const v of pending) await stageVaultHandoffs(tx.manager, this.config, v.subject);
          await releaseSavepoint(tx.manager, 'batch_records');
          break;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          await rollbackToSavepoint(tx.manager, 'batch_records');
          const nowStored = await this.storedKeys(tx.manager, kind.table, pending.map((v) => v.record));
          // A unique violation that is not about a stored decision is not ours to explain away.
          if (nowStored.size === 0) throw error;
          pending = pending.filter((v) => !nowStored.has(naturalKey(v.record)));
        }
      }
      return new Set(pending.map((v) => v.index));
    });
    for (const v of fresh) {
      results[v.index] = created.has(v.index) ? { index: v.index, status: 'CREATED', id: v.id } : { index: v.index, status: 'DUPLICATE' };
    }
    return { results };
  }

  /** The single endpoint's checks on one item: shape (DTO), the caller's own source unit, then the record rules. */
  private checkItem<D extends object, R extends NaturalKeyed>(
    kind: BatchKind<D, R>,
    item: unknown,
    principal: Principal,
    now: Date,
  ): { ok: true; id: string; subjectKey: string; record: R; subject: IdentityHolder } | { ok: false; errors: FieldError[] } {
    const shape = batchItemShape(kind.dto, item, kind.fastCheck);
    if (!shape.ok) return shape;
    const dto = shape.dto as D & { subject: IdentityHolder };
    // A department writes only records whose source unit it is (architecture.md, Security); per item here.
    const refusal = sourceUnitRefusal(principal, normalizedUnitCode(kind.sourceUnitCode(dto)));
    if (refusal !== null) return { ok: false, errors: [{ field: 'sourceUnit.code', message: refusal }] };
    const id = newEventId();
    const checked = kind.check(dto, this.config, id, now);
    return checked.ok ? { ok: true, id, subjectKey: checked.subjectKey, record: checked.record, subject: dto.subject } : checked;
  }

  /** The natural keys of `records` already stored (committed, or written by this transaction when `manager` is its). */
  private async storedKeys(manager: EntityManager, table: 'penalties' | 'licenses', records: NaturalKeyed[]): Promise<Set<string>> {
    if (records.length === 0) return new Set();
    const rows = await storedDecisionKeys(
      manager,
      table,
      records.map((r) => r.authority.code),
      records.map((r) => r.decisionNumber),
    );
    return new Set(rows.map((r) => naturalKey({ authority: { code: r.authority_code }, decisionNumber: r.decision_number })));
  }
}

/** A record type the batch carries: its single endpoint's DTO, table and rules, and the service that stores it. */
function recordBatchKind<D extends { sourceUnit: { code: string } }, R extends NaturalKeyed>(
  dto: ClassConstructor<D>,
  table: BatchKind<D, R>['table'],
  kind: IntakeKind,
  check: BatchKind<D, R>['check'],
  service: () => Pick<BatchKind<D, R>, 'withMatter' | 'appendMany'>,
): BatchKind<D, R> {
  return {
    dto,
    fastCheck: compileFastCheck(dto),
    table,
    kind,
    sourceUnitCode: (item) => item.sourceUnit.code,
    check,
    withMatter: (manager, record) => service().withMatter(manager, record),
    appendMany: (tx, records) => service().appendMany(tx, records),
  };
}

const naturalKey = (record: NaturalKeyed): string => `${record.authority.code}\u0000${record.decisionNumber}`;
