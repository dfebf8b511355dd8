import { newEventId, type AdministrativeActionRecordedV1 } from '@credit/contracts';
import { EventStore, isUniqueViolation } from '@credit/event-store';
import { normalizedUnitCode, sourceUnitRefusal } from '@credit/credit-rules';
import { commandMetaOf, DomainRuleError, type Principal, type RequestContext } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { batchItemShape, matterRefusalErrors, refusedItem } from '../batch/batch-intake';
import type { BatchItemResult } from '../batch/batch.dto';
import { releaseSavepoint, rollbackToSavepoint, setSavepoint } from '../batch/batch.repository';
import { withCatalogMatter } from '../catalog/record-matter';
import { DoublePublicityConfig } from '../config';
import type { FieldError } from '../penalties/penalty.rules';
import { countRefusedItems } from '../quality/quality.service';
import { stageVaultHandoffs } from '../subjects/vault-handoff';
import { RecordAdministrativeActionDto } from './action.dto';
import { storedAdministrativeActionKeys } from './actions.repository';
import { AdministrativeActionsService } from './actions.service';

/** Fields a catalog-matter refusal can be about (its detail starts with the field's name); otherwise matterCode. */
const MATTER_FIELDS = new Set(['matterCode', 'matterName']);

interface Valid {
  index: number;
  dto: RecordAdministrativeActionDto;
  subjectKey: string;
  record: AdministrativeActionRecordedV1;
}

/**
 * Batch intake of other administrative actions (`POST /administrative-actions/batch`, up to 1000):
 * each item is checked alone with the single endpoint's DTO, source-unit rule, record rules and
 * catalog matter, so one bad item refuses only itself (INVALID, with its field errors, counted in the
 * quality figures); the valid new ones are stored in one transaction, each behind a savepoint, so a
 * decision stored meanwhile (the unique natural key: action type, authority, decision number) makes
 * only its own item a DUPLICATE.
 */
@Injectable()
export class AdministrativeActionsBatchService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: DoublePublicityConfig,
    private readonly actions: AdministrativeActionsService,
  ) {}

  async record(items: unknown[], ctx: RequestContext): Promise<{ results: BatchItemResult[] }> {
    const now = new Date();
    const results: BatchItemResult[] = new Array(items.length);
    const refused: { departmentCode: string; decidedOn: unknown }[] = [];
    const refuse = (index: number, errors: FieldError[]): void => {
      results[index] = { index, status: 'INVALID', errors };
      refused.push(refusedItem(items[index], ctx.principal));
    };

    // 1. Shape, source unit, record rules and catalog matter, item by item.
    const checked: Valid[] = [];
    for (const [index, item] of items.entries()) {
      const outcome = this.checkItem(item, ctx.principal, now);
      if (!outcome.ok) {
        refuse(index, outcome.errors);
        continue;
      }
      try {
        const record = await withCatalogMatter(this.dataSource.manager, 'OTHER', outcome.record);
        checked.push({ index, dto: outcome.dto, subjectKey: outcome.subjectKey, record });
      } catch (error) {
        if (!(error instanceof DomainRuleError)) throw error;
        refuse(index, matterRefusalErrors(error, MATTER_FIELDS));
      }
    }

    // 2. The first item of a decision is stored; a later one in the batch, or one stored before, is a duplicate.
    const stored = await storedKeys(this.dataSource.manager, checked.map((v) => v.record));
    const seen = new Set<string>();
    const fresh: Valid[] = [];
    for (const v of checked) {
      const key = naturalKey(v.record);
      if (seen.has(key) || stored.has(key)) results[v.index] = { index: v.index, status: 'DUPLICATE' };
      else {
        seen.add(key);
        fresh.push(v);
      }
    }

    // 3. One transaction: the refused-item counts and every new record, each behind its savepoint.
    const created = await this.store.transaction(async (tx) => {
      await countRefusedItems(tx, 'ADMINISTRATIVE_ACTION', refused, now, ctx);
      const done = new Set<number>();
      for (const v of fresh) {
        await setSavepoint(tx.manager, 'action_item');
        try {
          await this.actions.append(tx, v.record, commandMetaOf(ctx.principal, ctx.correlationId, v.subjectKey));
          // As single intake does: a person's clear ID number goes, sealed, to the registry's vault.
          await stageVaultHandoffs(tx.manager, this.config, v.dto.subject);
          await releaseSavepoint(tx.manager, 'action_item');
          done.add(v.index);
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          await rollbackToSavepoint(tx.manager, 'action_item');
        }
      }
      return done;
    });
    for (const v of fresh) {
      results[v.index] = created.has(v.index) ? { index: v.index, status: 'CREATED', id: v.record.actionId } : { index: v.index, status: 'DUPLICATE' };
    }
    return { results };
  }

  private checkItem(
    item: unknown,
    principal: Principal,
    now: Date,
  ): { ok: true; dto: RecordAdministrativeActionDto; subjectKey: string; record: AdministrativeActionRecordedV1 } | { ok: false; errors: FieldError[] } {
    const shape = batchItemShape(RecordAdministrativeActionDto, item);
    if (!shape.ok) return shape;
    const dto = shape.dto;
    // A department writes only records whose source unit it is (architecture.md, Security); per item here.
    const refusal = sourceUnitRefusal(principal, normalizedUnitCode(dto.sourceUnit.code));
    if (refusal !== null) return { ok: false, errors: [{ field: 'sourceUnit.code', message: refusal }] };
    const checked = this.actions.check(dto, newEventId(), now);
    return checked.ok ? { ok: true, dto, subjectKey: checked.subjectKey, record: checked.record } : checked;
  }
}

type NaturalKeyed = Pick<AdministrativeActionRecordedV1, 'actionType' | 'authority' | 'decisionNumber'>;

const naturalKey = (r: NaturalKeyed): string => `${r.actionType}\u0000${r.authority.code}\u0000${r.decisionNumber}`;

async function storedKeys(manager: EntityManager, records: NaturalKeyed[]): Promise<Set<string>> {
  if (records.length === 0) return new Set();
  const rows = await storedAdministrativeActionKeys(manager, {
    actionTypes: records.map((r) => r.actionType),
    authorityCodes: records.map((r) => r.authority.code),
    decisionNumbers: records.map((r) => r.decisionNumber),
  });
  return new Set(rows.map((r) => naturalKey({ actionType: r.action_type, authority: { name: '', code: r.authority_code }, decisionNumber: r.decision_number })));
}
