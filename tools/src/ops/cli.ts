#!/usr/bin/env node
/**
 * The operator's command line: `npm run ops -- <command>` (or `npx credit-ops <command>`), on the
 * services' databases and the broker with the services' own settings (the environment, then
 * deploy/local/dev.env; see topology.ts). What changes state goes through the owning service's
 * ops endpoint (role ops; token OPS_TOKEN, else minted from AUTH_JWT_SECRET for OPS_UNIT_CODE or
 * SERVICE_UNIT_CODE), which audits it as an event:
 *
 *   ops status                                       one screen: lag, relay backlog, dead letters, parked, failed deliveries, calendar, oldest pending repair effect
 *   ops trace <correlationId|repairApplicationId|recordId>   the causal chain across every service, missing hops named
 *   ops as-of <subjectCode> <timestamp>            what the website showed then, folded from the stored events, with those events
 *   ops republish <service> --from P [--to P] [--stream S] [--no-wait]   stored events back to Kafka, same ids (through the service, audited),
 *                                                    then follows the relay until the range is published (Ctrl-C stops waiting)
 *   ops replay <service> --from <offset|timestamp> [--to ...] [--topic T] [--dry-run]   a topic range through the service's handlers
 *                                                    again, in a fresh group, applied at most once (audited); Ctrl-C cancels, prints how to resume
 *   ops verify                                       the services agree: withdrawn penalties, exited list entries, completed repairs
 *   ops dead-letters list [--service S] [--reason R] [--all]     open ones (--all: resolved too)
 *   ops dead-letters show <service>:<id>
 *   ops dead-letters redrive <service>:<id>          through the service (audited): fed to its handlers again, after a fix
 *   ops dead-letters discard <service>:<id> --reason "why"
 *
 * `--json` prints the machine form (only, at the end: no progress). Exit code 0; 1 when something asked
 * for is not found, or (status) when there are dead letters or an unreachable service; 2 for bad
 * arguments; 130 when a wait was stopped with Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { asOf, formatAsOf } from './as-of';
import { formatDeadLetters, listDeadLetters, resolveDeadLetter, showDeadLetter } from './dead-letters';
import { createProgress, onInterrupt } from './progress';
import { dropRetired, formatRebuild, rebuild } from './rebuild';
import { followRepublished, republish, type RelayFollowed, type RepublishAccepted } from './republish';
import { runReplay, type ReplayIo } from './replay';
import { formatStatus, platformStatus } from './status';
import { topologyFromEnvironment, type Topology } from './topology';
import { formatTrace, trace } from './trace';
import { formatVerification, verify } from './verify';

export const OPS_USAGE = `usage: npm run ops -- <command> [--json]
  status
  trace <correlationId|repairApplicationId|recordId>
  verify
  as-of <subjectCode> <timestamp>
  rebuild <service> [<projection>] [--confirm] [--batch-size N] [--max-rate events/s]
  rebuild <service> --resume <rebuildId> | --drop-retired <rebuildId>
  republish <service> --from <position> [--to <position>] [--stream <stream>] [--no-wait]
  replay <service> --from <offset|timestamp> [--to <offset|timestamp>] [--topic <topic>] [--dry-run]
  dead-letters list [--service <name>] [--reason <reason>] [--all]
  dead-letters show <service>:<id>
  dead-letters redrive <service>:<id>
  dead-letters discard <service>:<id> --reason <why>`;

export interface OpsIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  topology?: Topology;
  /** Where Ctrl-C is listened for by `replay` (tests pass an EventEmitter; the process by default). */
  interruptTarget?: ReplayIo['interruptTarget'];
}

