/**
 * The hand-off of a natural person's clear ID number to subject-registry's vault: sealed in
 * double-publicity's intake transaction, kept while the registry is unreachable, delivered once it
 * is, and then gone from double-publicity. Both services run as their own processes on real
 * PostgreSQL and Kafka. Build first (`npx tsc -b tsconfig.build.json`).
 */
import { decryptField, parseEncryptionKey } from '@credit/domain-kernel';
import { createTestDatabase, freePort, freshCitizenId, mintToken, queryDatabase, ServiceProcess, waitFor, type TestDatabase } from '@credit/testing';
import { randomUUID } from 'node:crypto';
import { as, penalty, useDoublePublicity } from './support/double-publicity.fixture';

describe('double-publicity vault hand-off', () => {
  const h = useDoublePublicity('vault-handoff', { env: { VAULT_HANDOFF_SCAN_SECONDS: '1' } });
  const { call } = h;
  let registryDb: TestDatabase;
  let registry: ServiceProcess;

  beforeAll(async () => {
    registryDb = await createTestDatabase('subject_registry_vault_handoff_e2e');
  }, 60_000);

  afterAll(async () => {
    await registry?.stop();
    await registryDb?.drop();
  });

  /** Every row of every table of double-publicity's database, as text. */
  const everythingStored = async (): Promise<string> => {
    const tables: { table_name: string }[] = await h.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    const dumps = await Promise.all(tables.map(async ({ table_name }) => JSON.stringify(await h.query(`SELECT t::text AS row FROM "${table_name}" t`))));
    return dumps.join('\n');
  };

  it('keeps only the subject key and the masked number; the clear number reaches the vault once the registry answers', async () => {
    const idNumber = freshCitizenId();
    const representative = freshCitizenId();
    // The registry is not there yet: the service runs with an address where nothing answers. It signs
    // its own short-lived service tokens, acting for the platform operator's unit.
    const registryPort = await freePort();
    await h.service.stop();
    await h.restart({ SUBJECT_REGISTRY_URL: `http://127.0.0.1:${registryPort}`, SERVICE_UNIT_CODE: '11450100007712342F', VAULT_HANDOFF_SCAN_SECONDS: '1' });

    const correlationId = randomUUID();
    const created = await call(
      'POST',
      '/api/v1/penalties',
      penalty({ subject: { name: '张三', kind: 'NATURAL_PERSON', code: idNumber } }),
      as(h.tokens.submitter, { 'x-correlation-id': correlationId }),
    );
    expect(created.status).toBe(201);
    const company = await call(
      'POST',
      '/api/v1/penalties',
      penalty({ subject: { name: '南宁市示例科技有限公司', kind: 'LEGAL_PERSON', code: '91450100MA5K12347C', legalRepresentative: '李四', legalRepresentativeDocument: { type: 'ID_CARD', number: representative } } }),
      as(h.tokens.submitter),
    );
    expect(company.status).toBe(201);
    const event = await h.probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
    expect(JSON.stringify(event)).not.toContain(idNumber);

    // Sealed and waiting: two hand-offs, retried, and no clear number anywhere in the database.
    await waitFor(async () => (await h.query(`SELECT count(*)::int AS n FROM vault_handoffs WHERE attempts > 0`))[0].n === 2, {
      timeoutMs: 30_000,
      description: 'two failed hand-off attempts',
    });
    let stored = await everythingStored();
    expect(stored).not.toContain(idNumber);
    expect(stored).not.toContain(representative);

    // The registry comes up where the service looks for it.
    registry = ServiceProcess.start({ name: 'subject-registry', port: registryPort, env: { DATABASE_URL: registryDb.url } });
    await registry.waitHealthy(90_000);
    await waitFor(async () => (await h.query(`SELECT count(*)::int AS n FROM vault_handoffs`))[0].n === 0, { timeoutMs: 60_000, description: 'hand-offs delivered' });

    const key = parseEncryptionKey(registry.env.PII_ENCRYPTION_KEY);
    const vault: { subject_key: string; id_ciphertext: string }[] = await queryDatabase(registryDb.url, `SELECT subject_key, id_ciphertext FROM natural_person_vault`);
    expect(vault.map((v) => decryptField(v.id_ciphertext, key, v.subject_key)).sort()).toEqual([idNumber, representative].sort());
    expect(vault.find((v) => decryptField(v.id_ciphertext, key, v.subject_key) === idNumber)?.subject_key).toBe(event.subjectKey);
    const audit = await queryDatabase(registryDb.url, `SELECT purpose, department_code, user_name, roles FROM pii_access_audit`);
    expect(audit).toEqual(expect.arrayContaining([{ purpose: 'vault-handoff', department_code: '11450100007712342F', user_name: 'double-publicity', roles: ['service'] }]));

    // No department token opens the vault, not even ops or admin, nor one that adds `service` to its roles.
    const somebody = freshCitizenId();
    for (const roles of [['ops'], ['admin'], ['submitter', 'service']]) {
      const token = await mintToken({ sub: '11450100007712342F', name: 'market-regulation', roles });
      const put = await fetch(`${registry.url}/api/v1/vault/${encodeURIComponent(vault[0].subject_key)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...as(token) },
        body: JSON.stringify({ idNumber: somebody }),
      });
      expect([roles, put.status]).toEqual([roles, roles.includes('service') ? 401 : 403]);
    }

    stored = await everythingStored();
    expect(stored).not.toContain(idNumber);
    expect(stored).not.toContain(representative);
    expect(stored).not.toContain(vault[0].id_ciphertext);

    // The registry's own registration of the person later is not refused for the number already in the vault.
    const registered = await fetch(`${registry.url}/api/v1/subjects`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as(h.tokens.submitter) },
      body: JSON.stringify({ code: idNumber, name: '张三', kind: 'NATURAL_PERSON' }),
    });
    expect(registered.status).toBe(201);
  }, 240_000);
});
