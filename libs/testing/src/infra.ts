import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Where the tests' Kafka and PostgreSQL are. Resolution order (see README "Tests"):
 * KAFKA_BROKERS / DATABASE_URL from the environment; otherwise the local servers that
 * deploy/local/ starts (127.0.0.1:9092, 127.0.0.1:5432).
 */
export interface TestInfra {
  kafkaBrokers: string[];
  /** A URL to a maintenance database on the server (used to create throwaway databases). */
  adminDatabaseUrl: string;
}

export function testInfra(): TestInfra {
  return {
    kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
    adminDatabaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  };
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty database for one test suite; drop it in afterAll. */
export async function createTestDatabase(prefix = 't'): Promise<TestDatabase> {
  const admin = testInfra().adminDatabaseUrl;
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A unique name for a topic or consumer group, so tests never share broker state. */
export const uniqueName = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/**
 * Makes sure a named database exists on the test server (created empty if missing, never
 * dropped) and returns its URL: a service's own `credit_<name>` database for end-to-end tests.
 */
export async function ensureDatabase(name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`refusing database name '${name}' (lower-case letters, digits and _ only)`);
  const admin = testInfra().adminDatabaseUrl;
  const client = new Client({ connectionString: admin });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}" TEMPLATE template0`).catch((error: { code?: string }) => {
        // 42P04 duplicate_database: a concurrent caller created it first, which is what we wanted.
        if (error.code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
