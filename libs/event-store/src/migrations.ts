import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPEND_FUNCTION, APPEND_MANY_FUNCTION, SUBJECT_LOCK_NAMESPACE, isoTimestamp } from './schema';

/**
 * The event store's tables and its append function. Plain SQL (no `synchronize`): the schema is
 * the store's contract with every replay and every relay that ever ran against it.
 */
export class EventStoreSchema1735689600000 implements MigrationInterface {
  readonly name = 'EventStoreSchema1735689600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One row per stream (aggregate): its version is the optimistic-concurrency token.
    await queryRunner.query(`
      CREATE TABLE streams (
        stream_id   text PRIMARY KEY,
        version     integer NOT NULL CHECK (version >= 0),
        subject_key text,
        updated_at  timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // Append-only. Millisecond timestamps so that what is stored is exactly what is published.
    await queryRunner.query(`
      CREATE TABLE events (
        global_position bigserial PRIMARY KEY,
        event_id        uuid NOT NULL UNIQUE,
        stream_id       text NOT NULL,
        stream_version  integer NOT NULL CHECK (stream_version >= 1),
        type            text NOT NULL,
        version         integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        subject_key     text,
        occurred_at     timestamptz(3) NOT NULL,
        recorded_at     timestamptz(3) NOT NULL DEFAULT now(),
        correlation_id  text NOT NULL,
        causation_id    text,
        actor           jsonb NOT NULL,
        data            jsonb NOT NULL,
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
      )`);
    // Committed events not yet acknowledged by Kafka. A queue (insert, then delete once published):
    // vacuum it eagerly so the relay's ordered scan does not wade through dead index entries.
    await queryRunner.query(`
      CREATE TABLE outbox (
        global_position bigint PRIMARY KEY REFERENCES events (global_position)
      ) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000)`);

    // One round trip per append: lock the subjects, check and bump the stream version, insert the
    // events and their outbox rows. Returns one row per event, or a single row with a null position
    // and the stream's actual version when the expected version is stale (nothing is written, and
    // the transaction stays usable, so a consumer's inbox transaction can still roll back cleanly).
    await queryRunner.query(`
      CREATE FUNCTION ${APPEND_FUNCTION}(p_stream text, p_expected integer, p_events jsonb)
      RETURNS TABLE (r_global_position bigint, r_stream_version integer, r_occurred_at text,
                     r_recorded_at text, r_actual_version integer)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_count       integer := jsonb_array_length(p_events);
        v_subject_key text := p_events -> (v_count - 1) ->> 'subject_key';
        v_base        integer;
        v_lock        integer;
      BEGIN
        -- Serialise each subject's writers until commit (see SUBJECT_LOCK_NAMESPACE). Reference data
        -- (no subject) is serialised per stream, its Kafka key. Locks are taken in one global order so
        -- that two multi-subject appends cannot deadlock each other.
        FOR v_lock IN
          SELECT DISTINCT hashtext(coalesce(ev.subject_key, p_stream))
          FROM jsonb_to_recordset(p_events) AS ev (subject_key text)
          ORDER BY 1
        LOOP
          PERFORM pg_advisory_xact_lock(${SUBJECT_LOCK_NAMESPACE}, v_lock);
        END LOOP;

        -- Each branch is a single statement that waits for a concurrent writer of the same stream to
        -- finish and then re-checks: of N writers with the same expected version, exactly one wins.
        IF p_expected IS NULL THEN
          INSERT INTO streams AS s (stream_id, version, subject_key)
          VALUES (p_stream, v_count, v_subject_key)
          ON CONFLICT (stream_id) DO UPDATE
            SET version = s.version + v_count, subject_key = EXCLUDED.subject_key, updated_at = now()
          RETURNING s.version - v_count INTO v_base;
        ELSIF p_expected = 0 THEN
          INSERT INTO streams (stream_id, version, subject_key)
          VALUES (p_stream, v_count, v_subject_key)
          ON CONFLICT (stream_id) DO NOTHING
          RETURNING 0 INTO v_base;
        ELSE
          UPDATE streams
          SET version = p_expected + v_count, subject_key = v_subject_key, updated_at = now()
          WHERE stream_id = p_stream AND version = p_expected
          RETURNING p_expected INTO v_base;
        END IF;

