import { newEventId, type LicensePublishedV1 } from '@credit/contracts';
import { EventStore, isUniqueViolation, type CommandMeta, type EventStoreTransaction } from '@credit/event-store';
import { validationErrorsToFields, type Principal } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource } from 'typeorm';
import { DoublePublicityConfig } from '../config';
import { RecordLicenseDto } from '../licenses/license.dto';
import { checkLicense } from '../licenses/license.rules';
import { LicensesService } from '../licenses/licenses.service';
import { PenaltiesService } from '../penalties/penalties.service';
import { commandMeta, type RequestContext } from '../records/record-intake';
import type { PenaltyRecord } from '../penalties/penalty.decider';
import { RecordPenaltyDto } from '../penalties/penalty.dto';
import { checkPenalty, type FieldError, type PenaltySettings } from '../penalties/penalty.rules';
import { countRefusedItems, type IntakeKind } from '../quality/quality.service';
import type { BatchItemResult } from './batch.dto';

/** What differs between the record types a batch can carry; everything else is the same intake. */
interface BatchKind<D extends object, R extends { authority: { code: string }; decisionNumber: string }> {
  dto: ClassConstructor<D>;
  table: 'penalties' | 'licenses';
  kind: IntakeKind;
  sourceUnitCode(dto: D): string;
  check(dto: D, settings: PenaltySettings, id: string, now: Date): { ok: true; subjectKey: string; record: R } | { ok: false; errors: FieldError[] };
  append(tx: EventStoreTransaction, record: R, meta: CommandMeta): Promise<void>;
}

interface Valid<R> {
  index: number;
  id: string;
  subjectKey: string;
  record: R;
}

/** The single endpoint's pipe, item by item: unknown fields refused, nested objects checked. */
const VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } };

@Injectable()
export class BatchService {
  private readonly penalties: BatchKind<RecordPenaltyDto, PenaltyRecord> = {
    dto: RecordPenaltyDto,
    table: 'penalties',
    kind: 'PENALTY',
    sourceUnitCode: (dto) => dto.sourceUnit.code,
    check: (dto, settings, id, now) => checkPenalty(dto, settings, id, now),
    append: (tx, record, meta) => this.penaltyService.append(tx, record, meta),
  };

  private readonly licenses: BatchKind<RecordLicenseDto, LicensePublishedV1> = {
    dto: RecordLicenseDto,
    table: 'licenses',
    kind: 'LICENSE',
    sourceUnitCode: (dto) => dto.sourceUnit.code,
    check: (dto, settings, id, now) => checkLicense(dto, settings, id, now),
    append: (tx, record, meta) => this.licenseService.append(tx, record, meta),
  };

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

  private async intake<D extends object, R extends { authority: { code: string }; decisionNumber: string }>(
    kind: BatchKind<D, R>,
    items: unknown[],
    ctx: RequestContext,
  ): Promise<{ results: BatchItemResult[] }> {
    const now = new Date();
    const results: BatchItemResult[] = [];
    const valid: Valid<R>[] = [];
    const seen = new Set<string>();
    const refused: { departmentCode: string; decidedOn: unknown }[] = [];
    for (const [index, item] of items.entries()) {
      const checked = this.checkItem(kind, item, ctx.principal, now);
      if (!checked.ok) {
        results[index] = { index, status: 'INVALID', errors: checked.errors };
        refused.push(refusedItem(item, ctx.principal));
        continue;
      }
      // (authority code, decision number) is the record's natural key (api-contract: unique).
      const key = naturalKey(checked.record);
      if (seen.has(key)) {
        results[index] = { index, status: 'DUPLICATE' };
        continue;
      }
      seen.add(key);
      valid.push({ index, id: checked.id, subjectKey: checked.subjectKey, record: checked.record });
    }

    const stored = await this.storedKeys(kind.table, valid.map((v) => v.record));
    const fresh = valid.filter((v) => {
      if (!stored.has(naturalKey(v.record))) return true;
      results[v.index] = { index: v.index, status: 'DUPLICATE' };
      return false;
    });

    // All valid items in one transaction; each one behind a savepoint, so that a record a concurrent
    // request stored meanwhile is reported DUPLICATE and leaves no event behind, while the others commit.
    const created = await this.store.transaction(async (tx) => {
      await countRefusedItems(tx.manager, kind.kind, refused, now);
      const done = new Set<number>();
      for (const v of fresh) {
        await tx.manager.query('SAVEPOINT batch_item');
        try {
          await kind.append(tx, v.record, commandMeta(v.subjectKey, ctx));
          await tx.manager.query('RELEASE SAVEPOINT batch_item');
          done.add(v.index);
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          await tx.manager.query('ROLLBACK TO SAVEPOINT batch_item');
        }
      }
      return done;
    });
    for (const v of fresh) {
      results[v.index] = created.has(v.index) ? { index: v.index, status: 'CREATED', id: v.id } : { index: v.index, status: 'DUPLICATE' };
    }
    return { results };
  }

