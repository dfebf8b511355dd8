/**
 * Recovery benchmark: how long a repair takes to complete after a fault ends.
 *
 *   npm run build && npm run bench:recovery
 *
 * Runs through deploy/local/faults.sh on the fault suite's own broker and PostgreSQL cluster, with
 * the whole platform as processes (a running local platform is left untouched). Two figures,
 * BENCH_RUNS (5) times each, medians reported:
 *  - broker: a repair approved while the broker is down (SIGKILL); from the broker accepting
 *    connections again (kafka.sh start returned) to the application COMPLETED;
 *  - services: joint-punishment and double-publicity killed (SIGKILL) right after an approval; from
 *    the command that starts them again to COMPLETED.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { RepairPlatform } from '@credit/testing';
import { benchTopicPrefix, deleteBenchTopics } from './bench-kafka';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FAULTS_SCRIPT = process.env.FAULTS_SCRIPT;

function fault(command: 'kafka-kill' | 'kafka-start'): void {
  if (!FAULTS_SCRIPT) throw new Error('run with `npm run bench:recovery` (deploy/local/faults.sh bench)');
  execFileSync('bash', [FAULTS_SCRIPT, command], { stdio: 'ignore' });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  process.stderr.write('[bench] starting the platform (8 services, sandbox national platform)\n');
  // Topics of the run's own (deleted at the end), like every benchmark.
  const topicPrefix = benchTopicPrefix();
  const platform = await RepairPlatform.start({ run: `bench-recovery-${Date.now()}`, topicPrefix });
  process.stderr.write('[bench] platform up\n');
  const broker: number[] = [];
  const services: number[] = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      const subject = await platform.prepareSubject();
      const applicationId = await platform.applyForRepair(subject);
      fault('kafka-kill');
      await platform.approve(applicationId);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      fault('kafka-start');
      const ready = performance.now();
      await platform.completed(applicationId, 120_000);
      broker.push(performance.now() - ready);
      // Every consumer back before the next measurement starts.
      await platform.allHealthy();
      process.stderr.write(`[bench] broker run ${run}: ${seconds(broker.at(-1)!)}\n`);
    }
    for (let run = 1; run <= RUNS; run++) {
      const subject = await platform.prepareSubject();
      const applicationId = await platform.applyForRepair(subject);
      await platform.approve(applicationId);
      await Promise.all([platform.services['joint-punishment'].kill('SIGKILL'), platform.services['double-publicity'].kill('SIGKILL')]);
      const started = performance.now();
      await Promise.all([platform.startService('joint-punishment', false), platform.startService('double-publicity', false)]);
      await platform.completed(applicationId, 120_000);
      services.push(performance.now() - started);
      await Promise.all([platform.services['joint-punishment'].waitHealthy(60_000), platform.services['double-publicity'].waitHealthy(60_000)]);
      process.stderr.write(`[bench] services run ${run}: ${seconds(services.at(-1)!)}\n`);
    }
  } finally {
    await platform.stop();
    await deleteBenchTopics(topicPrefix).catch((error: unknown) => process.stderr.write(`[bench] deleting the topics under ${topicPrefix}: ${String(error)}\n`));
  }
  process.stdout.write(
    [
      `recovery over ${RUNS} runs each (median; all runs)`,
      `  broker ready → COMPLETED (approved while the broker was down): ${seconds(median(broker))}; ${broker.map(seconds).join(', ')}`,
      `  killed services started again → COMPLETED: ${seconds(median(services))}; ${services.map(seconds).join(', ')}`,
      '',
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
