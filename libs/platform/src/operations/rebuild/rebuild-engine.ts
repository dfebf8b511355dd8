/**
 * Blue/green rebuild of one projection from the service's stored log (`ops rebuild`):
 *
 * 1. PREPARING: new, empty copies of the projection's tables in a schema of their own
 *    (`rebuild_<id>`: same columns, defaults, constraints and index names), while the service keeps
 *    reading and writing the live ones.
 * 2. REPLAYING: every stored event, in position order from one consistent snapshot, through the
 *    projection's own `project` function with only the new tables visible (search_path), in batches.
 *    Each batch commits with the position it reached, in the new schema: an interrupted rebuild
 *    resumes from there, never applying a batch twice.
 * 3. CATCHING_UP: the events stored since, until few remain. Positions come from a sequence, so a
 *    transaction can commit a position below one already read: every position skipped over is kept
 *    as a hole and read again until it appears (or the switch proves it never will).
 * 4. SWITCHING: one transaction locks the log against appends (writers wait, they do not fail),
 *    applies the last events, carries over the columns other writers keep, takes an
 *    order-independent checksum of the live and the rebuilt tables, and moves the live tables to
 *    `retired_<id>` and the rebuilt ones into their place. Readers never see an empty table.
 * 5. The retired tables stay until the operator confirms (`dropRetired`).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { ProjectionSource, ProjectionTable, RebuildableProjection } from './projection';
import { writeBehind } from './write-behind';

export type RebuildPhase = 'PREPARING' | 'REPLAYING' | 'CATCHING_UP' | 'SWITCHING' | 'SWITCHED';
export type RebuildStatus = 'RUNNING' | 'INTERRUPTED' | 'FAILED' | 'DONE';

export interface TableChecksum {
  rows: number;
  digest: string;
}

/** Per table: the row count and a digest of the rows that does not depend on their order. */
export interface ProjectionChecksum {
  tables: Record<string, TableChecksum>;
  digest: string;
}

export interface RebuildState {
  id: string;
  projection: string;
  status: RebuildStatus;
  phase: RebuildPhase;
  /** The schema the live tables run in (the connection's current schema). */
  liveSchema: string | null;
  shadowSchema: string;
  retiredSchema: string;
  /** The highest position applied; positions skipped below it are `holes`. */
  lastPosition: string;
  holes: Array<[string, string]>;
  /** Stored events read, and how many of them the projection takes. */
  read: number;
  applied: number;
  /** Stored events when the rebuild started (the progress bar's total; the log may grow). */
  total: number | null;
  /** The live tables when the rebuild started. */
  checksumBefore: ProjectionChecksum | null;
  /** At the switch, over the same events: the live tables and the rebuilt ones. */
  checksumLive: ProjectionChecksum | null;
  checksumRebuilt: ProjectionChecksum | null;
  retiredDropped: boolean;
  error: string | null;
  /** Events per batch (one transaction each), when not the engine's default. */
  batchSize?: number;
  /** At most this many events a second (a rebuild that must not load a busy database); unlimited when absent. */
  maxEventsPerSecond?: number;
}

export interface RebuildProgress {
  phase: RebuildPhase;
  read: number;
  applied: number;
  total: number | null;
}

export interface RebuildRunOptions {
  signal?: AbortSignal;
  /** Called after every committed batch and phase change (to persist the state for display). */
  onState?(state: RebuildState): Promise<void> | void;
}

export interface RebuildEngineOptions {
  /** Events per batch (one transaction each). */
  batchSize?: number;
  /** Catch-up rounds before switching anyway (the switch applies whatever is left, under its lock). */
  catchUpRounds?: number;
  /** Switch once a catch-up round finds fewer events than this. */
  switchThreshold?: number;
  /** How long the switch waits for its locks before trying again (ms). */
  lockTimeoutMs?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function ident(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`rebuild: ${JSON.stringify(name)} is not a plain SQL identifier`);
  return `"${name}"`;
}

