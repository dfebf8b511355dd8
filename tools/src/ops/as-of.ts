/**
 * `ops as-of <subjectCode> <timestamp>`: what the credit website showed of a subject at that time,
 * folded by credit-portal from the stored events (not from today's projection), with the events it
 * was built from. Through credit-portal's as-of view (role ops, the read recorded there).
 */
import { parseUsccAllowList, subjectIdentity } from '@credit/credit-rules';
import { query } from './db';
import type { Topology } from './topology';

export interface AsOfView {
  subjectCode: string;
  asOf: string;
  /** 200: the page as it was; 404: nothing shown then. */
  status: number;
  page: unknown;
  /** The subject's events credit-portal had recorded by then, oldest first. */
  events: { eventId: string; type: string; recordedAt: string }[];
}

export async function asOf(topology: Topology, subjectCode: string, at: string): Promise<AsOfView> {
  const portal = topology.services.find((s) => s.name === 'credit-portal');
  if (!portal?.url) throw new Error('no credit-portal URL in the topology');
  if (!topology.opsToken) throw new Error('no ops token: set OPS_TOKEN, or AUTH_JWT_SECRET to mint one');
  const response = await fetch(`${portal.url}/api/v1/public/subjects/${encodeURIComponent(subjectCode)}?asOf=${encodeURIComponent(at)}`, {
    headers: { authorization: `Bearer ${await topology.opsToken()}` },
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  const events: AsOfView['events'] = [];
  // The services' own resolution of the code (pilot codes of USCC_ALLOW_LIST included).
  const subject =
    topology.subjectKeySecret === undefined
      ? undefined
      : subjectIdentity({ secret: topology.subjectKeySecret, allowList: parseUsccAllowList(topology.usccAllowList) }).resolve(subjectCode);
  if (subject?.ok) {
    const rows = await query<{ event_id: string; type: string; recorded_at: Date }>(
      portal.databaseUrl,
      `SELECT event_id::text, type, recorded_at FROM subject_events WHERE subject_key = $1 AND recorded_at <= $2 ORDER BY seq`,
      [subject.subjectKey, new Date(at)],
    );
    events.push(...rows.map((r) => ({ eventId: r.event_id, type: r.type, recordedAt: new Date(r.recorded_at).toISOString() })));
  }
  return { subjectCode, asOf: at, status: response.status, page: text ? JSON.parse(text) : undefined, events };
}

export function formatAsOf(view: AsOfView): string {
  const page = view.page as { penalties?: { id: string; decisionNumber?: string }[]; lists?: { id: string; list: string; category: string }[] } | undefined;
  const lines = [`${view.subjectCode} as the credit website showed it at ${view.asOf}${view.status === 200 ? '' : `: HTTP ${view.status}`}`];
  if (view.status === 200 && page) {
    lines.push(`  penalties in publicity: ${(page.penalties ?? []).map((p) => `${p.decisionNumber ?? ''} (${p.id})`).join(', ') || 'none'}`);
    lines.push(`  list entries in force: ${(page.lists ?? []).map((l) => `${l.list} ${l.category} (${l.id})`).join(', ') || 'none'}`);
  }
  lines.push(`  built from ${view.events.length} event(s):`, ...view.events.map((e) => `    ${e.recordedAt}  ${e.type}  ${e.eventId}`));
  return lines.join('\n');
}
