import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The repository's root: the nearest directory above this module that holds `deploy/local/dev.env`.
 * Works the same from the TypeScript sources (jest) and from compiled `dist/` (the token CLI).
 */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = resolve(__dirname);
  for (;;) {
    if (existsSync(join(dir, 'deploy', 'local', 'dev.env')) && existsSync(join(dir, 'package.json'))) {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no repository root (with deploy/local/dev.env) above ${__dirname}`);
    dir = parent;
  }
}
let cachedRoot: string | undefined;

/** Where local runtime state goes (logs, pid files): `$CREDIT_LOCAL_DIR`, default `<repo>/.local`, as the deploy/local scripts use. */
export function localDir(): string {
  return process.env.CREDIT_LOCAL_DIR ?? join(repoRoot(), '.local');
}

/**
 * Parses a `KEY=value` file the way bash's `set -a; . file` reads ours: blank lines and `#` comments
 * skipped, no quoting (dev.env keeps its values free of spaces and quotes for that reason).
 */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    env[key] = line.slice(eq + 1);
  }
  return env;
}

/** The local stack's development values from `deploy/local/dev.env` (not secrets of any real deployment). */
export function devEnv(): Record<string, string> {
  return parseEnvFile(readFileSync(join(repoRoot(), 'deploy', 'local', 'dev.env'), 'utf8'));
}

export interface ServiceEntry {
  name: string;
  port: number;
  /** The service's own database on the local server: `credit_<name with underscores>`. */
  database: string;
}

/** The platform's services and ports from `deploy/local/services.txt`, whether or not they exist in this checkout. */
export function serviceCatalog(): ServiceEntry[] {
  const text = readFileSync(join(repoRoot(), 'deploy', 'local', 'services.txt'), 'utf8');
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [name, port] = l.split(/\s+/);
      return { name, port: Number(port), database: serviceDatabaseName(name) };
    });
}

export const serviceDatabaseName = (service: string): string => `credit_${service.replace(/-/g, '_')}`;
