import { MONTH_SHAPE, type MonitoringReportCompiledV1, type Page, type WarningRaisedV1 } from '@credit/contracts';
import { firstWorkingDayOf, monthsBefore as monthsBack, monthsBetween, previousMonth, readScope, type Principal } from '@credit/credit-rules';
import { todayInShanghai } from '@credit/domain-kernel';
import { EventStore, type CommandMeta, type EventStoreTransaction } from '@credit/event-store';
import { CalendarService, FieldValidationProblem, NotFoundProblem, offsetOf, type PageQueryDto } from '@credit/platform';
import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { projectMonitoringEvents } from './monitoring.projection';
import { collectionCountsOf, findReport, listWarnings, seriousPenaltiesByAuthority, warningCountsOf, warningExists } from './monitoring.repository';
import { collectionFigures, rankDepartments, seriousPenaltySurge, timelinessDrop, WARNING_RULES, type CollectionCounts } from './monitoring.rules';

const MONTH = new RegExp(MONTH_SHAPE);
/** How many months the collection figures' trend shows, the month asked included. */
export const TREND_MONTHS = 6;

/** A warning's id: the rule, its version and what it is about (unit or subject, period), so it is raised once. */
export const warningIdOf = (rule: string, version: number, about: string, period: string): string =>
  `${rule.toLowerCase().replace(/_/g, '-')}-v${version}-${createHash('sha256').update(`${about}\u0000${period}`).digest('hex').slice(0, 32)}`;

const SYSTEM = (user: string, subjectKey: string | null = null): CommandMeta => ({ subjectKey, correlationId: randomUUID(), causationId: null, actor: { departmentCode: 'system', user } });

