import { createTestDatabase, testInfra, type TestDatabase } from '@credit/testing';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createPlatformApp } from '../src';
import { LogCapture } from './support/log-capture';
import { SAMPLE_EVENT_TYPE, sampleAppModule } from './support/sample-app';
import { DEPARTMENT, mintToken, OTHER_DEPARTMENT, TEST_JWT_SECRET } from './support/tokens';

const PROBLEM_JSON = /^application\/problem\+json/;
const ISSUER = 'https://idp.example.gov.cn';
const AUDIENCE = 'credit-platform';
const METRICS_TOKEN = 'scrape-token-0123456789abcdef';
const PUBLIC_PER_MINUTE = 3;
const WRITE_PER_MINUTE = 3;

const validSample = () => ({ name: '某某建材有限公司', subject: { code: '91450100MA5KXXXX1X', kind: 'LEGAL_PERSON' }, items: [{ code: 'A' }] });
const nested = (depth: number, open: string, close: string) => open.repeat(depth) + close.repeat(depth);

/**
 * A service configured as in production: issuer and audience checked, /metrics behind its token,
 * docs off (the default), rate limits on (low, on a clock the test moves), default token lifetime
 * and JSON depth.
 */
describe('HTTP hygiene of a service built on the platform', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: Server;
  let now = Date.now();
  /** A token the production identity provider would issue: issuer and audience set, valid 5 minutes. */
  const token = (claims: Parameters<typeof mintToken>[0] = {}, options: Parameters<typeof mintToken>[1] = {}) =>
    mintToken(claims, { issuer: ISSUER, audience: AUDIENCE, ...options });

  beforeAll(async () => {
    db = await createTestDatabase('platform_hygiene');
    app = await createPlatformApp(sampleAppModule(), {
      env: {
        DATABASE_URL: db.url,
        KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        AUTH_JWKS_URL: '',
        AUTH_JWT_ISSUER: ISSUER,
        AUTH_JWT_AUDIENCE: AUDIENCE,
        METRICS_TOKEN,
        // What a developer's shell or CI may have exported must not change what is tested here.
        AUTH_TOKEN_MAX_LIFETIME_SECONDS: '',
        HTTP_DOCS_ENABLED: '',
        HTTP_JSON_MAX_DEPTH: '',
        RATE_LIMIT_PUBLIC_PER_MINUTE: String(PUBLIC_PER_MINUTE),
        RATE_LIMIT_WRITE_PER_MINUTE: String(WRITE_PER_MINUTE),
        SAMPLE_SECRET: 'sample-secret',
        RELAY_ENABLED: 'false',
        LOG_LEVEL: 'warn',
      },
      logDestination: new LogCapture(),
      rateLimitClock: () => now,
    });
    await app.init();
    http = app.getHttpServer();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  // Each test starts with fresh rate-limit windows, so that only the rate-limit tests meet the limits.
  beforeEach(() => {
    now += 61_000;
  });

  const sampleEvents = async (): Promise<number> => {
    const [row] = await app.get(DataSource).query(`SELECT count(*)::int AS n FROM events WHERE type = $1`, [SAMPLE_EVENT_TYPE]);
    return row.n;
  };

  describe('tokens', () => {
    const refusal = async (bearer: string) => {
      const res = await request(http).get('/api/v1/samples/config').set('Authorization', `Bearer ${bearer}`);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.body).toMatchObject({ type: 'urn:credit:problem:unauthorized', status: 401 });
      expect(res.text).not.toContain(bearer);
      return String(res.body.detail);
    };

    it('accepts a token of the configured issuer and audience, valid for a bounded time, for a valid department code', async () => {
      const res = await request(http).get('/api/v1/samples/config').set('Authorization', `Bearer ${await token()}`);
      expect(res.status).toBe(200);
    });

    it('refuses a token without an expiry', async () => {
      expect(await refusal(await token({}, { expiresAt: null }))).toBe('The bearer token was refused: the token has no expiry (exp claim).');
    });

    it('refuses a token valid for longer than 24 hours, naming the rule, with or without iat', async () => {
      const iat = Math.floor(Date.now() / 1000);
      const detail = await refusal(await token({}, { issuedAt: iat, expiresAt: iat + 30 * 86_400 }));
      expect(detail).toContain('longer than the 86400 seconds a token may be valid (maximum token lifetime)');
      expect(await refusal(await token({}, { issuedAt: null, expiresAt: iat + 2 * 86_400 }))).toContain('maximum token lifetime');
    });

    it('refuses a token without the issuer or the audience, and one of another issuer or audience', async () => {
      expect(await refusal(await mintToken({}, { audience: AUDIENCE }))).toContain('the token has no issuer (iss claim)');
      expect(await refusal(await mintToken({}, { issuer: ISSUER }))).toContain('the token has no audience (aud claim)');
      expect(await refusal(await token({}, { issuer: 'https://elsewhere.example' }))).toContain("the token's iss claim is not accepted");
      expect(await refusal(await token({}, { audience: 'another-system' }))).toContain("the token's aud claim is not accepted");
    });

    it('refuses a department code that is not a valid unified social credit code, without repeating it', async () => {
      for (const sub of ['11450100MB0000000X', 'admin', '450102199003071238']) {
        const detail = await refusal(await token({ sub }));
        expect(detail).toContain('(sub claim) is not a valid unified social credit code');
        expect(detail).not.toContain(sub);
      }
    });
  });

  describe('security headers', () => {
    it('sends them on answers and on problems alike, and no X-Powered-By', async () => {
      for (const res of [await request(http).get('/api/v1/public/samples'), await request(http).get('/api/v1/samples/config')]) {
        expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });
  });

  describe('request bodies', () => {
    it('refuses a form or text body with 415 problem+json, storing nothing', async () => {
      const before = await sampleEvents();
      const submitter = await token();
      const form = await request(http).post('/api/v1/samples').set('Authorization', `Bearer ${submitter}`).type('form').send('name=x&subject[code]=y');
      expect(form.status).toBe(415);
      expect(form.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(form.body).toMatchObject({ type: 'urn:credit:problem:unsupported-media-type', status: 415 });
      const text = await request(http).post('/api/v1/samples').set('Authorization', `Bearer ${submitter}`).set('Content-Type', 'text/plain').send('{"name":"x"}');
      expect(text.status).toBe(415);
      expect(await sampleEvents()).toBe(before);
    });

    it('refuses JSON nested 5000 deep with 400 naming the limit, for arrays and objects, and keeps serving', async () => {
      const submitter = await token();
      for (const body of [nested(5000, '[', ']'), nested(5000, '{"a":', '}').replace('{"a":}', '{"a":1}')]) {
        const res = await request(http).post('/api/v1/samples').set('Authorization', `Bearer ${submitter}`).set('Content-Type', 'application/json').send(body);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.body).toMatchObject({ type: 'urn:credit:problem:malformed-request', status: 400 });
        expect(res.body.detail).toBe('The request body nests arrays and objects more than 32 levels deep; at most 32 levels are accepted.');
      }
      expect((await request(http).get('/health/live')).status).toBe(200);
    });

    it('reads a body of exactly 32 levels as usual, and refuses 33', async () => {
      // The sample (level 1) with an unknown field nesting 31 more levels: refused by validation, not by depth.
      const withExtra = (levels: number) => ({ ...validSample(), extra: JSON.parse(nested(levels, '{"a":', '}').replace('{"a":}', '{"a":1}')) });
      const submitter = await token();
      const at = await request(http).post('/api/v1/samples').set('Authorization', `Bearer ${submitter}`).send(withExtra(31));
      expect(at.status).toBe(400);
      expect(at.body.type).toBe('urn:credit:problem:validation');
      expect(at.body.errors.map((e: { field: string }) => e.field)).toEqual(['extra']);
      const beyond = await request(http).post('/api/v1/samples').set('Authorization', `Bearer ${submitter}`).send(withExtra(32));
      expect(beyond.status).toBe(400);
      expect(beyond.body.type).toBe('urn:credit:problem:malformed-request');
    });
  });

  describe('query strings', () => {
    it('refuses an over-long parameter and an absurd number of parameters with 400', async () => {
      const long = await request(http).get(`/api/v1/public/samples/paged?page=1&q=${'x'.repeat(3000)}`);
      expect(long.status).toBe(400);
      expect(long.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(long.body.errors).toEqual([{ field: 'q', message: 'q must be at most 2048 characters long' }]);
      const many = await request(http).get(`/api/v1/public/samples/paged?${Array.from({ length: 500 }, (_, i) => `p${i}=1`).join('&')}`);
      expect(many.status).toBe(400);
      expect(many.body.detail).toBe('The query string has 500 parameters; at most 50 are accepted.');
    });
  });

  describe('rate limits', () => {
    it('answers public reads beyond the budget of an address with 429, Retry-After and a problem, and recovers after the window', async () => {
      for (let i = 0; i < PUBLIC_PER_MINUTE; i++) expect((await request(http).get('/api/v1/public/samples')).status).toBe(200);
      now += 20_000;
      const refused = await request(http).get('/api/v1/public/samples/paged');
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('40');
      expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(refused.body).toMatchObject({ type: 'urn:credit:problem:rate-limited', title: 'Too many requests', status: 429, retryAfterSeconds: 40 });
      expect(refused.body.detail).toContain(`at most ${PUBLIC_PER_MINUTE} a minute`);
      // Authenticated reads are not part of the public budget.
      expect((await request(http).get('/api/v1/samples/config').set('Authorization', `Bearer ${await token()}`)).status).toBe(200);
      now += 40_000;
      expect((await request(http).get('/api/v1/public/samples')).status).toBe(200);
    });

    it('counts writes per department: one over budget gets 429, another department does not', async () => {
      const mine = await token({ sub: DEPARTMENT });
      const theirs = await token({ sub: OTHER_DEPARTMENT });
      const write = (bearer: string) => request(http).post('/api/v1/samples/refusal').set('Authorization', `Bearer ${bearer}`).send({});
      for (let i = 0; i < WRITE_PER_MINUTE; i++) expect((await write(mine)).status).toBe(422);
      const refused = await write(mine);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused.body.detail).toContain(`department ${DEPARTMENT}`);
      expect((await write(theirs)).status).toBe(422);
      // Reads of the department over its write budget go on.
      expect((await request(http).get('/api/v1/samples/config').set('Authorization', `Bearer ${mine}`)).status).toBe(200);
      now += 60_000;
      expect((await write(mine)).status).toBe(422);
    });

    it('counts writes without a valid token per address', async () => {
      const anonymous = () => request(http).post('/api/v1/samples/refusal').send({});
      for (let i = 0; i < WRITE_PER_MINUTE; i++) expect((await anonymous()).status).toBe(401);
      const refused = await anonymous();
      expect(refused.status).toBe(429);
      expect(refused.body.detail).toContain('this address');
    });
  });

  describe('operations endpoints', () => {
    it('serves /metrics only with the scraper token', async () => {
      for (const path of ['/metrics', '/METRICS', '/metrics/']) {
        const res = await request(http).get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.text).not.toContain('process_cpu');
      }
      expect((await request(http).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}x`)).status).toBe(401);
      expect((await request(http).get('/metrics').set('Authorization', `Bearer ${await token({ roles: ['ops'] })}`)).status).toBe(401);
      const res = await request(http).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('credit_http_requests_total');
    });

    it('keeps the health endpoints open', async () => {
      expect((await request(http).get('/health/live')).status).toBe(200);
      expect([200, 503]).toContain((await request(http).get('/health')).status);
    });

    it('serves no API documentation unless HTTP_DOCS_ENABLED', async () => {
      for (const path of ['/api/docs', '/api/docs/', '/api/docs-json']) {
        const res = await request(http).get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      }
    });
  });
});
