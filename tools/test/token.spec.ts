import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt, jwtVerify } from 'jose';
import { devEnv, repoRoot } from '@credit/testing';
import { runTokenCli } from '../src/token';

const run = promisify(execFile);
const DEPARTMENT = '11450100007712342F';
const key = (secret: string) => new TextEncoder().encode(secret);

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runTokenCli(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env,
  });
  return { code, stdout, stderr };
}

describe('token CLI', () => {
  it('prints only a token signed with the dev secret, carrying the contract claims', async () => {
    const { code, stdout, stderr } = await cli(['--sub', ' 11450100007712342f ', '--roles', 'submitter, reader,submitter', '--name', '南宁市市场监督管理局']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const { payload, protectedHeader } = await jwtVerify(stdout.trim(), key(devEnv().AUTH_JWT_SECRET), { algorithms: ['HS256'] });
    expect(protectedHeader.alg).toBe('HS256');
    // The code is normalised (trimmed, upper-cased) exactly as the services normalise it.
    expect(payload).toMatchObject({ sub: DEPARTMENT, name: '南宁市市场监督管理局', roles: ['submitter', 'reader'] });
    expect(payload.exp! - payload.iat!).toBe(8 * 3600);
  });

  it('signs with AUTH_JWT_SECRET from the environment when set', async () => {
    const secret = 'environment-secret-environment-secret-42';
    const { code, stdout } = await cli(['--sub', DEPARTMENT, '--roles', 'ops', '--expires', '30m'], { AUTH_JWT_SECRET: secret });
    expect(code).toBe(0);
    const { payload } = await jwtVerify(stdout.trim(), key(secret));
    expect(payload.exp! - payload.iat!).toBe(30 * 60);
    await expect(jwtVerify(stdout.trim(), key(devEnv().AUTH_JWT_SECRET))).rejects.toThrow(/signature/);
  });

  it('mints up to the longest lifetime the services accept, taken from AUTH_TOKEN_MAX_LIFETIME_SECONDS when set', async () => {
    const day = await cli(['--sub', DEPARTMENT, '--roles', 'ops', '--expires', '24h']);
    expect(day.code).toBe(0);
    const { payload } = await jwtVerify(day.stdout.trim(), key(devEnv().AUTH_JWT_SECRET));
    expect(payload.exp! - payload.iat!).toBe(86_400);
    const strict = await cli(['--sub', DEPARTMENT, '--roles', 'ops', '--expires', '2h'], { AUTH_TOKEN_MAX_LIFETIME_SECONDS: '3600' });
    expect({ code: strict.code, stdout: strict.stdout }).toEqual({ code: 2, stdout: '' });
    expect(strict.stderr).toContain('longer than the 3600 seconds');
  });

  it.each([
    [['--roles', 'reader'], /--sub is required/],
    [['--sub', '11450100007712342X', '--roles', 'reader'], /not a valid unified social credit code: .*check character/],
    [['--sub', '1145010000771234', '--roles', 'reader'], /not a valid unified social credit code/],
    [['--sub', DEPARTMENT], /--roles is required/],
    [['--sub', DEPARTMENT, '--roles', 'reader,superuser'], /unknown role\(s\) superuser: the contract's roles are submitter, reviewer, reader, ops, admin/],
    [['--sub', DEPARTMENT, '--roles', 'reader', '--expires', 'forever'], /--expires forever is not a lifetime/],
    [['--sub', DEPARTMENT, '--roles', 'reader', '--expires', '0h'], /--expires 0h is not a lifetime/],
    [['--sub', DEPARTMENT, '--roles', 'reader', '--expires', '3650d'], /--expires 3650d is longer than the 86400 seconds a token may be valid/],
    [['--sub', DEPARTMENT, '--roles', 'reader', '--expires', '25h'], /the services would refuse it/],
    [['--sub', DEPARTMENT, '--roles', 'reader', '--secret', 'x'], /Unknown option '--secret'/],
  ])('refuses %j with exit code 2, a reason and the usage, printing no token', async (argv, reason) => {
    const { code, stdout, stderr } = await cli(argv as string[]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(reason);
    expect(stderr).toContain('usage: npm run -s token --');
  });

  describe('compiled, as `npm run -s token` runs it', () => {
    const root = repoRoot();
    const env = { ...process.env, AUTH_JWT_SECRET: '' };

    beforeAll(async () => {
      // Incremental: a no-op after `npm run build`, and a real compile when the sources changed.
      await run(join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'tools/tsconfig.json'], { cwd: root });
    }, 300_000);

    it('node tools/dist/token.js prints a verifiable token', async () => {
      const { stdout } = await run(process.execPath, ['tools/dist/token.js', '--sub', DEPARTMENT, '--roles', 'reviewer'], { cwd: root, env });
      const { payload } = await jwtVerify(stdout.trim(), key(devEnv().AUTH_JWT_SECRET));
      expect(payload).toMatchObject({ sub: DEPARTMENT, roles: ['reviewer'] });
    });

    it('TOKEN=$(npm run -s token -- ...) captures the token alone', async () => {
      const { stdout } = await run('npm', ['run', '-s', 'token', '--', '--sub', DEPARTMENT, '--roles', 'admin'], { cwd: root, env });
      expect(stdout.trim().split('\n')).toHaveLength(1);
      expect(decodeJwt(stdout.trim())).toMatchObject({ sub: DEPARTMENT, roles: ['admin'] });
    });

    it('exits 2 on a bad code', async () => {
      await expect(run(process.execPath, ['tools/dist/token.js', '--sub', 'nonsense', '--roles', 'reader'], { cwd: root, env })).rejects.toMatchObject({
        code: 2,
        stdout: '',
      });
    });
  });
});
