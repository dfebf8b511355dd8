/**
 * Nomination proposals (domain.md §5, 认定发起): penalties in publicity, as double-publicity
 * publishes them, turn into proposals for a reviewer by the rules in catalog/nomination-rules.json
 * — a serious penalty, the third penalty of one violation type within a year — and never into a
 * listing. The compiled service in its own process, on a real PostgreSQL and Kafka, in a fresh
 * database and consumer group. Build first.
 */
import { bearer, freshUscc, waitFor } from '@credit/testing';
import { JointPunishmentFixture, officeToken, penaltyPublished as published } from './support/joint-punishment.fixture';

describe('nomination proposals', () => {
  let fixture: JointPunishmentFixture;
  let reviewer: string;
  let reader: string;
  const call: JointPunishmentFixture['call'] = (...args) => fixture.call(...args);
  /** The topic is shared with other suites and keeps its history: only this test's subjects count. */
  const proposalsOf = async (subjects: string[]) => {
    const response = await call('GET', '/api/v1/nomination-proposals?page=1&pageSize=500', undefined, bearer(reviewer));
    expect(response.status).toBe(200);
    return (response.body.items as { subjectCode: string }[]).filter((p) => subjects.includes(p.subjectCode));
  };
  /** Waits until the service consumed every given event (its inbox holds their ids). */
  const consumed = (ids: string[]) =>
    waitFor(async () => {
      const rows = await fixture.query<{ n: number }>(`SELECT count(*)::int AS n FROM nomination_penalties WHERE penalty_id = ANY($1::text[])`, [ids]);
      return rows[0].n === ids.length;
    }, { timeoutMs: 60_000, description: 'penalties consumed' });

  beforeAll(async () => {
    fixture = await JointPunishmentFixture.start({ name: 'nominations', publisher: true });
    reviewer = await officeToken('reviewer');
    reader = await officeToken('reader');
  }, 180_000);

  afterAll(async () => {
    await fixture?.stop();
  });

  it('proposes a serious penalty and the third penalty of one kind within a year; lists nobody', async () => {
    const serious = freshUscc();
    const repeated = freshUscc();
    const spread = freshUscc();
    const seriousPenalty = published(serious, '2025-06-02', 'SERIOUS');
    const r1 = published(repeated, '2024-08-01', 'GENERAL');
    const r2 = published(repeated, '2025-01-15', 'GENERAL');
    // Of another kind, and a year and more apart: no repetition.
    const s1 = published(spread, '2024-01-10', 'GENERAL');
    const s2 = published(spread, '2024-12-01', 'GENERAL', '无照经营');
    const s3 = published(spread, '2025-01-10', 'GENERAL');
    await fixture.events.publish(seriousPenalty, r1, r2, s1, s2, s3);
    await consumed([seriousPenalty, r1, r2, s1, s2, s3].map((e) => e.data.penaltyId));

    const mine = [serious, repeated, spread];
    expect(await proposalsOf(mine)).toEqual([expect.objectContaining({ rule: 'SERIOUS_PENALTY', subjectCode: serious, list: 'BLACK', status: 'OPEN', penaltyIds: [seriousPenalty.data.penaltyId] })]);

    const r3 = published(repeated, '2025-07-20', 'GENERAL');
    await fixture.events.publish(r3);
    await consumed([r3.data.penaltyId]);
    const second = await proposalsOf(mine);
    expect(second).toHaveLength(2);
    expect(second).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'REPEATED_PENALTIES',
          subjectCode: repeated,
          penaltyIds: [r1, r2, r3].map((e) => e.data.penaltyId).sort(),
        }),
      ]),
    );

    // Nothing listed without a reviewer: no entry, no list event.
    expect((await call('GET', '/api/v1/list-entries', undefined, bearer(reviewer))).body.total).toBe(0);
    expect(await fixture.query(`SELECT 1 FROM events WHERE type LIKE 'joint-punishment.list-entry%'`)).toEqual([]);
    expect((await call('GET', '/api/v1/nomination-proposals', undefined, bearer(reader))).status).toBe(403);
  }, 120_000);
});
