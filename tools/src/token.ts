/**
 * Mints a Bearer token for the local stack, as a department system would present it.
 *
 *   npm run -s token -- --sub <department USCC> --roles submitter,reader [--name <department>] [--expires 8h]
 *   TOKEN=$(npm run -s token -- --sub 11450100007712342F --roles submitter)
 *
 * Signed HS256 with AUTH_JWT_SECRET from the environment, else the development value in
 * deploy/local/dev.env. Prints the token and nothing else on stdout, so that it can be captured.
 * The token carries `iat` and `exp`, and is valid for at most AUTH_TOKEN_MAX_LIFETIME_SECONDS (from
 * the environment, else dev.env, else the platform's default of 24 hours): the services refuse a
 * token valid for longer, so the CLI refuses to mint one.
 */
import { parseArgs } from 'node:util';
import { validateUscc } from '@credit/domain-kernel';
import { CONTRACT_ROLES, devEnv, mintToken } from '@credit/testing';

/** The platform's default of AUTH_TOKEN_MAX_LIFETIME_SECONDS (libs/platform). */
const PLATFORM_MAX_LIFETIME_SECONDS = 86_400;

const USAGE = `usage: npm run -s token -- --sub <department USCC> --roles <role,...> [--name <name>] [--expires <span>]
  --sub      the department's 18-character unified social credit code (check character verified)
  --roles    comma-separated, from: ${CONTRACT_ROLES.join(', ')}
  --name     the department's name (claim "name")
  --expires  lifetime such as 30m, 8h, 24h (default 8h; at most AUTH_TOKEN_MAX_LIFETIME_SECONDS, 24h by default)`;

const UNIT_SECONDS: ReadonlyArray<[RegExp, number]> = [
  [/^(s|secs?|seconds?)$/, 1],
  [/^(m|mins?|minutes?)$/, 60],
  [/^(h|hrs?|hours?)$/, 3600],
  [/^(d|days?)$/, 86_400],
  [/^(w|weeks?)$/, 604_800],
];

/** Seconds of a lifetime such as `30m` or `8 hours`; undefined when it is not one. */
function lifetimeSeconds(span: string): number | undefined {
  const match = /^(\d+)\s*([a-z]+)$/i.exec(span.trim());
  if (!match) return undefined;
  const unit = UNIT_SECONDS.find(([pattern]) => pattern.test(match[2].toLowerCase()));
  return unit ? Number(match[1]) * unit[1] : undefined;
}

/** The longest lifetime the services accept: AUTH_TOKEN_MAX_LIFETIME_SECONDS of the environment, else of dev.env, else the default. */
function maxLifetimeSeconds(env: NodeJS.ProcessEnv): number {
  const configured = Number(env.AUTH_TOKEN_MAX_LIFETIME_SECONDS || devEnv().AUTH_TOKEN_MAX_LIFETIME_SECONDS || PLATFORM_MAX_LIFETIME_SECONDS);
  return Number.isInteger(configured) && configured > 0 ? configured : PLATFORM_MAX_LIFETIME_SECONDS;
}

export interface TokenCliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

/** Runs the CLI; returns the exit code (0 token printed, 2 bad arguments). */
export async function runTokenCli(
  argv: string[],
  io: TokenCliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        sub: { type: 'string' },
        roles: { type: 'string' },
        name: { type: 'string' },
        expires: { type: 'string', default: '8h' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (!values.sub) throw new UsageError('--sub is required');
    const code = validateUscc(values.sub);
    if (!code.valid) {
      throw new UsageError(`--sub ${values.sub} is not a valid unified social credit code: ${code.errors.map((e) => e.message).join('; ')}`);
    }
    const roles = [...new Set((values.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean))];
    if (roles.length === 0) throw new UsageError('--roles is required (at least one role)');
    const unknown = roles.filter((r) => !(CONTRACT_ROLES as readonly string[]).includes(r));
    if (unknown.length > 0) throw new UsageError(`unknown role(s) ${unknown.join(', ')}: the contract's roles are ${CONTRACT_ROLES.join(', ')}`);
    const lifetime = lifetimeSeconds(values.expires!);
    if (lifetime === undefined || lifetime === 0) throw new UsageError(`--expires ${values.expires} is not a lifetime such as 30m, 8h or 24h`);
    const max = maxLifetimeSeconds(io.env);
    if (lifetime > max) {
      throw new UsageError(
        `--expires ${values.expires} is longer than the ${max} seconds a token may be valid (AUTH_TOKEN_MAX_LIFETIME_SECONDS): the services would refuse it`,
      );
    }
    const secret = io.env.AUTH_JWT_SECRET || devEnv().AUTH_JWT_SECRET;
    const token = await mintToken({ sub: code.normalized, name: values.name, roles, secret, expiresIn: lifetime });
    io.stdout.write(`${token}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`token: ${message}\n${error instanceof UsageError || isParseArgsError(error) ? `${USAGE}\n` : ''}`);
    return 2;
  }
}

function isParseArgsError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

if (require.main === module) {
  void runTokenCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
