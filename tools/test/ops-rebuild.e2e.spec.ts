/**
 * `ops rebuild` on the whole platform (every service its own compiled process on a real broker and
 * real databases; build first): each service's projections, filled by the repair flow, rebuilt
 * blue/green while the services go on answering reads and taking writes; the checksum of the
 * rebuilt tables equals the live ones'; a row deleted from a live table makes them differ (and the
 * rebuild puts it back); an interrupted rebuild resumes from where it stopped; the old tables stay
 * until dropped; every step is an audit event.
 */
import { bearer, localDir, queryDatabase, RepairPlatform, type RepairSubject } from '@credit/testing';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runOpsCli } from '../src/ops/cli';
import { createProgress } from '../src/ops/progress';
import { rebuild, type RebuildOutcome } from '../src/ops/rebuild';
import type { Topology } from '../src/ops/topology';
import { opsTopology } from './support/ops-topology';

/** The services whose read models come from their own stored events, and what each rebuilds. */
const REBUILT: Record<string, string[]> = {
  'joint-punishment': ['list-entries', 'measures', 'catalog'],
  'credit-portal': ['subject-views'],
  'double-publicity': ['catalog', 'administrative-actions'],
  'credit-repair': ['repairs'],
  commitments: ['commitments'],
  'subject-registry': ['subjects'],
};

