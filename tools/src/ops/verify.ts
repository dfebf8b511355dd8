/**
 * `ops verify`: the services agree with one another. A penalty withdrawn in double-publicity is not
 * shown by the credit website nor counted by grading; an exited list entry has every measure lifted,
 * is off the website and off the grade; a COMPLETED repair has every effect confirmed and its result
 * delivered upstream. Each mismatch comes with the trace command that explains it. Read-only.
 */
import { query } from './db';
import type { Topology } from './topology';

export interface Mismatch {
  check: string;
  id: string;
  detail: string;
  /** The command that shows what happened to it. */
  trace: string;
}

export interface Verification {
  /** How many records each check looked at. */
  checked: Record<string, number>;
  mismatches: Mismatch[];
}

export async function verify(topology: Topology): Promise<Verification> {
  const db = (name: string): string => {
    const service = topology.services.find((s) => s.name === name);
    if (!service) throw new Error(`no service ${name} in the topology`);
    return service.databaseUrl;
  };
  const mismatches: Mismatch[] = [];
  const add = (check: string, id: string, detail: string) => mismatches.push({ check, id, detail, trace: `npm run ops -- trace ${id}` });

  /** Each id `sql` (given the ids as $1) still finds is a mismatch of `check`, described by `detail`. */
  const stillFound = async (service: string, sql: string, ids: string[], check: string, detail: (row: { id: string } & Record<string, string>) => string) => {
    for (const row of await query<{ id: string } & Record<string, string>>(db(service), sql, [ids])) add(check, row.id, detail(row));
  };
  /** The ids of `section` (penalties, lists) on a subject's page of credit-portal whose `flag` is still false. */
  const onPortalPage = (section: string, flag: string) =>
    `SELECT x.key AS id FROM subject_views v, jsonb_each(v.state->'${section}') AS x(key, value) WHERE x.key = ANY($1) AND NOT (x.value->>'${flag}')::boolean`;
  const activeInGrading = `SELECT record_id AS id FROM credit_records WHERE record_id = ANY($1) AND active`;

  const withdrawn = (await query<{ id: string }>(db('double-publicity'), `SELECT id::text FROM penalties WHERE publicity_status = 'WITHDRAWN'`)).map((r) => r.id);
  await stillFound('credit-portal', onPortalPage('penalties', 'withdrawn'), withdrawn, 'withdrawn-penalty', () => 'withdrawn from publicity in double-publicity, still shown by credit-portal');
  await stillFound('grading-supervision', activeInGrading, withdrawn, 'withdrawn-penalty', () => 'withdrawn from publicity in double-publicity, still counted by grading-supervision');

  const exited = (await query<{ id: string }>(db('joint-punishment'), `SELECT id FROM list_entries WHERE status = 'EXITED'`)).map((r) => r.id);
  await stillFound(
    'joint-punishment',
    `SELECT list_entry_id AS id, measure_code, unit_code FROM measure_applications WHERE list_entry_id = ANY($1) AND status <> 'LIFTED'`,
    exited,
    'exited-list-entry',
    (r) => `exited, but measure ${r.measure_code} of ${r.unit_code} is not lifted`,
  );
  await stillFound('credit-portal', `SELECT list_entry_id AS id FROM public_list_entries WHERE list_entry_id = ANY($1)`, exited, 'exited-list-entry', () => 'exited in joint-punishment, still on the public list of credit-portal');
  await stillFound('credit-portal', onPortalPage('lists', 'exited'), exited, 'exited-list-entry', () => "exited in joint-punishment, still on the subject's page of credit-portal");
  await stillFound('grading-supervision', activeInGrading, exited, 'exited-list-entry', () => 'exited in joint-punishment, still counted by grading-supervision');

  const completed = (await query<{ id: string }>(db('credit-repair'), `SELECT id FROM repair_applications WHERE status = 'COMPLETED'`)).map((r) => r.id);
  await stillFound(
    'credit-repair',
    `SELECT application_id AS id, service, effect, status FROM repair_effects WHERE application_id = ANY($1) AND status <> 'DONE'`,
    completed,
    'completed-repair',
    (r) => `COMPLETED, but effect ${r.service} ${r.effect} is ${r.status}`,
  );
  const deliveries = await query<{ id: string; delivered: number; pending: number }>(
    db('national-connector'),
    `SELECT correlation_id AS id, count(*) FILTER (WHERE status = 'DELIVERED')::int AS delivered, count(*) FILTER (WHERE status <> 'DELIVERED')::int AS pending
       FROM deliveries WHERE correlation_id = ANY($1) AND source_type = 'credit-repair.repair-approved' GROUP BY correlation_id`,
    [completed],
  );
  const delivered = new Map(deliveries.map((d) => [d.id, d]));
  for (const id of completed) {
    const d = delivered.get(id);
    if (!d || d.delivered === 0) add('completed-repair', id, 'COMPLETED, but its result was never delivered to the national platforms');
    else if (d.pending > 0) add('completed-repair', id, `COMPLETED, but ${d.pending} of its deliveries upstream are not DELIVERED`);
  }

  return { checked: { 'withdrawn-penalty': withdrawn.length, 'exited-list-entry': exited.length, 'completed-repair': completed.length }, mismatches };
}

export function formatVerification(v: Verification): string {
  const head = `checked ${Object.entries(v.checked).map(([check, n]) => `${n} ${check}`).join(', ')}: ${v.mismatches.length === 0 ? 'consistent' : `${v.mismatches.length} mismatch(es)`}`;
  return [head, ...v.mismatches.map((m) => `${m.check} ${m.id}: ${m.detail}\n    ${m.trace}`)].join('\n');
}