@Injectable()
export class MonitoringService {
  private readonly logger = new Logger('Monitoring');

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
  ) {}

  /** Per department of `month`: 报送率, 及时率, 准确率, 入库率, ranked; the city together; the city's trend over the last months. */
  async collection(month: string) {
    const departments = rankDepartments((await collectionCountsOf(this.dataSource, month)).map(collectionFigures));
    const trendMonths = monthsBetween(monthsBack(month, TREND_MONTHS - 1), month);
    const trend = [];
    for (const m of trendMonths) {
      const { departmentCode: _city, rank: _r, ...figures } = { ...cityFigures(await collectionCountsOf(this.dataSource, m)), rank: 0 };
      trend.push({ month: m, ...figures });
    }
    const { departmentCode: _c, ...city } = cityFigures(await collectionCountsOf(this.dataSource, month));
    return { month, city, departments, trend };
  }

  /** The warnings feed: the caller's own unit's (ops and admin every unit's), newest first. */
  async warnings(query: PageQueryDto & { month?: string }, principal: Principal): Promise<Page<unknown>> {
    const { total, rows } = await listWarnings(this.dataSource, { unit: readScope(principal), ...(query.month !== undefined && { month: query.month }) }, query.pageSize, offsetOf(query));
    const items = rows.map((r: Record<string, any>) => ({
      id: r.id,
      rule: r.rule,
      ruleVersion: r.rule_version,
      responsibleUnitCode: r.responsible_unit_code,
      ...(r.masked_code !== null && { subject: { kind: r.subject_kind, code: r.masked_code } }),
      period: r.period,
      detail: r.detail,
      figures: r.figures,
      raisedOn: r.raised_on,
      raisedAt: new Date(r.raised_at).toISOString(),
    }));
    return { items, page: query.page, pageSize: query.pageSize, total };
  }

  /** Raises a warning once (its id names rule, version, unit or subject and period), in the caller's transaction. */
  async raise(tx: EventStoreTransaction, warning: WarningRaisedV1, meta: CommandMeta): Promise<boolean> {
    if (await warningExists(tx.manager, warning.warningId)) return false;
    const { events } = await tx.append(`warning-${warning.warningId}`, 0, [{ type: 'credit-sharing.warning-raised', data: warning, ...meta }]);
    await projectMonitoringEvents(tx.manager, events);
    this.logger.log(`warning ${warning.rule} v${warning.ruleVersion} raised for ${warning.responsibleUnitCode} (${warning.period})`);
    return true;
  }

  /**
   * The monthly rules on `month` so far: an industry (deciding authority) whose serious penalties are
   * at least twice its 12-month average, a department whose timeliness fell under 90 %. Each once.
   */
  async evaluateMonth(month: string, today: string): Promise<number> {
    let raised = 0;
    const surge = WARNING_RULES.SERIOUS_PENALTY_SURGE;
    const previous = monthsBetween(monthsBack(month, surge.months), monthsBack(month, 1));
    const serious = await seriousPenaltiesByAuthority(this.dataSource, [...previous, month]);
    const authorities = new Set(serious.filter((r) => r.month === month).map((r) => r.authority_code));
    for (const authority of authorities) {
      const count = (m: string) => serious.find((r) => r.authority_code === authority && r.month === m)?.n ?? 0;
      const result = seriousPenaltySurge(count(month), previous.map(count), surge);
      if (!result.fires) continue;
      const warning: WarningRaisedV1 = {
        warningId: warningIdOf(surge.code, surge.version, authority, month),
        rule: surge.code,
        ruleVersion: surge.version,
        responsibleUnitCode: authority,
        period: month,
        detail: `${month} 严重失信行政处罚 ${count(month)} 件，达到前 ${surge.months} 个月月均（${result.average}）的 ${surge.factor} 倍以上`,
        figures: { serious: count(month), average: result.average },
        raisedOn: today,
      };
      if (await this.store.transaction((tx) => this.raise(tx, warning, SYSTEM('monitoring')))) raised++;
    }
    const drop = WARNING_RULES.TIMELINESS_DROP;
    for (const counts of await collectionCountsOf(this.dataSource, month)) {
      const result = timelinessDrop(counts.stored, counts.timely, drop);
      if (!result.fires) continue;
      const warning: WarningRaisedV1 = {
        warningId: warningIdOf(drop.code, drop.version, counts.departmentCode, month),
        rule: drop.code,
        ruleVersion: drop.version,
        responsibleUnitCode: counts.departmentCode,
        period: month,
        detail: `${month} 双公示信息报送及时率 ${Math.round((result.rate ?? 0) * 1000) / 10}%，低于 ${drop.threshold * 100}%`,
        figures: { stored: counts.stored, timely: counts.timely, timelinessRate: result.rate ?? 0 },
        raisedOn: today,
      };
      if (await this.store.transaction((tx) => this.raise(tx, warning, SYSTEM('monitoring')))) raised++;
    }
    return raised;
  }

  /**
   * The monthly report (信用监测报告) of the month before `today`'s, compiled once, from the first
   * working day of `today`'s month on (calendar-aware: a holiday first day moves it). True when compiled now.
   */
  async compileDueReport(today: string): Promise<boolean> {
    const month = previousMonth(today);
    const due = firstWorkingDayOf(today.slice(0, 7), (d) => this.calendar.calendar.isWorkingDay(d));
    if (today < due || (await findReport(this.dataSource, month))) return false;
    await this.evaluateMonth(month, today);
    const report: MonitoringReportCompiledV1 = {
      month,
      compiledOn: today,
      departments: rankDepartments((await collectionCountsOf(this.dataSource, month)).map(collectionFigures)),
      warnings: await warningCountsOf(this.dataSource, month),
    };
    return this.store.transaction(async (tx) => {
      // Instances side by side meet on the month's stream: the second append fails on the version, nothing is doubled.
      if (await findReport(tx.manager, month)) return false;
      const { events } = await tx.append(`monitoring-report-${month}`, 0, [{ type: 'credit-sharing.monitoring-report-compiled', data: report, ...SYSTEM('monitoring-report') }]);
      await projectMonitoringEvents(tx.manager, events);
      this.logger.log(`monitoring report ${month} compiled`);
      return true;
    });
  }

  async report(month: string): Promise<MonitoringReportCompiledV1 & { compiledAt: string }> {
    if (!MONTH.test(month)) throw new FieldValidationProblem([{ field: 'month', message: 'month must be YYYY-MM' }]);
    const row = await findReport(this.dataSource, month);
    if (!row) throw new NotFoundProblem(`no monitoring report for ${month} (compiled on the first working day after the month)`);
    return { ...(row.report as MonitoringReportCompiledV1), compiledAt: new Date(row.compiled_at).toISOString() };
  }

  /** One scheduler round: the rules on this month and the last, then the report when due. */
  async scan(now = new Date()): Promise<number> {
    const today = todayInShanghai(now);
    let done = await this.evaluateMonth(today.slice(0, 7), today);
    done += await this.evaluateMonth(previousMonth(today), today);
    if (await this.compileDueReport(today)) done++;
    return done;
  }
}

function cityFigures(counts: CollectionCounts[]) {
  const sum = (key: 'stored' | 'refused' | 'timely' | 'corrected' | 'catalogMatters' | 'mattersReported') => counts.reduce((a, c) => a + c[key], 0);
  return collectionFigures({
    departmentCode: 'CITY',
    stored: sum('stored'),
    refused: sum('refused'),
    timely: sum('timely'),
    corrected: sum('corrected'),
    catalogMatters: sum('catalogMatters'),
    mattersReported: sum('mattersReported'),
  });
}