describe('ops rebuild: blue/green projections from the stored events', () => {
  let platform: RepairPlatform;
  let topology: Topology;
  const subjects: RepairSubject[] = [];

  beforeAll(async () => {
    mkdirSync(join(localDir(), 'logs'), { recursive: true });
    platform = await RepairPlatform.start({ run: 'rebuild' });
    topology = opsTopology(platform);
    // The flows fill every service: three subjects listed and published, one of them repaired.
    for (let i = 0; i < 3; i++) subjects.push(await platform.prepareSubject());
    const applicationId = await platform.applyForRepair(subjects[0]);
    await platform.approve(applicationId);
    await platform.completed(applicationId);
  }, 900_000);

  afterAll(async () => {
    await platform?.stop();
  });

  async function ops(...argv: string[]): Promise<{ code: number; out: any; human: string }> {
    let out = '';
    const code = await runOpsCli([...argv, '--json'], { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => undefined }, topology });
    return { code, out: out ? JSON.parse(out) : undefined, human: '' };
  }

  /** Reads the services answer while something else runs: every status, and whether any came back empty. */
  function readWhile(): { stop: () => Promise<{ statuses: number[]; empty: number }> } {
    const statuses: number[] = [];
    let empty = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        for (const subject of subjects.slice(1)) {
          const entry = await platform.api['joint-punishment']('GET', `/api/v1/list-entries/${subject.listEntryId}`, undefined, bearer(platform.tokens.reader));
          statuses.push(entry.status);
          if (entry.status === 200 && entry.body?.id !== subject.listEntryId) empty++;
          const page = await platform.api['credit-portal']('GET', `/api/v1/public/subjects/${subject.code}`);
          statuses.push(page.status);
          if (page.status === 200 && !(page.body?.lists?.length > 0 && page.body?.penalties?.length > 0)) empty++;
          const list = await platform.api['credit-portal']('GET', '/api/v1/public/black-list');
          statuses.push(list.status);
          if (list.status === 200 && !(list.body?.total > 0)) empty++;
        }
      }
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
        return { statuses, empty };
      },
    };
  }

  it('rebuilds every projection of joint-punishment and credit-portal while they serve reads and take writes: checksums equal', async () => {
    const reads = readWhile();
    // A subject listed and published while the rebuilds run: the catch-up and the switch take it.
    const writing = platform.prepareSubject();
    const outcomes: Record<string, RebuildOutcome> = {};
    for (const service of Object.keys(REBUILT)) {
      let human = '';
      const code = await runOpsCli(['rebuild', service], { stdout: { write: (t: string) => (human += t) }, stderr: { write: (t: string) => (human += t) }, topology });
      appendFileSync(join(localDir(), 'logs', 'ops-examples.txt'), `$ npm run ops -- rebuild ${service}\n${human}\n`);
      expect([service, code]).toEqual([service, 0]);
    }
    subjects.push(await writing);
    for (const service of Object.keys(REBUILT)) {
      const result = await ops('rebuild', service);
      outcomes[service] = result.out;
      expect(result.code).toBe(0);
    }
    const { statuses, empty } = await reads.stop();
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(empty).toBe(0);

    for (const [service, projections] of Object.entries(REBUILT)) {
      const done = outcomes[service].rebuilds;
      expect(done.map((r) => [r.projection, r.status, r.identical])).toEqual(projections.map((p) => [p, 'DONE', true]));
      for (const r of done) {
        expect(r.checksumRebuilt).toEqual(r.checksumLive);
        expect(r.read).toBeGreaterThan(0);
      }
    }
    // Rows were there to compare: the lists of the four subjects, their measures, their pages.
    const jp = outcomes['joint-punishment'].rebuilds.find((r) => r.projection === 'list-entries')!;
    expect(jp.checksumLive!.tables.list_entries.rows).toBeGreaterThanOrEqual(4);
    expect(jp.checksumLive!.tables.measure_applications.rows).toBeGreaterThanOrEqual(8);
    const portal = outcomes['credit-portal'].rebuilds[0];
    expect(portal.checksumLive!.tables.subject_views.rows).toBeGreaterThanOrEqual(4);

    // The subject written during the rebuilds is in the rebuilt tables, and the repair still shows as repaired.
    const last = subjects[subjects.length - 1];
    expect(await platform.websiteShows(last.code, last.penaltyId)).toBe(true);
    expect(await platform.websiteShows(subjects[0].code, subjects[0].penaltyId)).toBe(false);

    // The old tables are kept until dropped, then gone; a second drop conflicts.
    const first = outcomes['credit-portal'].rebuilds[0];
    const schemas = await queryDatabase<{ nspname: string }>(platform.databases['credit-portal'].url, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'retired_%' OR nspname LIKE 'rebuild_%'`);
    expect(schemas.map((s) => s.nspname)).toContain(first.retiredSchema);
    expect(schemas.filter((s) => s.nspname.startsWith('rebuild_'))).toEqual([]);
    expect((await ops('rebuild', 'credit-portal', '--drop-retired', first.id)).code).toBe(0);
    const after = await queryDatabase<{ n: number }>(platform.databases['credit-portal'].url, `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1`, [first.retiredSchema]);
    expect(after).toEqual([{ n: 0 }]);
    expect((await ops('rebuild', 'credit-portal', '--drop-retired', first.id)).out.status).toBe(409);

    // Every step is an audit event of the service, with who asked.
    const audit = await queryDatabase<{ step: string; n: number }>(
      platform.databases['joint-punishment'].url,
      `SELECT data->>'step' AS step, count(*)::int AS n FROM events WHERE type = 'ops.projection-rebuild-recorded' GROUP BY 1 ORDER BY 1`,
    );
    expect(audit).toEqual([
      { step: 'REQUESTED', n: 6 },
      { step: 'SWITCHED', n: 6 },
    ]);
  });

  it('a row lost from a live table: the checksums differ, and the rebuilt table has it again', async () => {
    const url = platform.databases['joint-punishment'].url;
    const [lost] = await queryDatabase<{ list_entry_id: string; measure_code: string }>(url, `SELECT list_entry_id, measure_code FROM measure_applications ORDER BY list_entry_id LIMIT 1`);
    const deleted = await queryDatabase(url, `DELETE FROM measure_applications WHERE list_entry_id = $1 AND measure_code = $2 RETURNING 1`, [lost.list_entry_id, lost.measure_code]);
    expect(deleted.length).toBeGreaterThan(0);
    const result = await ops('rebuild', 'joint-punishment', 'list-entries', '--confirm');
    expect(result.code).toBe(1);
    const [r] = result.out.rebuilds;
    expect([r.status, r.identical, r.retiredDropped]).toEqual(['DONE', false, true]);
    expect(r.checksumRebuilt.tables.measure_applications.rows).toBe(r.checksumLive.tables.measure_applications.rows + deleted.length);
    expect(r.checksumRebuilt.tables.list_entries).toEqual(r.checksumLive.tables.list_entries);
    const back = await queryDatabase(url, `SELECT 1 FROM measure_applications WHERE list_entry_id = $1 AND measure_code = $2`, [lost.list_entry_id, lost.measure_code]);
    expect(back).toHaveLength(deleted.length);
    // The next rebuild finds the tables as the events say.
    expect((await ops('rebuild', 'joint-punishment', 'list-entries', '--confirm')).code).toBe(0);
  });

  it('interrupted (Ctrl-C), a rebuild keeps its position and resumes from it; a second one of the same projection conflicts meanwhile', async () => {
    const interrupt = new AbortController();
    let concurrent: { code: number; out: any } | undefined;
    let asked = false;
    const outcome = await rebuild(topology, 'credit-portal', {
      projection: 'subject-views',
      batchSize: 1,
      maxEventsPerSecond: 50,
      signal: interrupt.signal,
      pollMs: 20,
      progress: (label, total) => {
        const progress = createProgress({ silent: true, label, total });
        return {
          ...progress,
          update: (done: number) => {
            // While it runs, a second rebuild of the same projection is refused; then Ctrl-C.
            if (done >= 3 && !asked) {
              asked = true;
              void ops('rebuild', 'credit-portal', 'subject-views').then((r) => {
                concurrent = r;
                interrupt.abort();
              });
            }
          },
        };
      },
    });
    expect(outcome.interrupted).toBe(true);
    const [stopped] = outcome.rebuilds;
    expect(stopped.status).toBe('INTERRUPTED');
    expect(stopped.read).toBeGreaterThanOrEqual(3);
    expect(stopped.read).toBeLessThan(stopped.total!);
    expect(concurrent!.out.refused.status).toBe(409);
    expect(outcome.resume).toBe(`npm run ops -- rebuild credit-portal --resume ${stopped.id}`);

    const resumed = await ops('rebuild', 'credit-portal', '--resume', stopped.id);
    expect(resumed.code).toBe(0);
    const [done] = resumed.out.rebuilds;
    expect([done.id, done.status, done.identical]).toEqual([stopped.id, 'DONE', true]);
    // Read once each: the batches before the interruption are not applied again.
    const [{ n }] = await queryDatabase<{ n: number }>(platform.databases['credit-portal'].url, `SELECT count(*)::int AS n FROM subject_events`);
    expect(done.read).toBe(n);
    expect((await ops('rebuild', 'credit-portal', '--resume', stopped.id)).out.refused.status).toBe(409);
  });

  it('refuses what it cannot do: an unknown projection (404), a bad batch size (exit 2), a malformed request (400); a service with none has nothing to do', async () => {
    expect((await ops('rebuild', 'joint-punishment', 'no-such-projection')).out.refused.status).toBe(404);
    expect((await ops('rebuild', 'joint-punishment', 'list-entries', '--batch-size', '0')).code).toBe(2);
    const refused = await fetch(`${platform.services['joint-punishment'].url}/api/v1/ops/rebuilds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await topology.opsToken!()}` },
      body: JSON.stringify({ projection: 'List Entries!' }),
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(await refused.json())).toContain('projection');
    const none = await ops('rebuild', 'grading-supervision');
    expect([none.code, none.out.rebuilds]).toEqual([0, []]);
  });
});