export function newRebuildState(projection: string, id: string = randomUUID()): RebuildState {
  const short = id.replace(/-/g, '').slice(0, 12).toLowerCase();
  return {
    id,
    projection,
    status: 'RUNNING',
    phase: 'PREPARING',
    liveSchema: null,
    shadowSchema: `rebuild_${short}`,
    retiredSchema: `retired_${short}`,
    lastPosition: '0',
    holes: [],
    read: 0,
    applied: 0,
    total: null,
    checksumBefore: null,
    checksumLive: null,
    checksumRebuilt: null,
    retiredDropped: false,
    error: null,
  };
}

export class RebuildInterrupted extends Error {
  constructor() {
    super('rebuild interrupted');
    this.name = 'RebuildInterrupted';
  }
}

interface SourceRow {
  position: string;
  [column: string]: unknown;
}

export class ProjectionRebuildEngine<E extends { type: string }> {
  private batchSize: number;
  private readonly catchUpRounds: number;
  private readonly switchThreshold: number;
  private readonly lockTimeoutMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: RebuildableProjection<E>,
    private readonly source: ProjectionSource<E>,
    options: RebuildEngineOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2000;
    this.catchUpRounds = options.catchUpRounds ?? 5;
    this.switchThreshold = options.switchThreshold ?? 500;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 5000;
    for (const table of projection.tables) ident(table.name);
    ident(source.table);
    ident(source.position);
  }

  /**
   * Runs (or resumes) the rebuild to the switch. Resolves with the state: DONE, or INTERRUPTED when
   * the signal aborted it (resume with the same state). Throws after recording FAILED.
   */
  async run(state: RebuildState, options: RebuildRunOptions = {}): Promise<RebuildState> {
    if (state.batchSize !== undefined) this.batchSize = state.batchSize;
    const save = async () => options.onState?.(state);
    state.status = 'RUNNING';
    state.error = null;
    try {
      if (state.phase === 'PREPARING') {
        await this.prepare(state);
        state.phase = 'REPLAYING';
        await save();
      }
      await this.readProgress(state);
      if (state.phase === 'REPLAYING') {
        await this.replay(state, options.signal, save);
        state.phase = 'CATCHING_UP';
        await save();
      }
      if (state.phase === 'CATCHING_UP') {
        for (let round = 0; round < this.catchUpRounds; round++) {
          const applied = await this.catchUp(state, options.signal, save);
          if (applied < this.switchThreshold) break;
        }
        state.phase = 'SWITCHING';
        await save();
      }
      if (state.phase === 'SWITCHING') {
        await this.switchOver(state);
        state.phase = 'SWITCHED';
      }
      state.status = 'DONE';
      await save();
      return state;
    } catch (error) {
      if (error instanceof RebuildInterrupted) {
        state.status = 'INTERRUPTED';
        await save();
        return state;
      }
      state.status = 'FAILED';
      state.error = error instanceof Error ? error.message : String(error);
      await save();
      throw error;
    }
  }

  /** Drops the retired tables of a switched rebuild (the operator confirmed the new ones). */
  async dropRetired(state: RebuildState): Promise<void> {
    await this.dataSource.query(`DROP SCHEMA IF EXISTS ${ident(state.retiredSchema)} CASCADE`);
    state.retiredDropped = true;
  }

  /** Drops the half-built tables of a rebuild that will not be resumed. */
  async abandon(state: RebuildState): Promise<void> {
    if (state.phase !== 'SWITCHED') await this.dataSource.query(`DROP SCHEMA IF EXISTS ${ident(state.shadowSchema)} CASCADE`);
  }

  /** The checksum of the live tables now. */
  async checksumLiveTables(): Promise<ProjectionChecksum> {
    const [{ schema }] = await this.dataSource.query(`SELECT current_schema() AS schema`);
    return checksumOf(this.dataSource.manager, schema, this.projection.tables);
  }

  private async prepare(state: RebuildState): Promise<void> {
    const names = this.projection.tables.map((t) => t.name);
    await this.dataSource.transaction(async (manager) => {
      const [{ schema }] = await manager.query(`SELECT current_schema() AS schema`);
      state.liveSchema = schema;
      const live = ident(schema);
      const found: { relname: string }[] = await manager.query(
        `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname = ANY($2::text[])`,
        [schema, names],
      );
      const missing = names.filter((name) => !found.some((row) => row.relname === name));
      if (missing.length > 0) throw new Error(`projection ${this.projection.name}: no table ${missing.join(', ')}`);
      const foreignKeys = await foreignKeysTouching(manager, schema, names);
      for (const fk of foreignKeys) {
        if (names.includes(fk.fromTable) !== names.includes(fk.toTable)) {
          throw new Error(
            `projection ${this.projection.name}: ${fk.fromTable} references ${fk.toTable} (${fk.name}); both must be rebuilt together`,
          );
        }
      }
      const serials: { table_name: string; column_name: string }[] = await manager.query(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = ANY($2::text[]) AND column_default LIKE 'nextval(%'`,
        [schema, names],
      );
      if (serials.length > 0) {
        throw new Error(
          `projection ${this.projection.name}: ${serials.map((s) => `${s.table_name}.${s.column_name}`).join(', ')} draw from a sequence; ` +
            'a rebuilt table could not give the same values',
        );
      }
      const triggers: { table: string; name: string }[] = await manager.query(
        `SELECT c.relname AS table, t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND NOT t.tgisinternal`,
        [schema, names],
      );
      if (triggers.length > 0) {
        throw new Error(
          `projection ${this.projection.name}: ${triggers.map((t) => `${t.table} has trigger ${t.name}`).join(', ')}; ` +
            'a trigger may read tables the rebuild does not see, so such a table is not rebuilt',
        );
      }
      const shadow = ident(state.shadowSchema);
      await manager.query(`CREATE SCHEMA ${shadow}`);
      for (const table of names) {
        const name = ident(table);
        await manager.query(
          `CREATE TABLE ${shadow}.${name} (LIKE ${live}.${name} INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING IDENTITY INCLUDING STORAGE INCLUDING COMMENTS)`,
        );
        // The constraints and indexes under their own names, so later migrations find them.
        const constraints: { name: string; def: string }[] = await manager.query(
          `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
           WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'c', 'x') ORDER BY contype = 'c', conname`,
          [`${live}.${name}`],
        );
        for (const c of constraints) await manager.query(`ALTER TABLE ${shadow}.${name} ADD CONSTRAINT "${c.name.replace(/"/g, '""')}" ${c.def}`);
        const indexes: { def: string }[] = await manager.query(
          `SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
           WHERE i.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
          [`${live}.${name}`],
        );
        for (const { def } of indexes) {
          const moved = def.replace(/ ON (ONLY )?\S+ USING /, ` ON $1${shadow}.${name} USING `);
          if (moved === def) throw new Error(`projection ${this.projection.name}: cannot copy index ${def}`);
          await manager.query(moved);
        }
      }
      await manager.query(`CREATE TABLE ${shadow}._rebuild_progress (last_position bigint NOT NULL, holes jsonb NOT NULL, read bigint NOT NULL, applied bigint NOT NULL)`);
      await manager.query(`INSERT INTO ${shadow}._rebuild_progress VALUES (0, '[]', 0, 0)`);
      const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM ${live}.${ident(this.source.table)}`);
      state.total = count;
    });
    state.checksumBefore = await checksumOf(this.dataSource.manager, state.liveSchema as string, this.projection.tables);
  }

  /** The position reached, as committed with the last batch (what a resumed rebuild continues from). */
  private async readProgress(state: RebuildState): Promise<void> {
    const [row] = await this.dataSource.query(
      `SELECT last_position::text AS last, holes, read::int AS read, applied::int AS applied FROM ${ident(state.shadowSchema)}._rebuild_progress`,
    );
    state.lastPosition = row.last;
    state.holes = row.holes;
    state.read = row.read;
    state.applied = row.applied;
  }

  private async replay(state: RebuildState, signal: AbortSignal | undefined, save: () => Promise<void>): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // One snapshot: no later event of a subject without its earlier ones.
      await runner.startTransaction('REPEATABLE READ');
      let next = this.readAfter(runner.manager, state);
      for (;;) {
        const rows = await next;
        if (rows.length === 0) break;
        if (signal?.aborted) throw new RebuildInterrupted();
        // Read the next batch while this one is written.
        const last = rows[rows.length - 1].position;
        next = rows.length < this.batchSize ? Promise.resolve([]) : this.readAfter(runner.manager, state, last);
        try {
          await this.applyInTransaction(state, rows);
        } catch (error) {
          await next.catch(() => undefined);
          throw error;
        }
        await save();
        await this.throttle(state, rows.length);
      }
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }

  private readAfter(manager: EntityManager, state: RebuildState, after: string = state.lastPosition): Promise<SourceRow[]> {
    const live = ident(state.liveSchema as string);
    return manager.query(
      `SELECT ${this.source.columns} FROM ${live}.${ident(this.source.table)} e
       WHERE e.${ident(this.source.position)} > $1 ORDER BY e.${ident(this.source.position)} LIMIT $2`,
      [after, this.batchSize],
    );
  }

  /** Events stored in the holes, or after the last position: what the rebuilt tables lack. */
  private async pending(manager: EntityManager, state: RebuildState): Promise<SourceRow[]> {
    const live = ident(state.liveSchema as string);
    const position = ident(this.source.position);
    const table = ident(this.source.table);
    const filled: SourceRow[] =
      state.holes.length === 0
        ? []
        : await manager.query(
            `SELECT ${this.source.columns} FROM ${live}.${table} e
             JOIN unnest($1::bigint[], $2::bigint[]) AS h(lo, hi) ON e.${position} BETWEEN h.lo AND h.hi`,
            [state.holes.map((h) => h[0]), state.holes.map((h) => h[1])],
          );
    const after = await this.readAfter(manager, state);
    return [...filled, ...after].sort((a, b) => compare(a.position, b.position));
  }

  private async catchUp(state: RebuildState, signal: AbortSignal | undefined, save: () => Promise<void>): Promise<number> {
    let total = 0;
    for (;;) {
      if (signal?.aborted) throw new RebuildInterrupted();
      const rows = await this.pending(this.dataSource.manager, state);
      if (rows.length === 0) return total;
      await this.applyInTransaction(state, rows);
      await save();
      await this.throttle(state, rows.length);
      total += rows.length;
      if (rows.length < this.batchSize) return total;
    }
  }

  /** Waits as long as `count` events take at the state's maximum rate. */
  private async throttle(state: RebuildState, count: number): Promise<void> {
    if (!state.maxEventsPerSecond) return;
    await new Promise((resolve) => setTimeout(resolve, (count * 1000) / state.maxEventsPerSecond!));
  }

  private applyInTransaction(state: RebuildState, rows: SourceRow[]): Promise<void> {
    return this.dataSource.transaction((manager) => this.apply(manager, state, rows));
  }

  /** Projects the rows into the new tables and records the position reached, in the caller's transaction. */
  private async apply(manager: EntityManager, state: RebuildState, rows: SourceRow[]): Promise<void> {
    const shadow = ident(state.shadowSchema);
    const accepts = this.projection.accepts ?? (() => true);
    const events: E[] = [];
    for (const row of rows) {
      const event = this.source.toEvent(row);
      if (accepts(event.type)) events.push(event);
    }
    const progress = advance(state.lastPosition, state.holes, rows.map((r) => r.position));
    await manager.query(`SET LOCAL search_path TO ${shadow}`);
    if (events.length > 0) {
      if (this.projection.writesNeedNoAnswer) {
        const batched = writeBehind(manager);
        await this.projection.project(batched.manager, events);
        await batched.flush();
      } else {
        await this.projection.project(manager, events);
      }
    }
    await manager.query(`UPDATE ${shadow}._rebuild_progress SET last_position = $1, holes = $2::jsonb, read = read + $3, applied = applied + $4`, [
      progress.lastPosition,
      JSON.stringify(progress.holes),
      rows.length,
      events.length,
    ]);
    await manager.query(`SET LOCAL search_path TO ${ident(state.liveSchema as string)}`);
    state.lastPosition = progress.lastPosition;
    state.holes = progress.holes;
    state.read += rows.length;
    state.applied += events.length;
  }

  private async switchOver(state: RebuildState): Promise<void> {
    const live = ident(state.liveSchema as string);
    const shadow = ident(state.shadowSchema);
    const retired = ident(state.retiredSchema);
    const names = this.projection.tables.map((t) => t.name);
    let foreignKeys: ForeignKey[] = [];
    for (let attempt = 1; ; attempt++) {
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      const before = { ...state, holes: [...state.holes] };
      try {
        await runner.startTransaction();
        const manager = runner.manager;
        await manager.query(`SET LOCAL lock_timeout = '${Math.max(1, Math.floor(this.lockTimeoutMs))}ms'`);
        // Appends wait from here to the commit; readers go on.
        await manager.query(`LOCK TABLE ${live}.${ident(this.source.table)} IN EXCLUSIVE MODE`);
        await manager.query(`LOCK TABLE ${names.map((n) => `${live}.${ident(n)}`).join(', ')} IN EXCLUSIVE MODE`);
        for (;;) {
          const rows = await this.pending(manager, state);
          if (rows.length === 0) break;
          await this.apply(manager, state, rows);
        }
        // Every writer that held a position has committed or rolled back: the holes left are gaps.
        state.holes = [];
        for (const table of this.projection.tables) {
          if (!table.carried) continue;
          const name = ident(table.name);
          const set = table.carried.columns.map((c) => `${ident(c)} = o.${ident(c)}`).join(', ');
          const on = table.carried.key.map((k) => `n.${ident(k)} = o.${ident(k)}`).join(' AND ');
          await manager.query(`UPDATE ${shadow}.${name} n SET ${set} FROM ${live}.${name} o WHERE ${on}`);
        }
        state.checksumLive = await checksumOf(manager, state.liveSchema as string, this.projection.tables);
        state.checksumRebuilt = await checksumOf(manager, state.shadowSchema, this.projection.tables);
        foreignKeys = await foreignKeysTouching(manager, state.liveSchema as string, names);
        await manager.query(`CREATE SCHEMA ${retired}`);
        for (const name of names) await manager.query(`ALTER TABLE ${live}.${ident(name)} SET SCHEMA ${retired}`);
        for (const name of names) await manager.query(`ALTER TABLE ${shadow}.${ident(name)} SET SCHEMA ${live}`);
        for (const fk of foreignKeys) {
          await manager.query(`ALTER TABLE ${live}.${ident(fk.fromTable)} ADD CONSTRAINT "${fk.name.replace(/"/g, '""')}" ${fk.def} NOT VALID`);
        }
        await runner.commitTransaction();
        break;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        Object.assign(state, before);
        const code = (error as { code?: string }).code;
        // Deadlock with a writer, or a writer held its lock too long: try again.
        if (attempt >= 5 || (code !== '40P01' && code !== '55P03')) throw error;
      } finally {
        await runner.release();
      }
    }
    for (const fk of foreignKeys) {
      await this.dataSource.query(`ALTER TABLE ${live}.${ident(fk.fromTable)} VALIDATE CONSTRAINT "${fk.name.replace(/"/g, '""')}"`);
    }
    await this.dataSource.query(`DROP SCHEMA ${shadow} CASCADE`);
  }
}

