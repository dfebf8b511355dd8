import { createTestDatabase, testInfra, waitFor, type TestDatabase } from '@credit/testing';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createPlatformApp } from '../src';
import { LogCapture } from './support/log-capture';
import { gate, SAMPLE_EVENT_TYPE, sampleAppModule } from './support/sample-app';
import { mintToken, OTHER_DEPARTMENT, TEST_JWT_SECRET } from './support/tokens';

const CITIZEN_ID = '450102199003071238';
const PROBLEM_JSON = /^application\/problem\+json/;

const validSample = (name = '某某建材有限公司') => ({
  name,
  subject: { code: '91450100MA5KXXXX1X', kind: 'LEGAL_PERSON' },
  items: [{ code: 'A' }],
});

describe('a service built on the platform (HTTP)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: Server;
  let logs: LogCapture;
  let submitter: string;

  beforeAll(async () => {
    db = await createTestDatabase('platform_http');
    logs = new LogCapture();
    app = await createPlatformApp(sampleAppModule(), {
      env: {
        DATABASE_URL: db.url,
        KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        AUTH_JWKS_URL: '',
        HTTP_BODY_LIMIT: '16kb',
        LOG_LEVEL: 'info',
        SAMPLE_SECRET: 'sample-secret',
        // Events appended here stay in this throwaway database: nothing reaches the shared topics.
        RELAY_ENABLED: 'false',
        // As the local stack runs: docs on, rate limits off (http-hygiene.spec covers them).
        HTTP_DOCS_ENABLED: 'true',
        RATE_LIMIT_PUBLIC_PER_MINUTE: '0',
        RATE_LIMIT_WRITE_PER_MINUTE: '0',
      },
      logDestination: logs,
    });
    await app.init();
    http = app.getHttpServer();
    submitter = await mintToken({ roles: ['submitter'] });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const sampleEvents = async (): Promise<number> => {
    const [row] = await app.get(DataSource).query(`SELECT count(*)::int AS n FROM events WHERE type = $1`, [SAMPLE_EVENT_TYPE]);
    return row.n;
  };

  describe('authentication and roles', () => {
    it('refuses a request without a token with 401 problem+json and a Bearer challenge', async () => {
      const res = await request(http).get('/api/v1/samples/admin-only');
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.body).toMatchObject({ type: 'urn:credit:problem:unauthorized', title: 'Unauthorized', status: 401 });
      expect(res.body.instance).toBe('/api/v1/samples/admin-only');
    });

    it('refuses a token signed with another secret, an expired token and a non-JWT with 401', async () => {
      const forged = await mintToken({ roles: ['admin'] }, { secret: 'another-secret-another-secret-another-secret' });
      const expired = await mintToken({ roles: ['admin'] }, { expiresAt: Math.floor(Date.now() / 1000) - 3600 });
      for (const header of [`Bearer ${forged}`, `Bearer ${expired}`, 'Bearer not-a-jwt', `Basic ${Buffer.from('a:b').toString('base64')}`]) {
        const res = await request(http).get('/api/v1/samples/admin-only').set('Authorization', header);
        expect(res.status).toBe(401);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      }
      const res = await request(http).get('/api/v1/samples/admin-only').set('Authorization', `Bearer ${expired}`);
      expect(res.body.detail).toContain('expired');
    });

    it('refuses a department without the required role with 403, and lets the right role through', async () => {
      const denied = await request(http).get('/api/v1/samples/admin-only').set('Authorization', `Bearer ${submitter}`);
      expect(denied.status).toBe(403);
      expect(denied.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(denied.body).toMatchObject({ type: 'urn:credit:problem:forbidden', status: 403 });
      expect(denied.body.detail).toContain('admin');

      const admin = await mintToken({ roles: ['admin'] });
      const allowed = await request(http).get('/api/v1/samples/admin-only').set('Authorization', `Bearer ${admin}`);
      expect(allowed.status).toBe(200);
      expect(allowed.body).toEqual({ ok: true });
    });

    it('ignores roles the contract does not know', async () => {
      const token = await mintToken({ roles: ['superuser', 'root'] });
      const res = await request(http).get('/api/v1/samples/config').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(403);
    });

    it('serves @Public() routes, health and metrics without a token', async () => {
      expect((await request(http).get('/api/v1/public/samples')).status).toBe(200);
      expect((await request(http).get('/health/live')).status).toBe(200);
      expect((await request(http).get('/metrics')).status).toBe(200);
    });
  });

  describe('errors as problem+json', () => {
    it('names a nested invalid field and an invalid array item by dotted path', async () => {
      const res = await request(http)
        .post('/api/v1/samples')
        .set('Authorization', `Bearer ${submitter}`)
        .send({ name: 'x', subject: { code: 'not-a-code', kind: 'LEGAL_PERSON' }, items: [{ code: 'A' }, { code: '' }] });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ type: 'urn:credit:problem:validation', status: 400 });
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['subject.code', 'items.1.code']));
      expect(fields).not.toContain('name');
      expect(res.body.errors.find((e: { field: string }) => e.field === 'subject.code').message).toContain('subject.code');
      expect(await sampleEvents()).toBe(0);
    });

    it('refuses unknown fields, top-level and nested', async () => {
      const res = await request(http)
        .post('/api/v1/samples')
        .set('Authorization', `Bearer ${submitter}`)
        .send({ ...validSample(), isAdmin: true, subject: { ...validSample().subject, extra: 1 } });
      expect(res.status).toBe(400);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['isAdmin', 'subject.extra']));
    });

    it('answers malformed JSON with 400 problem+json without quoting the body', async () => {
      const res = await request(http)
        .post('/api/v1/samples')
        .set('Authorization', `Bearer ${submitter}`)
        .set('Content-Type', 'application/json')
        .send(`{"name": "${CITIZEN_ID}", `);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ type: 'urn:credit:problem:malformed-request', status: 400 });
      expect(JSON.stringify(res.body)).not.toContain(CITIZEN_ID);
    });

    it('answers a body over HTTP_BODY_LIMIT with 413 problem+json', async () => {
      const res = await request(http)
        .post('/api/v1/samples')
        .set('Authorization', `Bearer ${submitter}`)
        .send({ ...validSample(), name: 'x'.repeat(20 * 1024) });
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ type: 'urn:credit:problem:payload-too-large', status: 413 });
    });

    it('pages with whole numbers within bounds, and answers anything else with 400 naming the parameter', async () => {
      const ok = await request(http).get('/api/v1/public/samples/paged?page=3&pageSize=20');
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ page: 3, pageSize: 20, offset: 40 });
      for (const [query, field] of [
        ['page=1e20', 'page'],
        ['page=-1', 'page'],
        ['page=abc', 'page'],
        ['page=99999999999999999999', 'page'],
        ['pageSize=100000', 'pageSize'],
        ['pageSize=0x10', 'pageSize'],
      ]) {
        const res = await request(http).get(`/api/v1/public/samples/paged?${query}`);
        expect({ query, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ query, status: 400, fields: [field] });
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.body.detail).toContain(field);
      }
    });

    it('answers an unknown route with 404 problem+json', async () => {
      const res = await request(http).get('/api/v1/no-such-thing').set('Authorization', `Bearer ${submitter}`);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.status).toBe(404);
    });

    it('answers a domain refusal with 422 naming the rule and when it will allow the request', async () => {
      const res = await request(http).post('/api/v1/samples/refusal').set('Authorization', `Bearer ${submitter}`).send({});
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({
        type: 'urn:credit:problem:domain-rule',
        status: 422,
        rule: 'repair.minimum-publicity-period',
        allowedFrom: '2025-09-01',
      });
      expect(res.body.detail).toContain('2025-09-01');
    });

    it('answers an unexpected error with a generic 500 and logs it with its stack', async () => {
      const res = await request(http).get('/api/v1/samples/boom').set('Authorization', `Bearer ${submitter}`).set('X-Correlation-Id', 'boom-1');
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ type: 'urn:credit:problem:internal', status: 500, correlationId: 'boom-1' });
      expect(JSON.stringify(res.body)).not.toMatch(/secret_internal_table|10\.0\.0\.7/);
      const line = await waitFor(() => logs.records().find((r) => r.correlationId === 'boom-1' && r.err));
      expect(line.level).toBe(50);
      expect(line.err.stack).toContain('secret_internal_table');
    });
  });

  describe('Idempotency-Key on POST', () => {
    it('replays the first response for the same key and body, and appends exactly one event', async () => {
      const before = await sampleEvents();
      const first = await request(http)
        .post('/api/v1/samples')
        .set('Authorization', `Bearer ${submitter}`)
        .set('Idempotency-Key', 'penalty-batch-2025-0001')
        .send(validSample());
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();

      // Same body with its keys in another order: the same request.
      const { items, subject, name } = validSample();
      const again = await request(http)
        .post('/api/v1/samples')
        .set('Authorization', `Bearer ${submitter}`)
        .set('Idempotency-Key', 'penalty-batch-2025-0001')
        .send({ items, subject: { kind: subject.kind, code: subject.code }, name });
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await sampleEvents()).toBe(before + 1);
    });

    it('refuses the same key with another body with 422 naming the header', async () => {
      const key = 'penalty-batch-2025-0002';
      const first = await request(http).post('/api/v1/samples').set('Authorization', `Bearer ${submitter}`).set('Idempotency-Key', key).send(validSample('甲'));
      expect(first.status).toBe(201);
      const reused = await request(http).post('/api/v1/samples').set('Authorization', `Bearer ${submitter}`).set('Idempotency-Key', key).send(validSample('乙'));
      expect(reused.status).toBe(422);
      expect(reused.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(reused.body.type).toBe('urn:credit:problem:idempotency-key-reused');
      expect(reused.body.detail).toContain('Idempotency-Key');
      expect(reused.body.errors[0].field).toBe('Idempotency-Key');
    });

    it('scopes keys per department: another department with the same key gets its own response', async () => {
      const key = 'shared-looking-key-1';
      const other = await mintToken({ sub: OTHER_DEPARTMENT, roles: ['submitter'] });
      const mine = await request(http).post('/api/v1/samples').set('Authorization', `Bearer ${submitter}`).set('Idempotency-Key', key).send(validSample());
      const theirs = await request(http).post('/api/v1/samples').set('Authorization', `Bearer ${other}`).set('Idempotency-Key', key).send(validSample());
      expect(theirs.status).toBe(201);
      expect(theirs.headers['idempotent-replayed']).toBeUndefined();
      expect(theirs.body.id).not.toBe(mine.body.id);
    });

    it('frees the key after an error response so the client may retry with it', async () => {
      const key = 'penalty-batch-2025-0003';
      const invalid = await request(http)
        .post('/api/v1/samples')
        .set('Authorization', `Bearer ${submitter}`)
        .set('Idempotency-Key', key)
        .send({ ...validSample(), subject: { code: 'bad', kind: 'LEGAL_PERSON' } });
      expect(invalid.status).toBe(400);
      const retry = await request(http).post('/api/v1/samples').set('Authorization', `Bearer ${submitter}`).set('Idempotency-Key', key).send(validSample());
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
    });

    it('answers 409 to a duplicate while the first request is still in flight', async () => {
      const key = 'slow-request-1';
      gate.arm();
      const first = request(http).post('/api/v1/samples/slow').set('Authorization', `Bearer ${submitter}`).set('Idempotency-Key', key).send(validSample()).then((r) => r);
      await gate.entered;
      const duplicate = await request(http).post('/api/v1/samples/slow').set('Authorization', `Bearer ${submitter}`).set('Idempotency-Key', key).send(validSample());
      expect(duplicate.status).toBe(409);
      expect(duplicate.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(duplicate.body.type).toBe('urn:credit:problem:idempotency-request-in-flight');
      gate.release();
      expect((await first).status).toBe(200);
      const after = await request(http).post('/api/v1/samples/slow').set('Authorization', `Bearer ${submitter}`).set('Idempotency-Key', key).send(validSample());
      expect(after.status).toBe(200);
      expect(after.headers['idempotent-replayed']).toBe('true');
    });

    it('honours a key for 24 hours only: after that the key is free for a new request', async () => {
      const key = 'penalty-batch-2024-0001';
      const first = await request(http).post('/api/v1/samples').set('Authorization', `Bearer ${submitter}`).set('Idempotency-Key', key).send(validSample('丙'));
      expect(first.status).toBe(201);
      await app.get(DataSource).query(
        `UPDATE idempotency_records SET created_at = now() - interval '25 hours', expires_at = now() - interval '1 hour' WHERE idempotency_key = $1`,
        [key],
      );
      const later = await request(http).post('/api/v1/samples').set('Authorization', `Bearer ${submitter}`).set('Idempotency-Key', key).send(validSample('丁'));
      expect(later.status).toBe(201);
      expect(later.headers['idempotent-replayed']).toBeUndefined();
      expect(later.body.id).not.toBe(first.body.id);
    });

    it('refuses a malformed key with 400', async () => {
      const res = await request(http)
        .post('/api/v1/samples')
        .set('Authorization', `Bearer ${submitter}`)
        .set('Idempotency-Key', 'k'.repeat(256))
        .send(validSample());
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('Idempotency-Key');
    });
  });

  describe('logs, correlation and operations endpoints', () => {
    it('never logs a citizen ID number from the URL, and logs the correlation id it echoes', async () => {
      const reader = await mintToken({ roles: ['reader'] });
      const res = await request(http)
        .get(`/api/v1/samples/subjects/${CITIZEN_ID}?q=${CITIZEN_ID}`)
        .set('Authorization', `Bearer ${reader}`)
        .set('X-Correlation-Id', 'repair-app-7f3a');
      expect(res.status).toBe(200);
      expect(res.headers['x-correlation-id']).toBe('repair-app-7f3a');

      const line = await waitFor(() => logs.records().find((r) => r.correlationId === 'repair-app-7f3a' && r.res));
      expect(line.requestId).toEqual(expect.any(String));
      expect(line.req.url).toBe('/api/v1/samples/subjects/450102********1238?q=450102********1238');
      expect(line.service).toBe('platform-sample');
      // The handler's own log line: in the request's context, its message masked.
      const own = logs.records().find((r) => r.context === 'Samples' && r.correlationId === 'repair-app-7f3a');
      expect(own?.msg).toBe('looking up subject 450102********1238');
      for (const raw of logs.lines) {
        expect(raw).not.toContain(CITIZEN_ID);
        expect(raw).not.toContain(reader);
      }
    });

    it('generates a correlation id when the caller sends none, and replaces an unsafe one', async () => {
      const generated = await request(http).get('/api/v1/public/samples');
      expect(generated.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
      const unsafe = await request(http).get('/api/v1/public/samples').set('X-Correlation-Id', 'a b<script>');
      expect(unsafe.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('reports itself healthy when PostgreSQL and Kafka answer', async () => {
      const res = await request(http).get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'ok',
        service: 'platform-sample',
        checks: { postgres: { status: 'up' }, kafka: { status: 'up' } },
      });
    });

    it('exposes HTTP metrics by route template, never by concrete URL', async () => {
      const reader = await mintToken({ roles: ['reader'] });
      await request(http).get(`/api/v1/samples/subjects/${CITIZEN_ID}`).set('Authorization', `Bearer ${reader}`);
      const res = await request(http).get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toContain('credit_http_requests_total');
      expect(res.text).toContain('credit_http_request_duration_seconds_bucket');
      expect(res.text).toMatch(/credit_http_requests_total\{method="GET",route="\/api\/v1\/samples\/subjects\/:code",status="200"\} \d+/);
      expect(res.text).toContain('process_cpu_user_seconds_total');
      expect(res.text).not.toContain(CITIZEN_ID);
    });

    it('serves the OpenAPI document with the bearer scheme, and hands the service its own config', async () => {
      const doc = await request(http).get('/api/docs-json');
      expect(doc.status).toBe(200);
      expect(doc.body.info.title).toBe('platform-sample API');
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/samples', '/api/v1/samples/subjects/{code}']));
      expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      const ui = await request(http).get('/api/docs/');
      expect(ui.status).toBe(200);
      // Swagger UI works under its content security policy: its scripts are its own files, which the policy allows.
      const csp = String(ui.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      const scripts = [...ui.text.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const attributes of scripts) expect(attributes).toMatch(/\ssrc=/);
      const init = await request(http).get('/api/docs/swagger-ui-init.js');
      expect(init.status).toBe(200);
      expect(init.text).toContain('SwaggerUIBundle');

      const config = await request(http).get('/api/v1/samples/config').set('Authorization', `Bearer ${submitter}`);
      expect(config.body).toEqual({ secretLength: 'sample-secret'.length });
    });
  });
});