export async function runOpsCli(argv: string[], io: OpsIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, service: { type: 'string' }, reason: { type: 'string' }, all: { type: 'boolean' }, from: { type: 'string' }, to: { type: 'string' }, stream: { type: 'string' }, 'no-wait': { type: 'boolean' }, confirm: { type: 'boolean' }, resume: { type: 'string' }, 'drop-retired': { type: 'string' }, 'batch-size': { type: 'string' }, 'max-rate': { type: 'string' }, topic: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean' } } });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n${OPS_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, sub, arg] = positionals;
  if (values.help || command === undefined) {
    io.stdout.write(`${OPS_USAGE}\n`);
    return command === undefined && !values.help ? 2 : 0;
  }
  const topology = io.topology ?? topologyFromEnvironment();
  const print = (machine: unknown, human: string) => io.stdout.write(`${values.json ? JSON.stringify(machine, null, 2) : human}\n`);
  switch (command) {
    case 'status': {
      const status = await platformStatus(topology);
      print(status, formatStatus(status));
      return status.deadLetters > 0 || status.services.some((s) => !s.reachable) ? 1 : 0;
    }
    case 'as-of': {
      if (sub === undefined || arg === undefined) break;
      const view = await asOf(topology, sub, arg);
      print(view, formatAsOf(view));
      return view.status === 200 ? 0 : 1;
    }
    case 'republish': {
      if (sub === undefined || values.from === undefined) break;
      const answer = await republish(topology, sub, { from: values.from, to: values.to, stream: values.stream });
      if (answer.status !== 200) {
        print(answer, `${sub}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
        return 1;
      }
      const body = answer.body as RepublishAccepted;
      const accepted = `${sub}: ${body.count} event(s) back in the outbox (positions ${body.fromPosition}..${body.toPosition})`;
      if (values['no-wait']) {
        print(answer, accepted);
        return 0;
      }
      // The relay publishes them: follow it (the range's outbox rows) until it has, or Ctrl-C.
      if (!values.json) {
        io.stdout.write(`${accepted}\n`);
        io.stderr.write(`waiting for ${sub}'s relay to publish them (Ctrl-C stops waiting; the relay goes on; --no-wait not to wait)\n`);
      }
      const progress = createProgress({ silent: values.json, label: `republish ${sub}`, total: body.count, unit: 'events published', stream: io.stderr });
      const stopWaiting = new AbortController();
      const uninstall = onInterrupt(() => stopWaiting.abort(), { stream: io.stderr });
      let relay: RelayFollowed;
      try {
        relay = await followRepublished(topology, body, { progress, signal: stopWaiting.signal });
      } finally {
        uninstall();
      }
      const status = 'npm run ops -- status shows its backlog';
      const outcome = relay.drained
        ? `${sub}: ${relay.published}/${body.count} published by the relay`
        : relay.interrupted
          ? `${sub}: stopped waiting at ${relay.published}/${body.count} published; the relay goes on publishing the rest (${status})`
          : `${sub}: could not follow the relay (${relay.error}); the events are in its outbox and the relay publishes them (${status})`;
      if (values.json) print({ ...answer, relay }, '');
      else io.stdout.write(`${outcome}\n`);
      return relay.drained ? 0 : relay.interrupted ? 130 : 1;
    }
    case 'rebuild': {
      if (sub === undefined) break;
      const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
      const maxRate = values['max-rate'] === undefined ? undefined : Number(values['max-rate']);
      if ([batchSize, maxRate].some((n) => n !== undefined && !(Number.isInteger(n) && n >= 1))) break;
      if (values['drop-retired'] !== undefined) {
        const answer = await dropRetired(topology, sub, values['drop-retired']);
        print(answer, answer.status === 200 ? `${sub}: old tables of rebuild ${values['drop-retired']} dropped` : `${sub}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer.status === 200 ? 0 : 1;
      }
      const interrupt = new AbortController();
      const uninstall = onInterrupt(() => interrupt.abort(), { stream: io.stderr });
      let outcome;
      try {
        outcome = await rebuild(topology, sub, {
          projection: arg,
          confirm: values.confirm,
          batchSize,
          maxEventsPerSecond: maxRate,
          resume: values.resume,
          signal: interrupt.signal,
          progress: (label, total) => createProgress({ silent: values.json, label, total, unit: 'events', stream: io.stderr }),
        });
      } finally {
        uninstall();
      }
      print(outcome, formatRebuild(outcome));
      if (outcome.interrupted) return 130;
      return !outcome.refused && outcome.rebuilds.every((r) => r.status === 'DONE' && r.identical) ? 0 : 1;
    }
    case 'replay': {
      if (sub === undefined || values.from === undefined) break;
      return runReplay(topology, sub, { from: values.from, to: values.to, topic: values.topic, dryRun: values['dry-run'] }, { stdout: io.stdout, stderr: io.stderr, interruptTarget: io.interruptTarget }, values.json);
    }
    case 'verify': {
      const verification = await verify(topology);
      print(verification, formatVerification(verification));
      return verification.mismatches.length === 0 ? 0 : 1;
    }
    case 'trace': {
      if (sub === undefined) break;
      const traced = await trace(topology, sub);
      print(traced, formatTrace(traced));
      return traced.events.length > 0 ? 0 : 1;
    }
    case 'dead-letters': {
      if (sub === 'list') {
        const rows = await listDeadLetters(topology, { service: values.service, reason: values.reason, all: values.all });
        print(rows, formatDeadLetters(rows));
        return 0;
      }
      if ((sub === 'redrive' || (sub === 'discard' && values.reason !== undefined)) && arg !== undefined) {
        const answer = await resolveDeadLetter(topology, arg, sub, values.reason);
        print(answer, answer.status === 200 ? `${arg}: ${(answer.body as { outcome: string }).outcome}` : `${arg}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer.status === 200 ? 0 : 1;
      }
      if (sub === 'show' && arg !== undefined) {
        const letter = await showDeadLetter(topology, arg);
        if (!letter) {
          io.stderr.write(`no dead letter ${arg}\n`);
          return 1;
        }
        print(letter, `${formatDeadLetters([letter])}\nDLQ topic: ${letter.dlqTopic}\npayload: ${letter.payload ?? '(none)'}\n${letter.stack ?? ''}`);
        return 0;
      }
      break;
    }
  }
  io.stderr.write(`${OPS_USAGE}\n`);
  return 2;
}

if (require.main === module) {
  runOpsCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`ops: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
