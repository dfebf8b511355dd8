import type { DataSource } from 'typeorm';

export type MessagingTable = 'inbox' | 'parked_events' | 'dead_letters';

/**
 * Table names qualified with the DataSource's `schema` option when a service keeps its tables in
 * its own schema, so that migrations and queries agree on where the tables are.
 */
export function tableNames(dataSource: Pick<DataSource, 'options'>): Record<MessagingTable, string> {
  const schema = (dataSource.options as { schema?: string }).schema;
  const q = (name: MessagingTable) => (schema ? `"${schema.replace(/"/g, '""')}"."${name}"` : `"${name}"`);
  return { inbox: q('inbox'), parked_events: q('parked_events'), dead_letters: q('dead_letters') };
}
