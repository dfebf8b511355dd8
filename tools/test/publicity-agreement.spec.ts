/**
 * Cross-service agreement on the publicity window (domain.md §3): for generated penalties and every
 * day from the day before the decision to two days past `maximumUntil`, each service that judges
 * "in publicity" answers the same, through its own code:
 * - double publicity: its scheduler's SQL (withdrawal with reason EXPIRY, and the repair-eligible
 *   reminder), evaluated by PostgreSQL against a `penalties` row;
 * - credit repair: `checkEligibility` (the in-publicity part, and the minimum period);
 * - grading supervision: `evaluate` (a penalty factor is non-zero iff the penalty is in publicity);
 * - credit portal: `publicView` over the folded events (the penalty is shown iff in publicity).
 * The owner's definition they must all give: in publicity on D iff `from <= D < maximumUntil`;
 * repairable iff also `minimumUntil <= D`.
 *
 * Double publicity refuses decision dates in the future, so no service holds a penalty before its
 * decision date: double publicity's row, credit repair's and grading's records exist from then on
 * (they learn of it from penalty-published). The portal is given the event on every day: its fold
 * checks `from` itself.
 */
import { createTestDatabase, queryDatabase, type TestDatabase } from '@credit/testing';
import { publicityWindow, type PublicityInput, type SpecialSector } from '@credit/credit-rules';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the agreement is between the services' own code, so the test runs it
import { PUBLICITY_EXPIRED_WHERE, REPAIR_ELIGIBLE_DUE_WHERE } from '../../services/double-publicity/src/schedules/publicity.scheduler';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the agreement is between the services' own code, so the test runs it
import { checkEligibility, ELIGIBILITY_RULES, type PenaltyRecord } from '../../services/credit-repair/src/repairs/eligibility.rules';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the agreement is between the services' own code, so the test runs it
import { evaluate } from '../../services/grading-supervision/src/grading/scoring.rules';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the agreement is between the services' own code, so the test runs it
import { foldSubjectEvents, publicView } from '../../services/credit-portal/src/public/subject-view.projection';

const SUBJECT = 'subject-agreement';

interface Generated {
  id: string;
  input: PublicityInput;
}

