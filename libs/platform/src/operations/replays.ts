import { REPLAY_OUTCOMES, type EventsReplayedV1, type ReplayOutcome } from '@credit/contracts';
import { EventStore, handleCommand, type Decider } from '@credit/event-store';
import {
  parseReplayPosition,
  REPLAY_POSITION_HINT,
  replayGroupOf,
  ReplayRangeError,
  resolveReplayRange,
  TopicReplay,
  type InboxConsumer,
  type ReplayEnd,
  type ReplayPlan,
  type ReplayPosition,
  type ReplayProgress,
  type ReplayRun,
  type ReplayStatus,
} from '@credit/messaging';
import { applyDecorators, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { buildMessage, IsBoolean, IsOptional, IsString, Matches, ValidateBy } from 'class-validator';
import { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { PlatformConfig } from '../config/platform-config';
import { DomainRuleError, FieldValidationProblem, NotFoundProblem, StateConflictError } from '../errors/problems';
import { commandMetaOf } from '../http/request-context';

/** `from` / `to` of a replay: an offset, an ISO 8601 timestamp with its UTC offset, or offsets per partition. */
const IsReplayPosition = (): PropertyDecorator =>
  applyDecorators(
    IsString(),
    ValidateBy({
      name: 'replayPosition',
      validator: {
        validate: (value: unknown): boolean => typeof value !== 'string' || parseReplayPosition(value) !== undefined,
        defaultMessage: buildMessage((eachPrefix) => `${eachPrefix}$property must be ${REPLAY_POSITION_HINT}`),
      },
    }),
  );

export class StartReplayDto {
  @ApiProperty({
    description:
      'Where the replay starts (inclusive): an offset applied to every partition, an ISO 8601 timestamp with its UTC offset (resolved per partition to the first record at or after it), or `<topic>/<partition>:<offset>,...` (a cancelled replay reports this to resume from; a partition not named is not replayed).',
    example: '2026-12-07T08:00:00+08:00',
  })
  @IsReplayPosition()
  from: string;

  @ApiPropertyOptional({ description: 'Where it ends (exclusive), in the same forms; default: the high watermarks when the replay starts (it never follows the live topic).' })
  @IsOptional()
  @IsReplayPosition()
  to?: string;

  @ApiPropertyOptional({ description: 'Only this one of the topics the service consumes (default: all of them).' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,249}$/, { message: 'topic must be a Kafka topic name' })
  topic?: string;

  @ApiPropertyOptional({ description: "Run each record's handler in a transaction that is rolled back: report what would change, change nothing." })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export type { ReplayStatus };

/** A replay as `GET /api/v1/ops/replays/{id}` shows it. */
export interface ReplayView extends Omit<ReplayProgress, 'outcomes'>, ReplayRun {
  outcomes: Record<ReplayOutcome, number>;
  requestedBy: string;
}

interface ReplayRow {
  id: string;
  consumer_group: string;
  replay_group: string;
  topics: string[];
  from_position: string;
  to_position: string | null;
  dry_run: boolean;
  status: ReplayStatus;
  total: string;
  processed: string;
  partitions: ReplayProgress['partitions'];
  outcomes: Record<ReplayOutcome, number>;
  by_type: Record<string, number>;
  table_changes: ReplayProgress['tableChanges'];
  problems: ReplayProgress['problems'];
  problems_not_listed: number;
  error: string | null;
  requested_by: string;
  started_at: Date;
  finished_at: Date | null;
}

interface RunningReplay {
  id: string;
  replay: TopicReplay;
  row: ReplayRow;
  principal: Principal;
  correlationId: string;
  /** Settles once the replay has ended and its end is recorded (and audited). */
  ended: Promise<void>;
}

type ReplayEvent = { type: 'ops.events-replayed'; data: EventsReplayedV1 };

/** Every replay is recorded when it ends; none is refused by the stream's history. Pure. */
const replayDecider: Decider<{ type: 'Record'; data: EventsReplayedV1 }, ReplayEvent, null> = {
  initialState: () => null,
  decide: (command) => [{ type: 'ops.events-replayed', data: command.data }],
  evolve: (state) => state,
};

/** How often a running replay's progress is written to its row (which also shows it is alive). */
const FLUSH_INTERVAL_MS = 1_000;
/** A RUNNING row not refreshed for this long belongs to an instance that died with it. */
const STALE_AFTER_MS = 30_000;
/** How long a cancel waits for the record in hand to finish before answering. */
const CANCEL_WAIT_MS = 30_000;

/**
 * `POST /api/v1/ops/replays` (role ops): a range of the topics this service consumes read again in
 * a fresh consumer group (`<live group>.replay.<id>`) through this service's handlers and inbox
 * (see TopicReplay), in the background, one at a time; its progress is kept in `event_replays`
 * (`GET .../{id}`), it can be cancelled (`POST .../{id}/cancel`) and resumed from the next offsets
 * it reports, and its end is audited as `ops.events-replayed` (stream `replay-<service>`).
 */
@Injectable()
export class EventReplays implements BeforeApplicationShutdown {
  private readonly logger = new Logger('EventReplays');
  private consumer: () => InboxConsumer | undefined = () => undefined;
  private live?: { groupId: string; topics: string[] };
  private running?: RunningReplay;

  constructor(
    private readonly store: EventStore,
    private readonly config: PlatformConfig,
    private readonly dataSource: DataSource,
    private readonly kafka: Kafka,
  ) {}

  /** Called by the bootstrap of a service that consumes events. */
  attach(consumer: () => InboxConsumer | undefined, live: { groupId: string; topics: string[] }): void {
    this.consumer = consumer;
    this.live = { groupId: live.groupId, topics: [...live.topics] };
  }

  async start(dto: StartReplayDto, principal: Principal, correlationId: string): Promise<ReplayView> {
    const live = this.live;
    if (!live) throw new NotFoundProblem(`${this.config.serviceName} consumes no events: there is nothing to replay`);
    const from = parseReplayPosition(dto.from)!;
    const to = dto.to === undefined ? undefined : parseReplayPosition(dto.to)!;
    checkOrder(from, to);
    if (dto.topic !== undefined && !live.topics.includes(dto.topic)) {
      throw new DomainRuleError(`${this.config.serviceName} does not consume ${dto.topic} (it consumes ${live.topics.join(', ')})`, { rule: 'replay.topic-consumed' });
    }
    const topics = dto.topic !== undefined ? [dto.topic] : live.topics;
    const inbox = this.consumer();
    if (!inbox) throw new StateConflictError(`${this.config.serviceName}'s event consumer has not started yet: try again in a moment`, { rule: 'replay.consumer-started' });
    await this.refuseIfRunning();

    const plan = await this.plan(topics, from, to);
    if (plan.total === 0) {
      const ranges = plan.partitions.map((p) => `${p.topic}/${p.partition} ${p.from}..${p.to}`).join(', ');
      throw new DomainRuleError(`the range holds no record of ${topics.join(', ')} (per partition, from..to exclusive: ${ranges})`, { rule: 'replay.range-not-empty' });
    }

    const id = randomUUID();
    const replayGroup = replayGroupOf(live.groupId, id);
    const requestedBy = `${principal.departmentCode} ${principal.name}`;
    let row: ReplayRow;
    try {
      [row] = await this.dataSource.query(
        `INSERT INTO event_replays (id, consumer_group, replay_group, topics, from_position, to_position, dry_run, status, total, partitions, outcomes, requested_by, correlation_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'RUNNING', $8, $9::jsonb, $10::jsonb, $11, $12) RETURNING *`,
        [id, live.groupId, replayGroup, topics, dto.from, dto.to ?? null, dto.dryRun === true, plan.total, JSON.stringify(plan.partitions.map((p) => ({ ...p, next: p.from }))), JSON.stringify(zeroOutcomes()), requestedBy, correlationId],
      );
    } catch (error) {
      // The unique index on RUNNING: another instance started one meanwhile.
      if ((error as { code?: string }).code === '23505') throw this.alreadyRunning();
      throw error;
    }
    const replay = new TopicReplay({ kafka: this.kafka, inbox, groupId: replayGroup, partitions: plan.partitions, total: plan.total, dryRun: dto.dryRun === true });
    const running: RunningReplay = { id, replay, row, principal, correlationId, ended: Promise.resolve() };
    running.ended = this.execute(running);
    this.running = running;
    this.logger.log(`replay ${id} of ${topics.join(', ')} (${plan.total} record(s)${dto.dryRun ? ', dry run' : ''}) started in group ${replayGroup}`);
    return this.viewOf(row, replay.progress());
  }

  async get(id: string): Promise<ReplayView> {
    const running = this.running;
    if (running?.id === id) return this.viewOf(running.row, running.replay.progress());
    return this.viewOf(await this.row(id));
  }

  /**
   * Stops a running replay after the record in hand and answers its state (CANCELLED, with the next
   * offset of each partition to resume from). 409 for a replay that has already ended.
   */
  async cancel(id: string): Promise<ReplayView> {
    const running = this.running;
    if (running?.id === id) {
      running.replay.cancel();
      await Promise.race([running.ended, new Promise((resolve) => setTimeout(resolve, CANCEL_WAIT_MS).unref())]);
      return this.get(id);
    }
    const row = await this.row(id);
    if (row.status !== 'RUNNING') throw new StateConflictError(`replay ${id} has already ended (${row.status})`, { rule: 'replay.running' });
    // Run by another instance: its next progress write finds the row cancelled and stops there.
    await this.dataSource.query(`UPDATE event_replays SET status = 'CANCELLED', finished_at = now() WHERE id = $1 AND status = 'RUNNING'`, [id]);
    return this.viewOf(await this.row(id));
  }

  /** The service is stopping: a running replay stops after its record in hand, recorded CANCELLED. */
  async beforeApplicationShutdown(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.replay.cancel();
    await Promise.race([running.ended, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
  }

  private async plan(topics: string[], from: ReplayPosition, to: ReplayPosition | undefined): Promise<ReplayPlan> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await resolveReplayRange(admin, topics, from, to);
    } catch (error) {
      if (error instanceof ReplayRangeError) throw new DomainRuleError(error.message, { rule: 'replay.range-on-topics' });
      throw error;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** 409 while a replay runs here or in another instance (a RUNNING row still refreshed); a dead instance's row is closed. */
  private async refuseIfRunning(): Promise<void> {
    if (this.running) throw this.alreadyRunning(this.running.id);
    const [other]: { id: string; stale: boolean }[] = await this.dataSource.query(
      `SELECT id::text, updated_at < now() - $1 * interval '1 millisecond' AS stale FROM event_replays WHERE status = 'RUNNING'`,
      [STALE_AFTER_MS],
    );
    if (!other) return;
    if (!other.stale) throw this.alreadyRunning(other.id);
    await this.dataSource.query(
      `UPDATE event_replays SET status = 'FAILED', finished_at = now(), error = 'the instance running it stopped (no progress for ' || $2 || ' s)' WHERE id = $1 AND status = 'RUNNING'`,
      [other.id, STALE_AFTER_MS / 1000],
    );
  }

  private alreadyRunning(id?: string): StateConflictError {
    return new StateConflictError(
      `a replay is already running in ${this.config.serviceName}${id ? ` (${id}): cancel it (POST /api/v1/ops/replays/${id}/cancel) or wait for its end` : ''}`,
      { rule: 'replay.one-at-a-time' },
    );
  }

  /** Runs the replay in the background, writes its progress every second, and records (and audits) its end. */
  private async execute(running: RunningReplay): Promise<void> {
    const { id, replay } = running;
    let flushing: Promise<void> | undefined;
    const timer = setInterval(() => {
      flushing ??= this.flush(running).finally(() => (flushing = undefined));
    }, FLUSH_INTERVAL_MS);
    let end: ReplayEnd | 'FAILED';
    let error: string | null = null;
    try {
      // Outside the request that started it (and its context).
      await new Promise((resolve) => setImmediate(resolve));
      end = await replay.run();
    } catch (failure) {
      end = 'FAILED';
      error = failure instanceof Error ? failure.message : String(failure);
      this.logger.error(`replay ${id} failed: ${failure instanceof Error ? (failure.stack ?? failure.message) : error}`);
    } finally {
      clearInterval(timer);
      await flushing;
    }
    try {
      await this.finish(running, end, error);
    } catch (failure) {
      this.logger.error(`replay ${id} ended ${end} but its end could not be recorded: ${failure instanceof Error ? failure.message : String(failure)}`);
    } finally {
      this.running = undefined;
    }
  }

  private async flush(running: RunningReplay): Promise<void> {
    try {
      const p = running.replay.progress();
      const [rows]: [unknown[], number] = await this.dataSource.query(
        `UPDATE event_replays SET processed = $2, partitions = $3::jsonb, outcomes = $4::jsonb, by_type = $5::jsonb, table_changes = $6::jsonb, problems = $7::jsonb, problems_not_listed = $8, updated_at = now()
          WHERE id = $1 AND status = 'RUNNING' RETURNING id`,
        [running.id, p.processed, JSON.stringify(p.partitions), JSON.stringify(p.outcomes), JSON.stringify(p.byType), JSON.stringify(p.tableChanges), JSON.stringify(p.problems), p.problemsNotListed],
      );
      // Cancelled through another instance.
      if (rows.length === 0) running.replay.cancel();
    } catch (error) {
      this.logger.warn(`progress of replay ${running.id} not written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The final state and its audit event, in one transaction. */
  private async finish(running: RunningReplay, end: ReplayEnd | 'FAILED', error: string | null): Promise<void> {
    const p = running.replay.progress();
    const { row, principal, correlationId } = running;
    const data: EventsReplayedV1 = {
      service: this.config.serviceName,
      consumerGroup: row.consumer_group,
      replayGroup: row.replay_group,
      replayId: row.id,
      dryRun: row.dry_run,
      status: end,
      partitions: p.partitions.map(({ topic, partition, from, to, next }) => ({ topic, partition, from, to, next })),
      total: p.total,
      processed: p.processed,
      outcomes: p.outcomes,
      byType: p.byType,
      ...(error !== null && { error: auditText(error) }),
    };
    await this.store.transaction(async (tx) => {
      await tx.manager.query(
        `UPDATE event_replays SET status = $2, processed = $3, partitions = $4::jsonb, outcomes = $5::jsonb, by_type = $6::jsonb, table_changes = $7::jsonb, problems = $8::jsonb,
                problems_not_listed = $9, error = $10, updated_at = now(), finished_at = now()
          WHERE id = $1`,
        [row.id, end, p.processed, JSON.stringify(p.partitions), JSON.stringify(p.outcomes), JSON.stringify(p.byType), JSON.stringify(p.tableChanges), JSON.stringify(p.problems), p.problemsNotListed, error],
      );
      await handleCommand(tx, `replay-${this.config.serviceName}`, replayDecider, { type: 'Record', data }, commandMetaOf(principal, correlationId, null));
    });
    this.logger.log(`replay ${row.id} ${end}: ${p.processed}/${p.total} record(s), ${REPLAY_OUTCOMES.map((o) => `${o} ${p.outcomes[o]}`).join(', ')}${row.dry_run ? ' (dry run: nothing committed)' : ''}`);
  }

  private async row(id: string): Promise<ReplayRow> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new NotFoundProblem(`no replay ${id}`);
    const [row]: ReplayRow[] = await this.dataSource.query(`SELECT * FROM event_replays WHERE id = $1`, [id]);
    if (!row) throw new NotFoundProblem(`no replay ${id} in ${this.config.serviceName}`);
    return row;
  }

  private viewOf(row: ReplayRow, progress?: ReplayProgress): ReplayView {
    const p: ReplayProgress = progress ?? {
      processed: Number(row.processed),
      outcomes: row.outcomes,
      byType: row.by_type,
      tableChanges: row.table_changes,
      problems: row.problems,
      problemsNotListed: row.problems_not_listed,
      total: Number(row.total),
      partitions: row.partitions,
    };
    return {
      replayId: row.id,
      service: this.config.serviceName,
      consumerGroup: row.consumer_group,
      replayGroup: row.replay_group,
      topics: row.topics,
      from: row.from_position,
      ...(row.to_position !== null && { to: row.to_position }),
      dryRun: row.dry_run,
      status: progress ? 'RUNNING' : row.status,
      total: p.total,
      processed: p.processed,
      outcomes: { ...zeroOutcomes(), ...p.outcomes },
      byType: p.byType,
      tableChanges: p.tableChanges,
      problems: p.problems,
      problemsNotListed: p.problemsNotListed,
      partitions: p.partitions,
      requestedBy: row.requested_by,
      startedAt: new Date(row.started_at).toISOString(),
      finishedAt: progress || row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
      error: progress ? null : row.error,
    };
  }
}

const zeroOutcomes = (): Record<ReplayOutcome, number> => Object.fromEntries(REPLAY_OUTCOMES.map((o) => [o, 0])) as Record<ReplayOutcome, number>;

/** `to` before `from`, when both are offsets or both instants: a 400 naming `to`. */
function checkOrder(from: ReplayPosition, to: ReplayPosition | undefined): void {
  if (!to) return;
  const before =
    (from.kind === 'offset' && to.kind === 'offset' && BigInt(to.offset) < BigInt(from.offset)) ||
    (from.kind === 'timestamp' && to.kind === 'timestamp' && to.ms < from.ms);
  if (before) throw new FieldValidationProblem([{ field: 'to', message: 'to must not be before from' }]);
}

/** An error message as the audit event may carry it: one clean text, no long digit runs (which could be an ID number). */
function auditText(message: string): string {
  const clean = message
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu, ' ')
    .replace(/\d{15,}/g, '[number]')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 2000);
  return clean === '' ? 'failed' : clean;
}
