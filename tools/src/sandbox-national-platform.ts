/**
 * The sandbox national platform as a process: `node tools/dist/sandbox-national-platform.js`.
 * SANDBOX_PORT (default 3099, the NATIONAL_PLATFORM_URL of deploy/local/dev.env), SANDBOX_RECORD_FILE
 * (JSON lines of every request received).
 */
import { startSandbox } from '@credit/testing';

async function main(): Promise<void> {
  const port = Number(process.env.SANDBOX_PORT ?? 3099);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SANDBOX_PORT must be a port number, got ${process.env.SANDBOX_PORT}`);
  const sandbox = await startSandbox({ port, host: process.env.SANDBOX_HOST ?? '127.0.0.1', recordFile: process.env.SANDBOX_RECORD_FILE || undefined });
  process.stdout.write(`sandbox national platform listening on ${sandbox.url}\n`);
  const stop = () => void sandbox.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
