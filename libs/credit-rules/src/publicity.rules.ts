/**
 * The publicity window of penalty information (domain.md §3), once for every service: the periods,
 * versioned by effective date (a penalty is judged by the regime in force on its decision date; the
 * regimes are data, adding a regime is adding an entry, not a branch), and the one definition of
 * where a window stands on a given day, as predicates and as SQL for code that filters in SQL.
 *
 * Periods count from the decision date in calendar months. `minimumUntil` is the date the minimum
 * period is complete (from then on the subject may apply for repair); `maximumUntil` the date
 * publicity stops automatically. So on day D a published (and not withdrawn) record is
 *   in publicity           iff from <= D < maximumUntil;
 *   past its publicity     iff maximumUntil <= D (the last day shown is the day before maximumUntil);
 *   repairable (minimum)   iff minimumUntil <= D.
 */
import { PENALTY_CATEGORY_NAMES, PENALTY_SPECIAL_SECTORS, type PenaltySpecialSector } from '@credit/contracts';
import type { IsoDate } from '@credit/domain-kernel';
import { addMonths } from './dates.rules';

export type Severity = 'GENERAL' | 'SERIOUS';
export const SEVERITIES: readonly Severity[] = ['GENERAL', 'SERIOUS'];

/** 简易程序 (summary) or 普通程序 (ordinary) procedure of the penalty decision. */
export type PenaltyProcedure = 'SUMMARY' | 'ORDINARY';
export const PENALTY_PROCEDURES: readonly PenaltyProcedure[] = ['SUMMARY', 'ORDINARY'];

/** Sectors with a longer minimum period under NDRC Order No. 58: special equipment, work safety, fire. */
// The lists the rules range over are the contract's: one definition for intake, events and rules.
export const SPECIAL_SECTORS = PENALTY_SPECIAL_SECTORS;
export type SpecialSector = PenaltySpecialSector;
/** Penalty categories of 行政处罚法 art. 9 (2021), as department feeds name them. */
export const PENALTY_CATEGORIES = PENALTY_CATEGORY_NAMES;
export type PenaltyCategory = (typeof PENALTY_CATEGORY_NAMES)[number];

export interface PeriodInMonths {
  minimumMonths: number;
  maximumMonths: number;
}

/** Penalties that are in principle not published at all (Order 36: 轻微). */
export interface MinorRule {
  /** Only these categories, and nothing else in the decision, make a penalty minor. */
  categories: readonly PenaltyCategory[];
  procedure: PenaltyProcedure;
  /** It may be shown at most this long where it is shown at all; kept for the record. */
  maximumMonths: number;
}

export interface PublicityRegime {
  id: string;
  /** The instrument (文件) the periods come from. */
  instrument: string;
  /** First decision date the regime applies to (inclusive); null = since ever. */
  effectiveFrom: IsoDate | null;
  /** Last decision date the regime applies to (inclusive); null = still in force. */
  effectiveUntil: IsoDate | null;
  bySeverity: Readonly<Record<Severity, PeriodInMonths>>;
  /** A longer minimum for decisions in these sectors. */
  specialSectors?: { sectors: readonly SpecialSector[]; minimumMonths: number };
  minor?: MinorRule;
}

