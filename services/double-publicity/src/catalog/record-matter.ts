/**
 * A record naming its catalog matter (事项目录, domain.md §2): the matter must be a current matter of
 * the source unit's own catalog, of the record's kind; the record keeps the version it was checked
 * against. Whatever a record names, its matter must not be on the never-record list (the catalog
 * refuses such matters, and a record cannot bypass that with its own matter name or violation type).
 */
import type { CatalogMatterKind, RecordMatterRef } from '@credit/contracts';
import { DomainRuleError } from '@credit/credit-rules';
import type { EntityManager } from 'typeorm';
import { findCurrentCatalogMatter } from './catalog.repository';
import { neverRecordMatterIn } from './never-record.rules';

export interface MatterNamingRecord extends RecordMatterRef {
  sourceUnit: { code: string };
}

const KIND_NAMES: Record<CatalogMatterKind, string> = { PENALTY: 'penalty', LICENSE: 'licensing', OTHER: 'other administrative action' };

/**
 * The record with `matterVersion` and `matterName` of the current catalog version when it names a
 * `matterCode`; throws {@link DomainRuleError} (422) when the matter is unknown to the source unit's
 * catalog, of another kind, or never to be recorded. `screened` are further texts of the record that
 * say what it is about (e.g. a penalty's violation type), refused when they name a never-record matter.
 */
export async function withCatalogMatter<R extends MatterNamingRecord>(
  manager: EntityManager,
  kind: CatalogMatterKind,
  record: R,
  screened: { field: string; value: string | undefined }[] = [],
): Promise<R> {
  for (const { field, value } of [{ field: 'matterName', value: record.matterName }, ...screened]) {
    const banned = value === undefined ? null : neverRecordMatterIn(value);
    if (banned) {
      throw new DomainRuleError(
        `${field} "${value}" concerns ${banned.label}, which may never be recorded as credit information without a law ` +
          '(domain.md §2, never-record list)',
        { rule: 'catalog.never-record' },
      );
    }
  }
  if (record.matterCode === undefined) return record;

  const department = record.sourceUnit.code;
  const current = await findCurrentCatalogMatter(manager, department, record.matterCode);
  if (!current) {
    throw new DomainRuleError(
      `matterCode ${record.matterCode} is not a matter of the catalog (事项目录) of the source unit ${department}; ` +
        'a record may name only a current matter of its own unit’s catalog (define it with POST /api/v1/catalog first)',
      { rule: 'record.matter-in-catalog' },
    );
  }
  if (current.kind !== kind) {
    throw new DomainRuleError(
      `matterCode ${record.matterCode} is a ${KIND_NAMES[current.kind]} matter in its current version ${current.matter_version}; ` +
        `this ${KIND_NAMES[kind]} record must name a ${kind} matter`,
      { rule: 'record.matter-kind' },
    );
  }
  const banned = neverRecordMatterIn(current.name);
  if (banned) {
    throw new DomainRuleError(`matterCode ${record.matterCode} concerns ${banned.label}, which may never be recorded as credit information`, {
      rule: 'catalog.never-record',
    });
  }
  return { ...record, matterVersion: current.matter_version, matterName: current.name };
}
