/**
 * Collection and credit monitoring (信用监测): the figures of a department's month and the early-warning
 * rules, as pure functions over counts. The rules are versioned data: a change of a threshold is a new
 * version, and every warning names the version it fired under.
 */
import type { DepartmentCollectionFigures, WarningRuleCode } from '@credit/contracts';
import { addDays } from '@credit/credit-rules';

/**
 * What was counted of one department's month (collection month: when the platform received the record):
 * records stored (入库); batch items refused (not stored); stored records collected within 7 working days
 * of their decision (及时); stored records corrected since (by the source unit or an upheld objection: not
 * accurate as first sent); the department's catalog matters (事项目录, penalty and licence matters: what it
 * is expected to report on) and those at least one stored record of the month names.
 */
export type CollectionCounts = Pick<DepartmentCollectionFigures, 'departmentCode' | 'stored' | 'refused' | 'timely' | 'corrected' | 'catalogMatters' | 'mattersReported'>;

const rate = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

/**
 * 报送率 = matters reported ÷ catalog matters (null without a catalog); 及时率 = timely ÷ stored;
 * 准确率 = stored and never corrected ÷ stored; 入库率 = stored ÷ received (stored + refused).
 * The score (for the ranking) is the mean of the rates that exist.
 */
export function collectionFigures(counts: CollectionCounts): Omit<DepartmentCollectionFigures, 'rank'> {
  const received = counts.stored + counts.refused;
  const rates = {
    reportingRate: rate(counts.mattersReported, counts.catalogMatters),
    timelinessRate: rate(counts.timely, counts.stored),
    accuracyRate: rate(counts.stored - counts.corrected, counts.stored),
    storageRate: rate(counts.stored, received),
  };
  const present = Object.values(rates).filter((r): r is number => r !== null);
  const score = present.length === 0 ? null : Math.round((present.reduce((a, b) => a + b, 0) / present.length) * 10_000) / 10_000;
  return { ...counts, received, ...rates, score };
}

/** The ranking the seeds ask for: best score first (a department without figures last), ties by code; equal scores share a rank. */
export function rankDepartments(figures: Omit<DepartmentCollectionFigures, 'rank'>[]): DepartmentCollectionFigures[] {
  const sorted = [...figures].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.departmentCode.localeCompare(b.departmentCode));
  let rank = 0;
  let previous: number | null | undefined;
  return sorted.map((f, index) => {
    if (f.score !== previous) rank = index + 1;
    previous = f.score;
    return { ...f, rank };
  });
}

export interface RepeatedPenaltiesRule {
  code: 'REPEATED_PENALTIES';
  version: number;
  /** This many penalties or more ... */
  minPenalties: number;
  /** ... decided within this many days (the last one included). */
  windowDays: number;
}
export interface SeriousPenaltySurgeRule {
  code: 'SERIOUS_PENALTY_SURGE';
  version: number;
  /** The month's serious penalties of an industry are at least `factor` × its monthly average ... */
  factor: number;
  /** ... over this many previous months ... */
  months: number;
  /** ... and at least this many (one serious penalty after a quiet year is no surge). */
  minimum: number;
}
export interface TimelinessDropRule {
  code: 'TIMELINESS_DROP';
  version: number;
  /** A department's 及时率 of the month below this ... */
  threshold: number;
  /** ... over at least this many stored records. */
  minimumRecords: number;
}
export type WarningRule = RepeatedPenaltiesRule | SeriousPenaltySurgeRule | TimelinessDropRule;

/**
 * The rules in force (README "Monitoring"). The industry of a penalty is its deciding authority
 * (行业主管部门): penalties carry no industry classification of their own.
 */
export const WARNING_RULES = {
  REPEATED_PENALTIES: { code: 'REPEATED_PENALTIES', version: 1, minPenalties: 3, windowDays: 90 },
  SERIOUS_PENALTY_SURGE: { code: 'SERIOUS_PENALTY_SURGE', version: 1, factor: 2, months: 12, minimum: 2 },
  TIMELINESS_DROP: { code: 'TIMELINESS_DROP', version: 1, threshold: 0.9, minimumRecords: 5 },
} as const satisfies Record<WarningRuleCode, WarningRule>;

/** The penalties (decision dates) of a subject inside the rule's window ending on `day`; fires when there are enough. */
export function repeatedPenalties(decidedOn: readonly string[], day: string, rule: RepeatedPenaltiesRule = WARNING_RULES.REPEATED_PENALTIES): { fires: boolean; count: number; from: string } {
  const from = addDays(day, -(rule.windowDays - 1));
  const count = decidedOn.filter((d) => d >= from && d <= day).length;
  return { fires: count >= rule.minPenalties, count, from };
}

/** An industry's serious penalties this month against its previous months (missing months count 0). */
export function seriousPenaltySurge(current: number, previous: readonly number[], rule: SeriousPenaltySurgeRule = WARNING_RULES.SERIOUS_PENALTY_SURGE): { fires: boolean; average: number } {
  const months = previous.slice(-rule.months);
  const average = months.reduce((a, b) => a + b, 0) / rule.months;
  return { fires: current >= rule.minimum && current >= rule.factor * average, average: Math.round(average * 10_000) / 10_000 };
}

/** A department's timeliness of the month under the threshold, over enough records. */
export function timelinessDrop(stored: number, timely: number, rule: TimelinessDropRule = WARNING_RULES.TIMELINESS_DROP): { fires: boolean; rate: number | null } {
  const r = rate(timely, stored);
  return { fires: stored >= rule.minimumRecords && r !== null && r < rule.threshold, rate: r };
}