export const PUBLICITY_REGIMES: readonly PublicityRegime[] = [
  {
    id: 'NDRC-2019-527',
    instrument: '发改办财金〔2019〕527号',
    effectiveFrom: null,
    effectiveUntil: '2023-04-30',
    bySeverity: {
      GENERAL: { minimumMonths: 3, maximumMonths: 12 },
      SERIOUS: { minimumMonths: 6, maximumMonths: 36 },
    },
  },
  {
    id: 'NDRC-ORDER-58',
    instrument: '失信行为纠正后的信用信息修复管理办法（试行）（国家发展改革委令第58号）',
    effectiveFrom: '2023-05-01',
    effectiveUntil: '2026-03-31',
    bySeverity: {
      GENERAL: { minimumMonths: 3, maximumMonths: 36 },
      SERIOUS: { minimumMonths: 3, maximumMonths: 36 },
    },
    specialSectors: { sectors: ['SPECIAL_EQUIPMENT', 'WORK_SAFETY', 'FIRE_SAFETY'], minimumMonths: 12 },
  },
  {
    id: 'NDRC-2025-ORDER-36',
    instrument: '信用修复管理办法（国家发展改革委2025年第36号令）',
    effectiveFrom: '2026-04-01',
    effectiveUntil: null,
    bySeverity: {
      GENERAL: { minimumMonths: 3, maximumMonths: 12 },
      SERIOUS: { minimumMonths: 12, maximumMonths: 36 },
    },
    minor: { categories: ['警告', '通报批评'], procedure: 'SUMMARY', maximumMonths: 3 },
  },
];

export interface PublicityInput {
  decidedOn: IsoDate;
  severity: Severity;
  categories: readonly PenaltyCategory[];
  procedure: PenaltyProcedure;
  specialSector?: SpecialSector;
  /** The source unit's disclosure decision: state, commercial secrets or privacy keep a record unpublished. */
  disclosure?: { public: boolean; reason?: string };
}

export type NotPublishedReason = 'DISCLOSURE_WITHHELD' | 'MINOR_PENALTY';

export type PublicityWindow =
  | {
      status: 'PUBLISHED';
      regime: string;
      from: IsoDate;
      minimumUntil: IsoDate;
      maximumUntil: IsoDate;
    }
  | {
      status: 'NOT_PUBLISHED';
      regime: string;
      reason: NotPublishedReason;
      /** The source unit's reason for withholding, when it gave one. */
      note?: string;
    };

export class NoPublicityRegimeError extends Error {
  constructor(decidedOn: IsoDate) {
    super(`no publicity regime is in force on ${decidedOn}`);
  }
}

/** The regime in force on a decision date. */
export function regimeOn(decidedOn: IsoDate, regimes: readonly PublicityRegime[] = PUBLICITY_REGIMES): PublicityRegime {
  // ISO dates compare correctly as strings.
  const regime = regimes.find(
    (r) => (r.effectiveFrom === null || r.effectiveFrom <= decidedOn) && (r.effectiveUntil === null || decidedOn <= r.effectiveUntil),
  );
  if (!regime) throw new NoPublicityRegimeError(decidedOn);
  return regime;
}

/**
 * The publicity window of a penalty. Each category of the decision is given its period under the
 * regime; a decision with several categories takes the longest of them (Order 58: "several penalty
 * types in one decision → the longest period"), so one non-minor category makes it published.
 */
export function publicityWindow(input: PublicityInput, regimes: readonly PublicityRegime[] = PUBLICITY_REGIMES): PublicityWindow {
  const regime = regimeOn(input.decidedOn, regimes);
  if (input.disclosure && !input.disclosure.public) {
    return {
      status: 'NOT_PUBLISHED',
      regime: regime.id,
      reason: 'DISCLOSURE_WITHHELD',
      ...(input.disclosure.reason !== undefined && { note: input.disclosure.reason }),
    };
  }

  const periods = input.categories.map((category) => periodOf(regime, input, category));
  const published = periods.filter((p): p is PeriodInMonths => p !== 'MINOR');
  if (published.length === 0) return { status: 'NOT_PUBLISHED', regime: regime.id, reason: 'MINOR_PENALTY' };

  const minimumMonths = Math.max(...published.map((p) => p.minimumMonths));
  const maximumMonths = Math.max(...published.map((p) => p.maximumMonths));
  return {
    status: 'PUBLISHED',
    regime: regime.id,
    from: input.decidedOn,
    minimumUntil: addMonths(input.decidedOn, minimumMonths),
    maximumUntil: addMonths(input.decidedOn, maximumMonths),
  };
}

