/**
 * `ops republish <service> --from <position> [--to] [--stream]`: stored events back to Kafka with
 * their own ids (consumers' inboxes drop what they already applied), after a lost topic or for a new
 * consumer. Through the service's ops endpoint, which audits it as an event.
 */
import type { ResolutionAnswer } from './dead-letters';
import type { Topology } from './topology';

export async function republish(topology: Topology, serviceName: string, range: { from: string; to?: string; stream?: string }): Promise<ResolutionAnswer> {
  const service = topology.services.find((s) => s.name === serviceName);
  if (!service?.url) return { status: 404, body: { detail: `no service ${serviceName} with a URL` } };
  if (!topology.opsToken) throw new Error('no ops token: set OPS_TOKEN, or AUTH_JWT_SECRET to mint one');
  const response = await fetch(`${service.url}/api/v1/ops/republish`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await topology.opsToken()}` },
    body: JSON.stringify({
      fromPosition: Number(range.from),
      ...(range.to !== undefined && { toPosition: Number(range.to) }),
      ...(range.stream !== undefined && { stream: range.stream }),
    }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