/** A small seeded generator (mulberry32): the same penalties on every run, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const iso = (date: Date): string => date.toISOString().slice(0, 10);
const plusDays = (date: string, days: number): string => iso(new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000));

function generatePenalties(): Generated[] {
  const next = random(20260401);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const sectors: ReadonlyArray<SpecialSector | undefined> = [undefined, undefined, 'SPECIAL_EQUIPMENT', 'WORK_SAFETY', 'FIRE_SAFETY'];
  // Around each regime's start, on 29 February and at month and year ends, then random dates 2019–2027.
  const fixed = ['2023-04-29', '2023-04-30', '2023-05-01', '2023-05-02', '2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02', '2024-02-29', '2028-02-29', '2023-11-30', '2025-12-31', '2025-01-31'];
  const start = Date.parse('2019-01-01T00:00:00Z');
  const span = Date.parse('2027-12-31T00:00:00Z') - start;
  const dates = [...fixed, ...Array.from({ length: 60 }, () => iso(new Date(start + Math.floor((next() * span) / 86_400_000) * 86_400_000)))];
  const penalties: Generated[] = [];
  for (const decidedOn of dates) {
    for (const severity of ['GENERAL', 'SERIOUS'] as const) {
      const minor = next() < 0.2;
      penalties.push({
        id: `p${penalties.length + 1}`,
        input: {
          decidedOn,
          severity,
          categories: minor ? [pick(['警告', '通报批评'] as const)] : [pick(['罚款', '警告', '没收违法所得'] as const)],
          procedure: minor ? 'SUMMARY' : pick(['SUMMARY', 'ORDINARY'] as const),
          specialSector: pick(sectors),
        },
      });
    }
  }
  return penalties;
}

interface Verdicts {
  expected: boolean;
  doublePublicity: boolean;
  creditRepair: boolean;
  grading: boolean;
  portal: boolean;
}

describe('the publicity window: every service agrees, day by day', () => {
  let db: TestDatabase;
  const penalties = generatePenalties();
  const windows = new Map(penalties.map((p) => [p.id, publicityWindow(p.input)]));
  /** Withdrawn (EXPIRY) and reminded (repair-eligible) on a day, by double publicity's scheduler SQL: `id|day`. */
  const expired = new Set<string>();
  const reminded = new Set<string>();

  const lastDayOf = (p: Generated): string => {
    const window = windows.get(p.id)!;
    // A record not published has no maximum: four months cover every minor period (3 months).
    return window.status === 'PUBLISHED' ? plusDays(window.maximumUntil, 2) : plusDays(p.input.decidedOn, 125);
  };

  beforeAll(async () => {
    db = await createTestDatabase('publicity_agreement');
    // The columns double publicity's scheduler reads from its `penalties` read model.
    await queryDatabase(
      db.url,
      `CREATE TABLE penalties (id text PRIMARY KEY, publicity_status text NOT NULL, repair_eligible_on date,
                               decided_on date NOT NULL, minimum_until date, maximum_until date, last_day date NOT NULL)`,
    );
    // The scheduler's own WHERE clauses, as SQL functions whose first parameter ($1) is today.
    await queryDatabase(
      db.url,
      `CREATE FUNCTION expired_on(today date, penalty text) RETURNS boolean LANGUAGE sql STABLE
         AS $$ SELECT EXISTS (SELECT 1 FROM penalties WHERE id = penalty AND ${PUBLICITY_EXPIRED_WHERE}) $$`,
    );
    await queryDatabase(
      db.url,
      `CREATE FUNCTION reminder_due_on(today date, penalty text) RETURNS boolean LANGUAGE sql STABLE
         AS $$ SELECT EXISTS (SELECT 1 FROM penalties WHERE id = penalty AND ${REPAIR_ELIGIBLE_DUE_WHERE}) $$`,
    );
    const rows = penalties.map((p) => {
      const window = windows.get(p.id)!;
      const published = window.status === 'PUBLISHED';
      return {
        id: p.id,
        publicity_status: window.status,
        decided_on: p.input.decidedOn,
        minimum_until: published ? window.minimumUntil : null,
        maximum_until: published ? window.maximumUntil : null,
        last_day: lastDayOf(p),
      };
    });
    await queryDatabase(
      db.url,
      `INSERT INTO penalties (id, publicity_status, decided_on, minimum_until, maximum_until, last_day)
       SELECT id, publicity_status, decided_on, minimum_until, maximum_until, last_day
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, publicity_status text, decided_on date, minimum_until date, maximum_until date, last_day date)`,
      [JSON.stringify(rows)],
    );
    // Every (penalty, day) the scheduler would act on; a row exists from its decision date (no future decisions).
    const due: Array<{ id: string; day: string; expired: boolean; reminded: boolean }> = await queryDatabase(
      db.url,
      `SELECT p.id, to_char(d, 'YYYY-MM-DD') AS day, expired_on(d::date, p.id) AS expired, reminder_due_on(d::date, p.id) AS reminded
         FROM penalties p CROSS JOIN LATERAL generate_series(p.decided_on::timestamp, p.last_day::timestamp, interval '1 day') AS d
        WHERE expired_on(d::date, p.id) OR reminder_due_on(d::date, p.id)`,
    );
    for (const row of due) {
      if (row.expired) expired.add(`${row.id}|${row.day}`);
      if (row.reminded) reminded.add(`${row.id}|${row.day}`);
    }
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('generates penalties under all three regimes, both severities, special sectors and minor ones', () => {
    const published = [...windows.values()].filter((w) => w.status === 'PUBLISHED');
    expect(new Set(published.map((w) => w.regime))).toEqual(new Set(['NDRC-2019-527', 'NDRC-ORDER-58', 'NDRC-2025-ORDER-36']));
    expect([...windows.values()].some((w) => w.status === 'NOT_PUBLISHED' && w.reason === 'MINOR_PENALTY')).toBe(true);
    expect(penalties.some((p) => p.input.specialSector !== undefined && windows.get(p.id)!.regime === 'NDRC-ORDER-58')).toBe(true);
  });

  it('double publicity (scheduler SQL), credit repair, grading and the portal say the same on every day', () => {
    const disagreements: string[] = [];
    let days = 0;
    for (const p of penalties) {
      const window = windows.get(p.id)!;
      const published = window.status === 'PUBLISHED';
      const portalState = foldSubjectEvents([
        published
          ? {
              type: 'double-publicity.penalty-published',
              data: { penaltyId: p.id, subject: { kind: 'LEGAL_PERSON', maskedCode: 'MASKED', name: '某公司' }, decidedOn: p.input.decidedOn, publicity: window },
            }
          : { type: 'double-publicity.penalty-recorded-unpublished', data: { penaltyId: p.id, publicity: window } },
      ]);
      for (let day = plusDays(p.input.decidedOn, -1); day <= lastDayOf(p); day = plusDays(day, 1)) {
        days += 1;
        const known = day >= p.input.decidedOn;
        // The owner's definition, written out: from <= D < maximumUntil; repairable from minimumUntil on.
        const expected = published && window.from <= day && day < window.maximumUntil;
        const repairable = expected && published && window.minimumUntil <= day;

        const record: PenaltyRecord | null = known
          ? {
              id: p.id,
              subjectKey: SUBJECT,
              status: window.status,
              minimumUntil: published ? window.minimumUntil : null,
              maximumUntil: published ? window.maximumUntil : null,
            }
          : null;
        let repairInPublicity = true;
        let repairEligible = true;
        try {
          checkEligibility({
            subjectKey: SUBJECT,
            target: { type: 'PENALTY', id: p.id },
            record,
            commitments: [{ id: 'c1', subjectKey: SUBJECT, public: true, signedOn: '2000-01-01', validUntil: null, outcome: null, closure: null }],
            today: day,
          });
        } catch (error) {
          const rule = (error as { rule?: string }).rule;
          repairEligible = false;
          if (rule === ELIGIBILITY_RULES.penaltyNotInPublicity || rule === ELIGIBILITY_RULES.targetUnknown) repairInPublicity = false;
          else if (rule !== ELIGIBILITY_RULES.minimumPublicityPeriod) throw error;
        }

        const grading =
          known && published
            ? evaluate([{ kind: 'PENALTY', recordId: p.id, source: 'double-publicity', eventId: `e-${p.id}`, severity: p.input.severity, inPublicity: true, maximumUntil: window.maximumUntil }], day)
                .factors.length > 0
            : false;

        const verdicts: Verdicts = {
          expected,
          doublePublicity: known && published && !expired.has(`${p.id}|${day}`),
          creditRepair: repairInPublicity,
          grading,
          portal: (publicView(portalState, day)?.penalties ?? []).some((shown) => shown.id === p.id),
        };
        const reminder = reminded.has(`${p.id}|${day}`);
        if (Object.values(verdicts).some((v) => v !== expected) || reminder !== repairable || repairEligible !== repairable) {
          const where = published ? `from ${window.from}, minimumUntil ${window.minimumUntil}, maximumUntil ${window.maximumUntil}` : `${window.status} (${window.reason})`;
          disagreements.push(
            `${p.id} decided ${p.input.decidedOn} ${p.input.severity} [${where}] on ${day}: ${JSON.stringify({ ...verdicts, reminderDue: reminder, repairEligible, repairable })}`,
          );
        }
      }
    }
    expect(days).toBeGreaterThan(50_000);
    expect({ count: disagreements.length, first: disagreements.slice(0, 8) }).toEqual({ count: 0, first: [] });
  });
});