function periodOf(regime: PublicityRegime, input: PublicityInput, category: PenaltyCategory): PeriodInMonths | 'MINOR' {
  if (regime.minor && input.procedure === regime.minor.procedure && regime.minor.categories.includes(category)) return 'MINOR';
  const base = regime.bySeverity[input.severity];
  const sector = regime.specialSectors;
  if (sector && input.specialSector !== undefined && sector.sectors.includes(input.specialSector)) {
    return { minimumMonths: Math.max(base.minimumMonths, sector.minimumMonths), maximumMonths: base.maximumMonths };
  }
  return base;
}

// ---------------------------------------------------------------------------------------------
// Where a window stands on a day. Every boundary is the same comparison, "window date <= day",
// written once for TypeScript (`reached`) and once for SQL (`reachedSql`); every predicate and every
// SQL fragment below is built from that pair, so they cannot differ on a boundary day
// (tools/test/publicity-agreement.spec.ts runs the fragments against PostgreSQL).

/** The dates of a published window the predicates read (a PUBLISHED {@link PublicityWindow} has them all). */
export interface PublicityDates {
  from: IsoDate;
  minimumUntil: IsoDate;
  maximumUntil: IsoDate;
}

type Boundary = keyof PublicityDates;

/** Boundary reached on day D iff `window[boundary] <= D` (ISO dates compare correctly as strings). */
const reached = (date: IsoDate, day: IsoDate): boolean => date <= day;
const reachedSql = (column: string, day: string): string => `${sqlIdentifier(column)} <= ${sqlDay(day)}::date`;

function boundaryReached<B extends Boundary>(boundary: B) {
  return (window: Pick<PublicityDates, B>, day: IsoDate): boolean => reached(window[boundary], day);
}

/** Publicity has started: the decision date (the window's `from`) has come. */
export const publicityStarted: (window: Pick<PublicityDates, 'from'>, day: IsoDate) => boolean = boundaryReached('from');

/** Publicity has stopped by itself: from `maximumUntil` on (that day included) the record is no longer shown. */
export const publicityEnded: (window: Pick<PublicityDates, 'maximumUntil'>, day: IsoDate) => boolean = boundaryReached('maximumUntil');

/** The minimum period is complete: from `minimumUntil` on the subject may apply for repair. */
export const minimumPeriodOver: (window: Pick<PublicityDates, 'minimumUntil'>, day: IsoDate) => boolean = boundaryReached('minimumUntil');

/** In publicity on `day`: `from <= day < maximumUntil` (withdrawal is the caller's state, not the window's). */
export function inPublicity(window: Pick<PublicityDates, 'from' | 'maximumUntil'>, day: IsoDate): boolean {
  return publicityStarted(window, day) && !publicityEnded(window, day);
}

/**
 * SQL for {@link publicityEnded}: `publicityEndedSql('maximum_until', '$1')` is
 * `maximum_until <= $1::date`. `day` is a bind parameter (`$1`) or a column; a NULL date is never ended.
 */
export const publicityEndedSql = (maximumUntilColumn: string, day: string): string => reachedSql(maximumUntilColumn, day);

/** SQL for {@link minimumPeriodOver}: `minimum_until <= $1::date`. */
export const minimumPeriodOverSql = (minimumUntilColumn: string, day: string): string => reachedSql(minimumUntilColumn, day);

/** SQL for {@link inPublicity}: `(publicity_from <= $1::date AND NOT (maximum_until <= $1::date))`. */
export const inPublicitySql = (fromColumn: string, maximumUntilColumn: string, day: string): string =>
  `(${reachedSql(fromColumn, day)} AND NOT (${reachedSql(maximumUntilColumn, day)}))`;

const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/i;
const PARAMETER = /^\$[1-9][0-9]*$/;

function sqlIdentifier(column: string): string {
  if (!IDENTIFIER.test(column)) throw new RangeError(`'${column}' is not a plain column name`);
  return column;
}

function sqlDay(day: string): string {
  if (!PARAMETER.test(day) && !IDENTIFIER.test(day)) throw new RangeError(`'${day}' is neither a bind parameter ($n) nor a column`);
  return day;
}