        IF v_base IS NULL THEN
          RETURN QUERY
            SELECT NULL::bigint, NULL::integer, NULL::text, NULL::text,
                   coalesce((SELECT s.version FROM streams s WHERE s.stream_id = p_stream), 0);
          RETURN;
        END IF;

        RETURN QUERY
          WITH appended AS (
            INSERT INTO events (event_id, stream_id, stream_version, type, version, subject_key,
                                occurred_at, correlation_id, causation_id, actor, data)
            SELECT ev.id, p_stream, v_base + ev.n::integer, ev.type, coalesce(ev.version, 1), ev.subject_key,
                   coalesce(ev.occurred_at, now()), ev.correlation_id, ev.causation_id, ev.actor,
                   coalesce(ev.data, 'null'::jsonb)
            FROM ROWS FROM (
              jsonb_to_recordset(p_events) AS (id uuid, type text, version integer, subject_key text,
                occurred_at timestamptz, correlation_id text, causation_id text, actor jsonb, data jsonb)
            ) WITH ORDINALITY AS ev (id, type, version, subject_key, occurred_at, correlation_id,
                                     causation_id, actor, data, n)
            ORDER BY ev.n
            RETURNING global_position, stream_version, occurred_at, recorded_at
          ), outboxed AS (
            INSERT INTO outbox (global_position) SELECT a.global_position FROM appended a
          )
          SELECT a.global_position, a.stream_version, ${isoTimestamp('a.occurred_at')},
                 ${isoTimestamp('a.recorded_at')}, v_base + v_count
          FROM appended a
          ORDER BY a.stream_version;
      END
      $fn$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION IF EXISTS ${APPEND_FUNCTION}(text, integer, jsonb)`);
    await queryRunner.query('DROP TABLE IF EXISTS outbox');
    await queryRunner.query('DROP TABLE IF EXISTS events');
    await queryRunner.query('DROP TABLE IF EXISTS streams');
  }
}

/**
 * The multi-stream append (bulk intake): what `event_store_append` does for one stream, for many
 * streams in one call. `p_streams`: one element per stream `{ stream, expected (null = any), count,
 * subject_key }`, each stream once; `p_events`: `{ stream, n (1-based within its stream), id, type,
 * ... }` in the order their positions are drawn. Returns one row per event (matched by id), or,
 * when any expected version is stale, one row per stale stream with a null position and its actual
 * version, having written nothing.
 */
export class EventStoreAppendMany1764000000000 implements MigrationInterface {
  readonly name = 'EventStoreAppendMany1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION ${APPEND_MANY_FUNCTION}(p_streams jsonb, p_events jsonb)
      RETURNS TABLE (r_stream text, r_event_id uuid, r_global_position bigint, r_stream_version integer,
                     r_occurred_at text, r_recorded_at text, r_actual_version integer)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_lock    integer;
        v_streams text[];
        v_bases   integer[];
        v_stale   text[];
      BEGIN
        -- The same subject locks as event_store_append, in the same global order, for every subject
        -- of the batch at once (reference data: per stream), held until commit.
        FOR v_lock IN
          SELECT DISTINCT hashtext(coalesce(ev.subject_key, ev.stream))
          FROM jsonb_to_recordset(p_events) AS ev (stream text, subject_key text)
          ORDER BY 1
        LOOP
          PERFORM pg_advisory_xact_lock(${SUBJECT_LOCK_NAMESPACE}, v_lock);
        END LOOP;

        -- Check and bump every stream's version with the single-stream statements' semantics (a
        -- concurrent writer of the same stream is waited for, then re-checked). The block is a
        -- subtransaction: when any stream is stale, every bump is undone and the caller's
        -- transaction stays usable.
        BEGIN
          WITH input AS (
            SELECT * FROM jsonb_to_recordset(p_streams) AS s (stream text, expected integer, count integer, subject_key text)
          ), created AS (
            INSERT INTO streams (stream_id, version, subject_key)
            SELECT i.stream, i.count, i.subject_key FROM input i WHERE i.expected = 0
            ON CONFLICT (stream_id) DO NOTHING
            RETURNING stream_id, 0 AS base
          ), advanced AS (
            UPDATE streams s
            SET version = i.expected + i.count, subject_key = i.subject_key, updated_at = now()
            FROM input i
            WHERE i.expected > 0 AND s.stream_id = i.stream AND s.version = i.expected
            RETURNING s.stream_id, i.expected AS base
          ), unchecked AS (
            INSERT INTO streams AS s (stream_id, version, subject_key)
            SELECT i.stream, i.count, i.subject_key FROM input i WHERE i.expected IS NULL
            ON CONFLICT (stream_id) DO UPDATE
              SET version = s.version + EXCLUDED.version, subject_key = EXCLUDED.subject_key, updated_at = now()
            RETURNING s.stream_id, s.version
          ), bumped AS (
            SELECT c.stream_id, c.base FROM created c
            UNION ALL SELECT a.stream_id, a.base FROM advanced a
            UNION ALL SELECT u.stream_id, u.version - i.count FROM unchecked u JOIN input i ON i.stream = u.stream_id
          )
          SELECT array_agg(b.stream_id), array_agg(b.base),
                 (SELECT array_agg(i.stream) FROM input i WHERE NOT EXISTS (SELECT 1 FROM bumped x WHERE x.stream_id = i.stream))
            INTO v_streams, v_bases, v_stale
            FROM bumped b;
          IF v_stale IS NOT NULL THEN
            RAISE EXCEPTION 'stale expected version' USING ERRCODE = 'raise_exception';
          END IF;
        EXCEPTION WHEN raise_exception THEN
          RETURN QUERY
            SELECT st.stream, NULL::uuid, NULL::bigint, NULL::integer, NULL::text, NULL::text,
                   coalesce((SELECT s.version FROM streams s WHERE s.stream_id = st.stream), 0)
            FROM unnest(v_stale) AS st (stream);
          RETURN;
        END;

        RETURN QUERY
          WITH bases AS (
            SELECT * FROM unnest(v_streams, v_bases) AS b (stream, base)
          ), appended AS (
            INSERT INTO events (event_id, stream_id, stream_version, type, version, subject_key,
                                occurred_at, correlation_id, causation_id, actor, data)
            SELECT ev.id, ev.stream, b.base + ev.n, ev.type, coalesce(ev.version, 1), ev.subject_key,
                   coalesce(ev.occurred_at, now()), ev.correlation_id, ev.causation_id, ev.actor,
                   coalesce(ev.data, 'null'::jsonb)
            FROM ROWS FROM (
              jsonb_to_recordset(p_events) AS (stream text, n integer, id uuid, type text, version integer,
                subject_key text, occurred_at timestamptz, correlation_id text, causation_id text, actor jsonb, data jsonb)
            ) WITH ORDINALITY AS ev (stream, n, id, type, version, subject_key, occurred_at, correlation_id,
                                     causation_id, actor, data, ord)
            JOIN bases b ON b.stream = ev.stream
            ORDER BY ev.ord
            RETURNING event_id, stream_id, global_position, stream_version, occurred_at, recorded_at
          ), outboxed AS (
            INSERT INTO outbox (global_position) SELECT a.global_position FROM appended a
          )
          SELECT a.stream_id, a.event_id, a.global_position, a.stream_version, ${isoTimestamp('a.occurred_at')},
                 ${isoTimestamp('a.recorded_at')}, NULL::integer
          FROM appended a;
      END
      $fn$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION IF EXISTS ${APPEND_MANY_FUNCTION}(jsonb, jsonb)`);
  }
}

/**
 * Drops the outbox's foreign key to `events`. Outbox rows are only ever written next to their
 * events (by the append functions, in the same statement, and by the ops republish from `events`
 * itself) and events are never deleted, so the key proved nothing; checking it cost, per appended
 * event, an index probe and a `FOR KEY SHARE` lock on the new events row (a second write of its
 * heap page): a single-event append went from 10 to 9 WAL records and from 25 to 20 buffer accesses.
 */
export class EventStoreOutboxWithoutForeignKey1796600000000 implements MigrationInterface {
  readonly name = 'EventStoreOutboxWithoutForeignKey1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_global_position_fkey');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE outbox ADD CONSTRAINT outbox_global_position_fkey FOREIGN KEY (global_position) REFERENCES events (global_position)',
    );
  }
}

/** Put these in the service DataSource's `migrations` (with the messaging migrations). */
export const eventStoreMigrations: Function[] = [
  EventStoreSchema1735689600000,
  EventStoreAppendMany1764000000000,
  EventStoreOutboxWithoutForeignKey1796600000000,
];
