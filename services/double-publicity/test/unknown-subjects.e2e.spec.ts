/**
 * Records about subjects the registry does not know yet: accepted, flagged unlinked (GET and the
 * department quality figures), and linked when subject-registry registers the subject, over real
 * Kafka with both services as their own processes. Build first (`npx tsc -b tsconfig.build.json`).
 */
import { eventRegistry, type SubjectRegisteredV1 } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import {
  createTestDatabase,
  freePort,
  freshUscc,
  groupAtEndOfSubjectTopic,
  queryDatabase,
  ServiceProcess,
  testEnvelope,
  TestEventPublisher,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@credit/testing';
import { randomInt } from 'node:crypto';
import { as, DEPARTMENT, license, penalty, useDoublePublicity } from './support/double-publicity.fixture';

describe('double-publicity records about subjects not registered yet', () => {
  const h = useDoublePublicity('unknown-subjects');
  const { call } = h;
  let registryDb: TestDatabase;
  let registry: ServiceProcess;

  beforeAll(async () => {
    registryDb = await createTestDatabase('subject_registry_unknown_subjects_e2e');
    // The registry reads what happens from now on, not the topic's whole history.
    const groupId = uniqueName('subject-registry-unknown-subjects-e2e');
    await groupAtEndOfSubjectTopic(groupId);
    registry = ServiceProcess.start({ name: 'subject-registry', port: await freePort(), env: { DATABASE_URL: registryDb.url, KAFKA_CONSUMER_GROUP: groupId } });
    await registry.waitHealthy(90_000);
  }, 180_000);

  afterAll(async () => {
    await registry?.stop();
    await registryDb?.drop();
  });

  const figures = async () => {
    const today = todayInShanghai();
    const answer = await call('GET', `/api/v1/metrics/departments/${DEPARTMENT}?from=${today}&to=${today}`, undefined, as(h.tokens.reader));
    expect(answer.status).toBe(200);
    return answer.body;
  };

  it('accepts the record unlinked, counts it, and links it (record-subject-linked) once the registry registers the subject', async () => {
    const code = freshUscc();
    const before = await figures();
    const created = await call('POST', '/api/v1/penalties', penalty({ subject: { name: '南宁市未登记商贸有限公司', kind: 'LEGAL_PERSON', code } }), as(h.tokens.submitter));
    expect(created.status).toBe(201);
    expect(created.body.publicity.status).toBe('PUBLISHED');
    const licence = await call('POST', '/api/v1/licenses', license({ subject: { name: '南宁市未登记商贸有限公司', kind: 'LEGAL_PERSON', code } }), as(h.tokens.submitter));
    expect(licence.status).toBe(201);
    expect((await call('GET', `/api/v1/penalties/${created.body.id}`, undefined, as(h.tokens.reader))).body.subjectLinked).toBe(false);
    expect((await call('GET', `/api/v1/licenses/${licence.body.id}`, undefined, as(h.tokens.reader))).body.subjectLinked).toBe(false);
    expect((await figures()).unlinkedSubjects).toBe(before.unlinkedSubjects + 2);
    // subject-registry learns the code from the record's event and counts it as used but not registered.
    const unregistered = (): Promise<{ n: number }[]> =>
      queryDatabase(
        registryDb.url,
        `SELECT count(*)::int AS n FROM record_subject_codes r WHERE r.subject_key = $1 AND NOT EXISTS (SELECT 1 FROM subjects s WHERE s.subject_key = r.subject_key)`,
        [code],
      );
    await waitFor(async () => (await unregistered())[0].n === 1, { timeoutMs: 120_000, description: 'the code known to subject-registry as unregistered' });
    const quality = await fetch(`${registry.url}/api/v1/code-quality`, { headers: as(h.tokens.reader) });
    expect((await quality.json()).unregisteredSubjects).toBeGreaterThanOrEqual(1);

    const registered = await fetch(`${registry.url}/api/v1/subjects`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as(h.tokens.submitter) },
      body: JSON.stringify({ code, name: '南宁市未登记商贸有限公司', kind: 'LEGAL_PERSON' }),
    });
    expect(registered.status).toBe(201);

    const linked = await h.probe.waitForMessages((e) => e.type === 'double-publicity.record-subject-linked' && e.subjectKey === code, 2, 60_000);
    for (const e of linked) expect(eventRegistry.validate(e)).toMatchObject({ ok: true });
    expect(linked.map((e) => e.data).sort((a, b) => a.recordType.localeCompare(b.recordType))).toEqual([
      { recordId: licence.body.id, recordType: 'LICENSE', linkedBy: 'CODE' },
      { recordId: created.body.id, recordType: 'PENALTY', linkedBy: 'CODE' },
    ]);
    const read = await call('GET', `/api/v1/penalties/${created.body.id}`, undefined, as(h.tokens.reader));
    expect(read.body.subjectLinked).toBe(true);
    expect(read.body.history.at(-1)).toMatchObject({ type: 'double-publicity.record-subject-linked' });
    expect((await figures()).unlinkedSubjects).toBe(before.unlinkedSubjects);
    expect((await unregistered())[0].n).toBe(0);

    // A record of a subject known by now is linked from the start.
    const later = await call('POST', '/api/v1/penalties', penalty({ subject: { name: '南宁市未登记商贸有限公司', kind: 'LEGAL_PERSON', code } }), as(h.tokens.submitter));
    expect((await call('GET', `/api/v1/penalties/${later.body.id}`, undefined, as(h.tokens.reader))).body.subjectLinked).toBe(true);
    await waitFor(async () => (await figures()).unlinkedSubjects === before.unlinkedSubjects, { timeoutMs: 10_000, description: 'no unlinked record added' });
  }, 180_000);

  describe('an individual business recorded under the placeholder (keyed IB-<registration number>)', () => {
    const PLACEHOLDER = '00000000000000000X';
    const NAME = '南宁市青秀区某某小吃店';
    const freshRegistrationNumber = () => `4501${String(randomInt(100_000_000_000)).padStart(11, '0')}`;
    const placeholderSubject = (registrationNumber: string) => ({ name: NAME, kind: 'INDIVIDUAL_BUSINESS', code: PLACEHOLDER, registrationNumber });
    const register = async (body: Record<string, unknown>) => {
      const answer = await fetch(`${registry.url}/api/v1/subjects`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...as(h.tokens.submitter) },
        body: JSON.stringify(body),
      });
      expect(answer.status).toBe(201);
    };
    const recordBoth = async (registrationNumber: string) => {
      const p = await call('POST', '/api/v1/penalties', penalty({ subject: placeholderSubject(registrationNumber) }), as(h.tokens.submitter));
      expect(p.status).toBe(201);
      const l = await call('POST', '/api/v1/licenses', license({ subject: placeholderSubject(registrationNumber) }), as(h.tokens.submitter));
      expect(l.status).toBe(201);
      expect((await call('GET', `/api/v1/penalties/${p.body.id}`, undefined, as(h.tokens.reader))).body.subjectLinked).toBe(false);
      return { penaltyId: p.body.id as string, licenseId: l.body.id as string };
    };
    const linkedEvents = async (key: string) => {
      const linked = await h.probe.waitForMessages((e) => e.type === 'double-publicity.record-subject-linked' && e.subjectKey === key, 2, 60_000);
      for (const e of linked) expect(eventRegistry.validate(e)).toMatchObject({ ok: true });
      return linked.map((e) => e.data).sort((a, b) => a.recordType.localeCompare(b.recordType));
    };

    it('is linked by registration number when the registry registers the business under its USCC with that number as a legacy code', async () => {
      const registrationNumber = freshRegistrationNumber();
      const { penaltyId, licenseId } = await recordBoth(registrationNumber);
      const uscc = freshUscc('92450100');
      await register({ code: uscc, name: NAME, kind: 'INDIVIDUAL_BUSINESS', legacyCodes: [{ scheme: 'REGISTRATION_NO', value: registrationNumber }] });

      expect(await linkedEvents(`IB-${registrationNumber}`)).toEqual([
        { recordId: licenseId, recordType: 'LICENSE', linkedBy: 'REGISTRATION_NO', subjectCode: uscc },
        { recordId: penaltyId, recordType: 'PENALTY', linkedBy: 'REGISTRATION_NO', subjectCode: uscc },
      ]);
      const read = await call('GET', `/api/v1/penalties/${penaltyId}`, undefined, as(h.tokens.reader));
      expect(read.body.subjectLinked).toBe(true);
      expect(read.body.history.at(-1)).toMatchObject({ type: 'double-publicity.record-subject-linked', data: { linkedBy: 'REGISTRATION_NO' } });
      // Known from now on: a later record under the placeholder is linked from the start.
      const later = await call('POST', '/api/v1/penalties', penalty({ subject: placeholderSubject(registrationNumber) }), as(h.tokens.submitter));
      expect((await call('GET', `/api/v1/penalties/${later.body.id}`, undefined, as(h.tokens.reader))).body.subjectLinked).toBe(true);
    }, 180_000);

    it('is linked by registration number when the business is registered under the placeholder itself', async () => {
      const registrationNumber = freshRegistrationNumber();
      const { penaltyId, licenseId } = await recordBoth(registrationNumber);
      // The registry's event for such a business, as the contract has it: keyed IB-<number>, the placeholder as its code.
      const key = `IB-${registrationNumber}`;
      const publisher = await TestEventPublisher.connect({ clientId: 'double-publicity-unknown-subjects-e2e' });
      try {
        await publisher.publish(
          testEnvelope<SubjectRegisteredV1>({
            type: 'subject-registry.subject-registered',
            subjectKey: key,
            stream: `subject-${key}`,
            data: { kind: 'INDIVIDUAL_BUSINESS', code: PLACEHOLDER, maskedCode: PLACEHOLDER, name: NAME, legacyCodes: [{ scheme: 'REGISTRATION_NO', value: registrationNumber }] },
          }),
        );
      } finally {
        await publisher.disconnect();
      }
      expect(await linkedEvents(`IB-${registrationNumber}`)).toEqual([
        { recordId: licenseId, recordType: 'LICENSE', linkedBy: 'REGISTRATION_NO' },
        { recordId: penaltyId, recordType: 'PENALTY', linkedBy: 'REGISTRATION_NO' },
      ]);
    }, 180_000);

    it('is linked when the registration number is added later as a legacy code of the registered business', async () => {
      const registrationNumber = freshRegistrationNumber();
      const { penaltyId, licenseId } = await recordBoth(registrationNumber);
      const uscc = freshUscc('92450100');
      await register({ code: uscc, name: NAME, kind: 'INDIVIDUAL_BUSINESS' });
      const added = await fetch(`${registry.url}/api/v1/subjects/${uscc}/legacy-codes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...as(h.tokens.submitter) },
        body: JSON.stringify({ scheme: 'REGISTRATION_NO', value: registrationNumber }),
      });
      expect(added.status).toBe(201);
      expect(await linkedEvents(`IB-${registrationNumber}`)).toEqual([
        { recordId: licenseId, recordType: 'LICENSE', linkedBy: 'REGISTRATION_NO', subjectCode: uscc },
        { recordId: penaltyId, recordType: 'PENALTY', linkedBy: 'REGISTRATION_NO', subjectCode: uscc },
      ]);
    }, 180_000);
  });
});