  /** The single endpoint's checks on one item: shape (DTO), the caller's own source unit, then the record rules. */
  private checkItem<D extends object, R>(
    kind: BatchKind<D, R & { authority: { code: string }; decisionNumber: string }>,
    item: unknown,
    principal: Principal,
    now: Date,
  ): { ok: true; id: string; subjectKey: string; record: R & { authority: { code: string }; decisionNumber: string } } | { ok: false; errors: FieldError[] } {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return { ok: false, errors: [{ field: '', message: 'each item must be an object' }] };
    }
    const dto = plainToInstance(kind.dto, item);
    const shapeErrors = validateSync(dto, VALIDATOR_OPTIONS);
    if (shapeErrors.length > 0) return { ok: false, errors: validationErrorsToFields(shapeErrors) };
    const sourceUnit = kind.sourceUnitCode(dto).trim().toUpperCase();
    // A department writes only records whose source unit it is (architecture.md, Security); per item here.
    if (!principal.roles.includes('admin') && principal.departmentCode.trim().toUpperCase() !== sourceUnit) {
      return {
        ok: false,
        errors: [{ field: 'sourceUnit.code', message: `department ${principal.departmentCode} may only write records whose source unit it is (source unit ${sourceUnit})` }],
      };
    }
    const id = newEventId();
    const checked = kind.check(dto, this.config, id, now);
    return checked.ok ? { ok: true, id, subjectKey: checked.subjectKey, record: checked.record } : checked;
  }

  private async storedKeys(table: 'penalties' | 'licenses', records: { authority: { code: string }; decisionNumber: string }[]): Promise<Set<string>> {
    if (records.length === 0) return new Set();
    const rows: { authority_code: string; decision_number: string }[] = await this.dataSource.query(
      `SELECT authority_code, decision_number FROM ${table}
        WHERE (authority_code, decision_number) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [records.map((r) => r.authority.code), records.map((r) => r.decisionNumber)],
    );
    return new Set(rows.map((r) => `${r.authority_code}\u0000${r.decision_number}`));
  }
}

const naturalKey = (record: { authority: { code: string }; decisionNumber: string }): string => `${record.authority.code}\u0000${record.decisionNumber}`;

/**
 * Whose refused item it is, for the quality figures: the caller's department (a department submits
 * only its own records); an admin submitting on behalf of a unit, the source unit it names.
 */
function refusedItem(item: unknown, principal: Principal): { departmentCode: string; decidedOn: unknown } {
  const fields = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
  const named = (fields.sourceUnit as { code?: unknown } | undefined)?.code;
  const departmentCode =
    principal.roles.includes('admin') && typeof named === 'string' && named.trim() !== '' && named.length <= 32 ? named.trim().toUpperCase() : principal.departmentCode;
  return { departmentCode, decidedOn: fields.decidedOn };
}