interface ForeignKey {
  name: string;
  fromTable: string;
  toTable: string;
  def: string;
}

/** Foreign keys from or to the tables, in `schema`; `def` names the referenced table by schema. */
async function foreignKeysTouching(manager: EntityManager, schema: string, names: string[]): Promise<ForeignKey[]> {
  const rows: { name: string; from_table: string; to_table: string; to_schema: string; def: string }[] = await manager.query(
    `SELECT c.conname AS name, f.relname AS from_table, t.relname AS to_table, tn.nspname AS to_schema, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c
       JOIN pg_class f ON f.oid = c.conrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
       JOIN pg_class t ON t.oid = c.confrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
      WHERE c.contype = 'f' AND ((fn.nspname = $1 AND f.relname = ANY($2::text[])) OR (tn.nspname = $1 AND t.relname = ANY($2::text[])))`,
    [schema, names],
  );
  return rows.map((row) => ({
    name: row.name,
    fromTable: row.from_table,
    toTable: row.to_table,
    // pg_get_constraintdef leaves the table unqualified when it is on the search path: qualify it.
    def: row.def.replace(/REFERENCES (\S+?)\(/, (_m, table: string) => `REFERENCES ${table.includes('.') ? table : `${ident(row.to_schema)}.${table}`}(`),
  }));
}

/**
 * Order-independent checksum of the tables' rows: a 60-bit slice of each row's md5 (the row as
 * JSON, keys sorted, volatile columns left out), summed. Equal for two tables with the same rows
 * in any order.
 */
export async function checksumOf(manager: EntityManager, schema: string, tables: ProjectionTable[]): Promise<ProjectionChecksum> {
  const result: Record<string, TableChecksum> = {};
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) {
    const [row] = await manager.query(
      `SELECT count(*)::int AS rows,
              coalesce(sum(('x' || substr(md5((to_jsonb(t) - $1::text[])::text), 1, 15))::bit(60)::bigint), 0)::text AS total
         FROM ${ident(schema)}.${ident(table.name)} t`,
      [table.volatileColumns ?? []],
    );
    result[table.name] = { rows: row.rows, digest: createHash('sha256').update(`${row.rows}:${row.total}`).digest('hex').slice(0, 16) };
  }
  const digest = createHash('sha256')
    .update(Object.entries(result).map(([name, t]) => `${name}=${t.digest}`).join(';'))
    .digest('hex')
    .slice(0, 16);
  return { tables: result, digest };
}

function compare(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The position reached after applying rows at `positions`: the highest one, with every position
 * skipped over on the way recorded as a hole, and the holes the rows fill taken out. Pure.
 */
export function advance(lastPosition: string, holes: Array<[string, string]>, positions: string[]): { lastPosition: string; holes: Array<[string, string]> } {
  let last = BigInt(lastPosition);
  let ranges = holes.map(([lo, hi]) => [BigInt(lo), BigInt(hi)] as [bigint, bigint]);
  for (const text of [...positions].sort(compare)) {
    const p = BigInt(text);
    if (p > last) {
      if (p > last + 1n) ranges.push([last + 1n, p - 1n]);
      last = p;
      continue;
    }
    ranges = ranges.flatMap(([lo, hi]) => {
      if (p < lo || p > hi) return [[lo, hi] as [bigint, bigint]];
      const split: Array<[bigint, bigint]> = [];
      if (lo <= p - 1n) split.push([lo, p - 1n]);
      if (p + 1n <= hi) split.push([p + 1n, hi]);
      return split;
    });
  }
  return { lastPosition: String(last), holes: ranges.map(([lo, hi]) => [String(lo), String(hi)]) };
}
