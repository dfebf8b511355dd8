import { Client } from 'pg';

/** One query on a service's database, on a connection of its own (the tool holds none open between commands). */
export async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Whether a table exists in the service's database (not every service has every table). */
export async function hasTable(url: string, table: string): Promise<boolean> {
  const [row] = await query<{ present: boolean }>(url, `SELECT to_regclass($1) IS NOT NULL AS present`, [table]);
  return row.present;
}
