/**
 * Statement batching for a rebuild's projection functions: their INSERT, UPDATE and DELETE
 * statements (which need no answer) are held and sent many at a time, parameters inlined as
 * literals, in one round trip; any other statement (a SELECT whose rows the function reads) sends
 * what is held first, so the function reads its own writes. Only for projections that declare
 * `writesNeedNoAnswer`: one that reads an UPDATE's affected-row count must not use it.
 */
import { escapeLiteral, prepareValue } from 'pg/lib/utils';
import type { EntityManager } from 'typeorm';

const WRITE = /^\s*(INSERT|UPDATE|DELETE)\b/i;
const RETURNING = /\bRETURNING\b/i;

/** `sql` with `$n` replaced by the n-th parameter as a quoted literal (as pg would send it). */
export function inlineParameters(sql: string, params: readonly unknown[] = []): string {
  return sql.replace(/\$(\d+)/g, (_match, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= params.length) throw new Error(`write-behind: no parameter $${n} for ${sql.slice(0, 80)}`);
    const value = prepareValue(params[index]);
    return value === null || value === undefined ? 'NULL' : escapeLiteral(String(value));
  });
}

export interface WriteBehind {
  manager: EntityManager;
  /** Sends what is held; call before the transaction commits. */
  flush(): Promise<void>;
}

export function writeBehind(manager: EntityManager, maxHeld = 1000): WriteBehind {
  const held: string[] = [];
  const flush = async (): Promise<void> => {
    if (held.length === 0) return;
    const sql = held.join(';\n');
    held.length = 0;
    await manager.query(sql);
  };
  const query = async (sql: string, params?: unknown[]): Promise<unknown> => {
    if (WRITE.test(sql) && !RETURNING.test(sql)) {
      held.push(inlineParameters(sql, params));
      if (held.length >= maxHeld) await flush();
      return [];
    }
    await flush();
    return manager.query(sql, params);
  };
  const proxy = new Proxy(manager, {
    get(target, property, receiver) {
      if (property === 'query') return query;
      return Reflect.get(target, property, receiver);
    },
  });
  return { manager: proxy, flush };
}
