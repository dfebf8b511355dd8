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
