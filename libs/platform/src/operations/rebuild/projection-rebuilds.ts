import type { ProjectionRebuildRecordedV1, ProjectionRebuildStep } from '@credit/contracts';
import { maskIdNumbersInText } from '@credit/domain-kernel';
import { EventStore, handleCommand, type Decider, type StoredEvent } from '@credit/event-store';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DataSource, type QueryRunner } from 'typeorm';
import type { Principal } from '../../auth/principal';
import { PlatformConfig } from '../../config/platform-config';
import { ConflictProblem, FieldValidationProblem, NotFoundProblem } from '../../errors/problems';
import { REBUILDABLE_PROJECTIONS, type ProjectionSource, type RebuildableProjection } from './projection';
import { newRebuildState, ProjectionRebuildEngine, type RebuildState } from './rebuild-engine';

/** First key of the session-level advisory lock one running rebuild of a projection holds. */
const REBUILD_LOCK_NAMESPACE = 0x4352_0003;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class StartRebuildDto {
  @ApiProperty({ description: 'The projection to rebuild (GET /api/v1/ops/projections lists them).', example: 'list-entries' })
  @Matches(/^[a-z][a-z0-9-]{0,62}$/, { message: 'projection must be a projection name (lower-case letters, digits and -)' })
  projection: string;

  @ApiPropertyOptional({ description: 'Drop the old tables right after the switch (otherwise they are kept until drop-retired).' })
  @IsOptional()
  @IsBoolean()
  dropRetired?: boolean;

  @ApiPropertyOptional({ description: 'Events per batch (one transaction each); default 2000.', minimum: 1, maximum: 20000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20000)
  batchSize?: number;

  @ApiPropertyOptional({ description: 'At most this many events a second (spares a busy database); unlimited by default.', minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  maxEventsPerSecond?: number;
}

export interface RebuildView extends RebuildState {
  requestedBy: { departmentCode: string; name: string };
  requestedAt: string;
  updatedAt: string;
  /** At the switch: the rebuilt tables hold exactly the rows the live ones held. */
  identical: boolean | null;
}

interface RebuildRow {
  id: string;
  projection: string;
  status: string;
  state: RebuildState;
  requested_by: { departmentCode: string; name: string };
  correlation_id: string;
  requested_at: Date;
  updated_at: Date;
}

type RecordStep = { type: 'Record'; data: ProjectionRebuildRecordedV1 };
type StepRecorded = { type: 'ops.projection-rebuild-recorded'; data: ProjectionRebuildRecordedV1 };

/** Every step is recorded; none is refused by the stream's history. Pure. */
const rebuildAuditDecider: Decider<RecordStep, StepRecorded, null> = {
  initialState: () => null,
  decide: (command) => [{ type: 'ops.projection-rebuild-recorded', data: command.data }],
  evolve: (state) => state,
};

interface Running {
  abort: AbortController;
  done: Promise<void>;
}

/**
 * `ops rebuild`: the service's rebuildable projections (provided under REBUILDABLE_PROJECTIONS),
 * rebuilt blue/green in the background of the service that owns them, one at a time per
 * projection across the service's instances (an advisory lock), each step audited as an event.
 */
@Injectable()
export class ProjectionRebuilds implements OnApplicationShutdown {
  private readonly logger = new Logger('ProjectionRebuilds');
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly config: PlatformConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  projections(): RebuildableProjection<any>[] {
    try {
      return this.moduleRef.get<RebuildableProjection<any>[]>(REBUILDABLE_PROJECTIONS, { strict: false });
    } catch {
      return [];
    }
  }

  list() {
    return {
      service: this.config.serviceName,
      projections: this.projections().map((p) => ({ name: p.name, description: p.description, tables: p.tables.map((t) => t.name) })),
    };
  }

  async start(dto: StartRebuildDto, principal: Principal, correlationId: string): Promise<RebuildView> {
    const projection = this.projectionNamed(dto.projection);
    const lock = await this.lock(projection.name);
    const state = { ...newRebuildState(projection.name), ...(dto.batchSize !== undefined && { batchSize: dto.batchSize }),
      ...(dto.maxEventsPerSecond !== undefined && { maxEventsPerSecond: dto.maxEventsPerSecond }),
    };
    const requestedBy = { departmentCode: principal.departmentCode, name: principal.name };
    try {
      await this.store.transaction(async (tx) => {
        await tx.manager.query(
          `INSERT INTO projection_rebuilds (id, projection, status, state, requested_by, correlation_id) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)`,
          [state.id, projection.name, state.status, JSON.stringify(state), JSON.stringify(requestedBy), correlationId],
        );
        await this.audit(tx, state, 'REQUESTED', requestedBy, correlationId);
      });
    } catch (error) {
      await this.unlock(lock);
      throw error;
    }
    this.launch(projection, state, lock, dto.dropRetired === true, requestedBy, correlationId);
    return this.get(state.id);
  }

  async resume(id: string, principal: Principal, correlationId: string): Promise<RebuildView> {
    const row = await this.row(id);
    const projection = this.projectionNamed(row.projection);
    const lock = await this.lock(projection.name);
    const state = row.state;
    if (state.status === 'DONE') {
      await this.unlock(lock);
      throw new ConflictProblem(`rebuild ${id} is done (switched); start a new one`);
    }
    const requestedBy = { departmentCode: principal.departmentCode, name: principal.name };
    state.status = 'RUNNING';
    try {
      await this.store.transaction(async (tx) => {
        await this.saveState(tx.manager, state);
        await this.audit(tx, state, 'RESUMED', requestedBy, correlationId);
      });
    } catch (error) {
      await this.unlock(lock);
      throw error;
    }
    this.launch(projection, state, lock, false, requestedBy, correlationId);
    return this.get(id);
  }

  /** Interrupts a running rebuild at its next batch; it keeps its tables and position to resume. */
  async cancel(id: string): Promise<RebuildView> {
    const row = await this.row(id);
    const running = this.running.get(id);
    if (!running) {
      if (row.state.status === 'RUNNING' && !(await this.isFree(row.projection))) {
        throw new ConflictProblem(`rebuild ${id} runs in another instance of ${this.config.serviceName}; cancel it there`);
      }
      throw new ConflictProblem(`rebuild ${id} is not running (${this.effectiveStatus(row, true)})`);
    }
    running.abort.abort();
    await running.done;
    return this.get(id);
  }

  async dropRetired(id: string, principal: Principal, correlationId: string): Promise<RebuildView> {
    const row = await this.row(id);
    const state = row.state;
    if (state.status !== 'DONE') throw new ConflictProblem(`rebuild ${id} has not switched (${state.status}); nothing is retired`);
    if (state.retiredDropped) throw new ConflictProblem(`the old tables of rebuild ${id} are already dropped`);
    await this.engine(this.projectionNamed(row.projection)).dropRetired(state);
    const requestedBy = { departmentCode: principal.departmentCode, name: principal.name };
    await this.store.transaction(async (tx) => {
      await this.saveState(tx.manager, state);
      await this.audit(tx, state, 'RETIRED_DROPPED', requestedBy, correlationId);
    });
    return this.get(id);
  }

  async get(id: string): Promise<RebuildView> {
    const row = await this.row(id);
    const free = row.state.status === 'RUNNING' && !this.running.has(id) ? await this.isFree(row.projection) : false;
    const state = { ...row.state, status: this.effectiveStatus(row, free) };
    return {
      ...state,
      requestedBy: row.requested_by,
      requestedAt: new Date(row.requested_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
      identical: state.checksumLive && state.checksumRebuilt ? state.checksumLive.digest === state.checksumRebuilt.digest : null,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    for (const running of this.running.values()) running.abort.abort();
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** RUNNING in the table but nobody holds its lock: the process running it died; resume it. */
  private effectiveStatus(row: RebuildRow, lockFree: boolean): RebuildState['status'] {
    return row.state.status === 'RUNNING' && !this.running.has(row.id) && lockFree ? 'INTERRUPTED' : row.state.status;
  }

  private launch(
    projection: RebuildableProjection<any>,
    state: RebuildState,
    lock: QueryRunner,
    dropRetired: boolean,
    requestedBy: { departmentCode: string; name: string },
    correlationId: string,
  ): void {
    const abort = new AbortController();
    const engine = this.engine(projection);
    const done = (async () => {
      try {
        // The end state is saved below, with its audit event, in one transaction: until then it reads RUNNING.
        const outcome = await engine.run(state, {
          signal: abort.signal,
          onState: (s) => (s.status === 'RUNNING' ? this.saveState(this.dataSource.manager, s) : undefined),
        });
        if (outcome.status === 'DONE' && dropRetired) await engine.dropRetired(state);
        await this.store.transaction(async (tx) => {
          await this.saveState(tx.manager, state);
          if (outcome.status === 'INTERRUPTED') await this.audit(tx, state, 'INTERRUPTED', requestedBy, correlationId);
          if (outcome.status === 'DONE') await this.audit(tx, state, 'SWITCHED', requestedBy, correlationId);
          if (outcome.status === 'DONE' && dropRetired) await this.audit(tx, state, 'RETIRED_DROPPED', requestedBy, correlationId);
        });
        this.logger.log(`rebuild ${state.id} of ${projection.name}: ${outcome.status}, ${state.read} events read, ${state.applied} applied`);
      } catch (error) {
        this.logger.error(`rebuild ${state.id} of ${projection.name} failed: ${(error as Error).message}`);
        await this.store
          .transaction(async (tx) => {
            await this.saveState(tx.manager, state);
            await this.audit(tx, state, 'FAILED', requestedBy, correlationId);
          })
          .catch((e) => this.logger.error(`rebuild ${state.id}: recording the failure failed: ${(e as Error).message}`));
      } finally {
        this.running.delete(state.id);
        await this.unlock(lock);
      }
    })();
    this.running.set(state.id, { abort, done });
  }

  private engine(projection: RebuildableProjection<any>): ProjectionRebuildEngine<any> {
    const source: ProjectionSource<any> = projection.source ?? (this.store.logSource() as ProjectionSource<StoredEvent>);
    return new ProjectionRebuildEngine(this.dataSource, projection, source);
  }

  private projectionNamed(name: string): RebuildableProjection<any> {
    const projection = this.projections().find((p) => p.name === name);
    if (!projection) {
      const known = this.projections().map((p) => p.name);
      throw new NotFoundProblem(
        `${this.config.serviceName} has no projection ${name}${known.length ? ` (it has ${known.join(', ')})` : ' it can rebuild from its stored events'}`,
      );
    }
    return projection;
  }

  private async row(id: string): Promise<RebuildRow> {
    if (!UUID.test(id)) throw new FieldValidationProblem([{ field: 'id', message: 'id must be a rebuild id (a UUID)' }]);
    const [row]: RebuildRow[] = await this.dataSource.query(`SELECT * FROM projection_rebuilds WHERE id = $1`, [id]);
    if (!row) throw new NotFoundProblem(`no rebuild ${id} in ${this.config.serviceName}`);
    return row;
  }

  private async saveState(manager: DataSource['manager'], state: RebuildState): Promise<void> {
    await manager.query(`UPDATE projection_rebuilds SET status = $2, state = $3::jsonb, updated_at = now() WHERE id = $1`, [
      state.id,
      state.status,
      JSON.stringify(state),
    ]);
  }

  private async lock(projection: string): Promise<QueryRunner> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked`, [REBUILD_LOCK_NAMESPACE, projection]);
    if (!locked) {
      await runner.release();
      throw new ConflictProblem(`a rebuild of ${projection} is already running in ${this.config.serviceName}`, 'projection');
    }
    return runner;
  }

  private async unlock(runner: QueryRunner): Promise<void> {
    await runner.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
    await runner.release();
  }

  private async isFree(projection: string): Promise<boolean> {
    const [{ free }] = await this.dataSource.query(
      `SELECT NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = hashtext($2)::oid AND granted) AS free`,
      [REBUILD_LOCK_NAMESPACE, projection],
    );
    return free;
  }

  private async audit(
    tx: Parameters<Parameters<EventStore['transaction']>[0]>[0],
    state: RebuildState,
    step: ProjectionRebuildStep,
    requestedBy: { departmentCode: string; name: string },
    correlationId: string,
  ): Promise<void> {
    const data: ProjectionRebuildRecordedV1 = {
      service: this.config.serviceName,
      projection: state.projection,
      rebuildId: state.id,
      step,
      read: state.read,
      applied: state.applied,
      ...(step === 'SWITCHED' && state.checksumLive && { checksumLive: state.checksumLive }),
      ...(step === 'SWITCHED' && state.checksumRebuilt && { checksumRebuilt: state.checksumRebuilt }),
      ...(step === 'FAILED' && state.error && { error: maskIdNumbersInText(state.error).slice(0, 2000) }),
    };
    await handleCommand(tx, `projection-rebuild-${state.id}`, rebuildAuditDecider, { type: 'Record', data }, {
      subjectKey: null,
      correlationId,
      actor: { departmentCode: requestedBy.departmentCode, user: requestedBy.name },
    });
  }
}
