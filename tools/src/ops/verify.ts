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

  const withdrawn = (await query<{ id: string }>(db('double-publicity'), `SELECT id::text FROM penalties WHERE publicity_status = 'WITHDRAWN'`)).map((r) => r.id);
  for (const r of await query<{ id: string }>(
    db('credit-portal'),
    `SELECT p.key AS id FROM subject_views v, jsonb_each(v.state->'penalties') AS p(key, value) WHERE p.key = ANY($1) AND NOT (p.value->>'withdrawn')::boolean`,
    [withdrawn],
  )) {
    add('withdrawn-penalty', r.id, 'withdrawn from publicity in double-publicity, still shown by credit-portal');
  }
  for (const r of await query<{ id: string }>(db('grading-supervision'), `SELECT record_id AS id FROM credit_records WHERE record_id = ANY($1) AND active`, [withdrawn])) {
    add('withdrawn-penalty', r.id, 'withdrawn from publicity in double-publicity, still counted by grading-supervision');
  }

  const exited = (await query<{ id: string }>(db('joint-punishment'), `SELECT id FROM list_entries WHERE status = 'EXITED'`)).map((r) => r.id);
  for (const r of await query<{ id: string; measure_code: string; unit_code: string }>(
    db('joint-punishment'),
    `SELECT list_entry_id AS id, measure_code, unit_code FROM measure_applications WHERE list_entry_id = ANY($1) AND status <> 'LIFTED'`,
    [exited],
  )) {
    add('exited-list-entry', r.id, `exited, but measure ${r.measure_code} of ${r.unit_code} is not lifted`);
  }
  for (const r of await query<{ id: string }>(db('credit-portal'), `SELECT list_entry_id AS id FROM public_list_entries WHERE list_entry_id = ANY($1)`, [exited])) {
    add('exited-list-entry', r.id, 'exited in joint-punishment, still on the public list of credit-portal');
  }
  for (const r of await query<{ id: string }>(
    db('credit-portal'),
    `SELECT l.key AS id FROM subject_views v, jsonb_each(v.state->'lists') AS l(key, value) WHERE l.key = ANY($1) AND NOT (l.value->>'exited')::boolean`,
    [exited],
  )) {
    add('exited-list-entry', r.id, "exited in joint-punishment, still on the subject's page of credit-portal");
  }
  for (const r of await query<{ id: string }>(db('grading-supervision'), `SELECT record_id AS id FROM credit_records WHERE record_id = ANY($1) AND active`, [exited])) {
    add('exited-list-entry', r.id, 'exited in joint-punishment, still counted by grading-supervision');
  }

  const completed = (await query<{ id: string }>(db('credit-repair'), `SELECT id FROM repair_applications WHERE status = 'COMPLETED'`)).map((r) => r.id);
  for (const r of await query<{ id: string; service: string; effect: string; status: string }>(
    db('credit-repair'),
    `SELECT application_id AS id, service, effect, status FROM repair_effects WHERE application_id = ANY($1) AND status <> 'DONE'`,
    [completed],
  )) {
    add('completed-repair', r.id, `COMPLETED, but effect ${r.service} ${r.effect} is ${r.status}`);
  }
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
