import type { CatalogMatterDefinedV1, EventEnvelope, IntakeItemsRefusedV1, WarningRaisedV1 } from '@credit/contracts';
import { toShanghaiDate } from '@credit/domain-kernel';
import { EventStore } from '@credit/event-store';
import { InboxContext } from '@credit/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { insertCollectedRecord, insertRefused, markCorrected, penaltyDatesOf, upsertCatalogMatter } from './monitoring.repository';
import { repeatedPenalties, WARNING_RULES } from './monitoring.rules';
import { MonitoringService, warningIdOf } from './monitoring.service';

/** The 双公示 record events collection monitoring counts, and the id field of each. */
const RECORD_EVENTS: Record<string, { kind: string; id: string }> = {
  'double-publicity.penalty-published': { kind: 'PENALTY', id: 'penaltyId' },
  'double-publicity.penalty-recorded-unpublished': { kind: 'PENALTY', id: 'penaltyId' },
  'double-publicity.license-published': { kind: 'LICENSE', id: 'licenseId' },
  'double-publicity.administrative-action-recorded': { kind: 'ADMINISTRATIVE_ACTION', id: 'actionId' },
};

/**
 * Collection monitoring reads what double-publicity stored (its record events), refused (its
 * refusal counts) and expects (its departments' catalogs), in the inbox transaction; a penalty is
 * checked against REPEATED_PENALTIES for its subject at once, the warning going to its deciding unit.
 */
@Controller()
export class MonitoringReaction {
  constructor(
    private readonly monitoring: MonitoringService,
    private readonly store: EventStore,
  ) {}

  @EventPattern(Object.keys(RECORD_EVENTS))
  async onRecord(@Payload() e: EventEnvelope<Record<string, any>>, @Ctx() ctx: InboxContext) {
    const { kind, id } = RECORD_EVENTS[e.type];
    const d = e.data;
    const inserted = await insertCollectedRecord(ctx.manager, {
      recordId: d[id],
      kind,
      departmentCode: d.sourceUnit.code,
      authorityCode: d.authority?.code ?? null,
      matterCode: d.matterCode ?? null,
      subjectKey: e.subjectKey,
      subjectKind: d.subject?.kind ?? null,
      maskedCode: d.subject?.maskedCode ?? null,
      decidedOn: d.decidedOn,
      severity: d.severity ?? null,
      collectedMonth: toShanghaiDate(e.recordedAt).slice(0, 7),
      timely: d.timely === true,
    });
    if (!inserted || kind !== 'PENALTY' || !e.subjectKey || !d.authority?.code) return;
    const rule = WARNING_RULES.REPEATED_PENALTIES;
    const result = repeatedPenalties(await penaltyDatesOf(ctx.manager, e.subjectKey), d.decidedOn, rule);
    if (!result.fires) return;
    const period = d.decidedOn.slice(0, 7);
    const warning: WarningRaisedV1 = {
      warningId: warningIdOf(rule.code, rule.version, e.subjectKey, period),
      rule: rule.code,
      ruleVersion: rule.version,
      responsibleUnitCode: d.authority.code,
      subject: { kind: d.subject.kind, maskedCode: d.subject.maskedCode },
      period,
      detail: `${result.from} 至 ${d.decidedOn} 的 ${rule.windowDays} 日内受到行政处罚 ${result.count} 次`,
      figures: { penalties: result.count, windowDays: rule.windowDays },
      raisedOn: toShanghaiDate(new Date()),
    };
    await this.monitoring.raise(this.store.within(ctx.manager), warning, {
      subjectKey: null,
      correlationId: e.correlationId,
      causationId: e.id,
      actor: { departmentCode: 'system', user: 'monitoring' },
    });
  }

  @EventPattern(['double-publicity.penalty-corrected', 'double-publicity.license-corrected'])
  onCorrected(@Payload() e: EventEnvelope<{ penaltyId?: string; licenseId?: string }>, @Ctx() ctx: InboxContext) {
    return markCorrected(ctx.manager, (e.data.penaltyId ?? e.data.licenseId)!);
  }

  @EventPattern('double-publicity.intake-items-refused')
  async onRefused(@Payload() e: EventEnvelope<IntakeItemsRefusedV1>, @Ctx() ctx: InboxContext) {
    const refused = e.data.counts.reduce((n, c) => n + c.refused, 0);
    await insertRefused(ctx.manager, e.id, e.data.departmentCode, e.data.kind, toShanghaiDate(e.recordedAt).slice(0, 7), refused);
  }

  @EventPattern('double-publicity.catalog-matter-defined')
  onCatalogMatter(@Payload() e: EventEnvelope<CatalogMatterDefinedV1>, @Ctx() ctx: InboxContext) {
    return upsertCatalogMatter(ctx.manager, e.data.departmentCode, e.data.code, e.data.kind);
  }
}
