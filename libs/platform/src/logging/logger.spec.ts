import { Writable } from 'node:stream';
import { loadConfig } from '../config/load-config';
import { createRootLogger, maskLogValue } from './logger';

const ID = '450102199003071238';

describe('logs never carry a clear citizen ID number', () => {
  it('masks strings at any depth of plain objects and arrays', () => {
    expect(maskLogValue({ a: [`id ${ID}`, { b: ID }], n: 3 })).toEqual({ a: ['id 450102********1238', { b: '450102********1238' }], n: 3 });
  });

  it('masks messages, merged fields and errors of every log line', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    const { platform } = loadConfig(
      { DATABASE_URL: 'postgres://x@h/db', KAFKA_BROKERS: 'k:9092', AUTH_JWT_SECRET: 's'.repeat(32) },
      { serviceName: 'subject-registry', defaultPort: 3001 },
    );
    const logger = createRootLogger(platform, destination);
    logger.info(`registered ${ID}`);
    logger.warn({ subject: { code: ID } }, 'duplicate');
    logger.error({ err: new Error(`no subject ${ID}`) }, 'failed');
    logger.info({ headers: { authorization: 'Bearer abc.def.ghi' } }, 'headers');

    const output = lines.join('');
    expect(output).not.toContain(ID);
    expect(output).not.toContain('abc.def.ghi');
    const records = lines.map((line) => JSON.parse(line));
    expect(records[0]).toMatchObject({ msg: 'registered 450102********1238', service: 'subject-registry' });
    expect(records[1].subject.code).toBe('450102********1238');
    expect(records[2].err.message).toBe('no subject 450102********1238');
    expect(records[2].err.stack).toContain('450102********1238');
  });
});
