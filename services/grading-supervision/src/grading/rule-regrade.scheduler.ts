import type { EventEnvelope } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import { EventStore, toEnvelope } from '@credit/event-store';
import { ScanScheduler } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GradingSupervisionConfig } from '../config';
import { claimGradeOfOtherVersion, loadRuleVersions, markGradeVersion, ruleVersionEventId } from './grading.repository';
import { GradingService } from './grading.service';
import { SCORING_RULES_STREAM } from './scoring-rule.decider';
import { ruleInEffect } from './scoring.rules';

/**
 * A scoring rule version regrades from its date (domain.md §7): once a version is in effect, every
 * kept grade another version computed is recomputed and published (grade-recomputed, caused by the
 * version's scoring-rule-defined event, so once per subject and version), one subject per
 * transaction. Reads already grade by the version in effect; this brings the published grades along.
 */
@Injectable()
export class RuleRegradeScheduler extends ScanScheduler {
  protected readonly intervalSeconds: number;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly grading: GradingService,
    config: GradingSupervisionConfig,
  ) {
    super();
    this.intervalSeconds = config.ruleRegradeScanSeconds;
  }

  async scan(): Promise<number> {
    const rule = ruleInEffect(await loadRuleVersions(this.dataSource.manager), todayInShanghai());
    const trigger = await this.triggerOf(rule.version);
    // Version 1 predates the stream: grades of no other version exist while it is in effect.
    if (trigger === null) return 0;
    const handled = await this.drain(() =>
      this.store.transaction(async (tx) => {
        const subjectKey = await claimGradeOfOtherVersion(tx.manager, rule.version);
        if (subjectKey === null) return false;
        if (!(await this.grading.recompute(tx, subjectKey, trigger))) await markGradeVersion(tx.manager, subjectKey, rule.version);
        return true;
      }),
    );
    if (handled > 0) this.logger.log(`regraded ${handled} subject(s) by scoring rule version ${rule.version}`);
    return handled;
  }

  private async triggerOf(version: number): Promise<EventEnvelope | null> {
    const eventId = await ruleVersionEventId(this.dataSource.manager, version);
    if (eventId === null) return null;
    const defined = (await this.store.readStream(SCORING_RULES_STREAM)).find((e) => e.id === eventId);
    return defined ? toEnvelope(defined) : null;
  }
}
