/**
 * The national 双公示 field set over HTTP: the subject block (legacy codes, the individual-business
 * placeholder, the legal representative's document), the penalty's suspended certificate, remarks and
 * publicity deadline, the licence's category fields, and records naming their catalog matter. The
 * compiled service in its own process on a real PostgreSQL and Kafka. Build first
 * (`npx tsc -b services/double-publicity`).
 */
import { eventRegistry } from '@credit/contracts';
import { maskIdNumber } from '@credit/domain-kernel';
import { freshCitizenId, freshUscc, mintToken } from '@credit/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { as, DEPARTMENT, license, penalty, useDoublePublicity } from './support/double-publicity.fixture';

const PLACEHOLDER = '00000000000000000X';
const registrationNumber = () => `450100${String(randomInt(1_000_000_000)).padStart(9, '0')}`;
const matterCode = () => `XZCF-${randomInt(1_000_000_000)}`;

describe('double-publicity national field set', () => {
  const h = useDoublePublicity('national-fields');
  const { call, query } = h;
  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
  const eventsOf = (stream: string) => query(`SELECT type, subject_key, data FROM events WHERE stream_id = $1 ORDER BY stream_version`, [stream]);

  describe('subject block', () => {
    it('accepts the placeholder code for an individual business with its registration number, keyed IB-<registration number>', async () => {
      const regNo = registrationNumber();
      const correlationId = randomUUID();
      // An individual business's tax number built on the owner's ID number: that part is masked.
      const ownerId = freshCitizenId();
      const body = penalty({
        subject: { name: '南宁市某某小吃店', kind: 'INDIVIDUAL_BUSINESS', code: PLACEHOLDER, registrationNumber: regNo, taxNumber: `${ownerId}01` },
      });
      const created = await call('POST', '/api/v1/penalties', body, as(h.tokens.submitter, { 'x-correlation-id': correlationId }));
      expect(created.status).toBe(201);

      const [event] = await eventsOf(`penalty-${created.body.id}`);
      expect(event.subject_key).toBe(`IB-${regNo}`);
      expect(event.data.subject).toMatchObject({ kind: 'INDIVIDUAL_BUSINESS', code: PLACEHOLDER, maskedCode: PLACEHOLDER, registrationNumber: regNo });
      expect(JSON.stringify(event.data)).not.toContain(ownerId);
      const published = await h.probe.waitForMessage((e) => e.correlationId === correlationId, 30_000);
      const message = h.probe.messages.find((m) => m.envelope?.id === published.id)!;
      expect(message.key).toBe(`IB-${regNo}`);
      expect(eventRegistry.validate(JSON.parse(message.value))).toMatchObject({ ok: true });

      const read = await call('GET', `/api/v1/penalties/${created.body.id}`, undefined, as(h.tokens.reader));
      expect(read.body.subject).toMatchObject({ code: PLACEHOLDER, registrationNumber: regNo });
    });

    it.each([
      ['the placeholder without a registration number', { name: '某小吃店', kind: 'INDIVIDUAL_BUSINESS', code: PLACEHOLDER }, 'subject.registrationNumber'],
      ['the placeholder for a legal person', { name: '某公司', kind: 'LEGAL_PERSON', code: PLACEHOLDER, registrationNumber: registrationNumber() }, 'subject.code'],
      ['a malformed registration number', { name: '某小吃店', kind: 'INDIVIDUAL_BUSINESS', code: PLACEHOLDER, registrationNumber: '45010000001' }, 'subject.registrationNumber'],
      ['an organisation code with a wrong check character', { name: '某公司', kind: 'LEGAL_PERSON', code: freshUscc(), organizationCode: 'MA5K1234-8' }, 'subject.organizationCode'],
      ['a document type on an organisation', { name: '某公司', kind: 'LEGAL_PERSON', code: freshUscc(), documentType: 'PASSPORT' }, 'subject.documentType'],
      ['a document of an unknown type', { name: '某公司', kind: 'LEGAL_PERSON', code: freshUscc(), legalRepresentativeDocument: { type: 'DRIVING_LICENCE', number: 'X1' } }, 'subject.legalRepresentativeDocument.type'],
    ])('refuses %s: 400 naming the field, nothing stored', async (_case, subject, field) => {
      const body = penalty({ subject });
      const refused = await call('POST', '/api/v1/penalties', body, as(h.tokens.submitter));
      expect(refused.status).toBe(400);
      expect(refused.contentType).toContain('application/problem+json');
      expect(fieldsOf(refused.body)).toContain(field);
      const [{ n }] = await query(`SELECT count(*)::int AS n FROM penalties WHERE decision_number = $1`, [body.decisionNumber]);
      expect(n).toBe(0);
    });

    it("keeps the legal representative's ID number out of events and answers: masked only", async () => {
      const idNumber = freshCitizenId();
      const body = penalty({
        subject: {
          name: '南宁市示例科技有限公司',
          kind: 'LEGAL_PERSON',
          code: freshUscc(),
          legalRepresentative: '李四',
          legalRepresentativeDocument: { type: 'ID_CARD', number: idNumber },
          organizationCode: 'MA5K1234-7',
        },
      });
      const created = await call('POST', '/api/v1/penalties', body, as(h.tokens.submitter));
      expect(created.status).toBe(201);
      expect(JSON.stringify(created.body)).not.toContain(idNumber);

      const stored = await query(`SELECT data::text AS data FROM events WHERE stream_id = $1`, [`penalty-${created.body.id}`]);
      expect(stored).toHaveLength(1);
      expect(stored[0].data).not.toContain(idNumber);
      expect(stored[0].data).toContain(maskIdNumber(idNumber));
      const [row] = await query(`SELECT record::text AS record FROM penalties WHERE id = $1`, [created.body.id]);
      expect(row.record).not.toContain(idNumber);

      const read = await call('GET', `/api/v1/penalties/${created.body.id}`, undefined, as(h.tokens.reader));
      expect(read.status).toBe(200);
      expect(read.text).not.toContain(idNumber);
      expect(read.body.subject).toMatchObject({
        legalRepresentativeDocument: { type: 'ID_CARD', maskedNumber: maskIdNumber(idNumber) },
        organizationCode: 'MA5K12347',
      });
    });

    it('refuses an ID-card document number failing GB 11643 without echoing it', async () => {
      const good = freshCitizenId();
      const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      const refused = await call(
        'POST',
        '/api/v1/penalties',
        penalty({ subject: { name: '某公司', kind: 'LEGAL_PERSON', code: freshUscc(), legalRepresentativeDocument: { type: 'ID_CARD', number: bad } } }),
        as(h.tokens.submitter),
      );
      expect(refused.status).toBe(400);
      expect(fieldsOf(refused.body)).toEqual(['subject.legalRepresentativeDocument.number']);
      expect(refused.text).not.toContain(bad);
    });

    it('accepts a natural person identified by passport: keyed NP-, number only masked', async () => {
      const passport = `E${randomInt(10_000_000, 99_999_999)}`;
      const created = await call('POST', '/api/v1/penalties', penalty({ subject: { name: '约翰', kind: 'NATURAL_PERSON', code: passport, documentType: 'PASSPORT' } }), as(h.tokens.submitter));
      expect(created.status).toBe(201);
      const [event] = await eventsOf(`penalty-${created.body.id}`);
      expect(event.subject_key).toMatch(/^NP-/);
      expect(event.data.subject).toMatchObject({ code: null, documentType: 'PASSPORT', maskedCode: maskIdNumber(passport) });
      expect(JSON.stringify(event.data)).not.toContain(passport);
    });
  });

  describe('penalty fields', () => {
    it('requires the suspended or revoked certificate when a category suspends or revokes one', async () => {
      for (const category of ['暂扣许可证件', '吊销许可证件']) {
        const refused = await call('POST', '/api/v1/penalties', penalty({ categories: ['罚款', category] }), as(h.tokens.submitter));
        expect(refused.status).toBe(400);
        expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'suspendedCertificate', message: expect.stringContaining(category) })]);
      }
      const incomplete = await call('POST', '/api/v1/penalties', penalty({ categories: ['吊销许可证件'], suspendedCertificate: { name: '食品经营许可证' } }), as(h.tokens.submitter));
      expect(incomplete.status).toBe(400);
      expect(fieldsOf(incomplete.body)).toContain('suspendedCertificate.number');
    });

    it('stores the certificate, remarks and answers with the publicity deadline', async () => {
      const body = penalty({
        categories: ['罚款', '吊销许可证件'],
        suspendedCertificate: { name: '食品经营许可证', number: 'JY14501000012345' },
        remarks: '当事人已缴纳罚款',
        validUntil: '2099-12-31',
      });
      const created = await call('POST', '/api/v1/penalties', body, as(h.tokens.submitter));
      expect(created.status).toBe(201);
      expect(created.body.publicity.status).toBe('PUBLISHED');
      expect(created.body.publicity.publicityDeadline).toBe(created.body.publicity.maximumUntil);
      const read = await call('GET', `/api/v1/penalties/${created.body.id}`, undefined, as(h.tokens.reader));
      expect(read.body).toMatchObject({
        suspendedCertificate: { name: '食品经营许可证', number: 'JY14501000012345' },
        remarks: '当事人已缴纳罚款',
        fineAmount: '5000.00',
        validUntil: '2099-12-31',
        publicity: { publicityDeadline: created.body.publicity.maximumUntil },
      });

      const withheld = await call('POST', '/api/v1/penalties', penalty({ disclosure: { public: false, reason: '涉及商业秘密' } }), as(h.tokens.submitter));
      expect(withheld.status).toBe(201);
      expect(withheld.body.publicity).toMatchObject({ status: 'NOT_PUBLISHED', publicityDeadline: null });
    });
  });

  describe('licence fields', () => {
    it('takes the category under either name, certificate name, status and remarks; refuses contradicting categories', async () => {
      const body = license({ licenseType: undefined, category: '特许', certificateName: '烟草专卖零售许可证', status: '有效', remarks: '延续' });
      const created = await call('POST', '/api/v1/licenses', body, as(h.tokens.submitter));
      expect(created.status).toBe(201);
      const read = await call('GET', `/api/v1/licenses/${created.body.id}`, undefined, as(h.tokens.reader));
      expect(read.body).toMatchObject({ licenseType: '特许', category: '特许', certificateName: '烟草专卖零售许可证', status: '有效', remarks: '延续' });

      const contradicting = await call('POST', '/api/v1/licenses', license({ licenseType: '普通', category: '特许' }), as(h.tokens.submitter));
      expect(contradicting.status).toBe(400);
      expect(fieldsOf(contradicting.body)).toEqual(['category']);
      const neither = await call('POST', '/api/v1/licenses', license({ licenseType: undefined }), as(h.tokens.submitter));
      expect(neither.status).toBe(400);
      expect(fieldsOf(neither.body)).toContain('licenseType');
    });
  });

  describe('catalog matters on records', () => {
    const define = async (token: string, departmentCode: string, kind: string, code: string, name: string) => {
      const defined = await call('POST', '/api/v1/catalog', { departmentCode, kind, code, name }, as(token));
      expect(defined.status).toBe(201);
      return defined.body;
    };

    it('records the matter with its current catalog version', async () => {
      const code = matterCode();
      await define(h.tokens.submitter, DEPARTMENT, 'PENALTY', code, '对虚假宣传行为的行政处罚');
      const v2 = await define(h.tokens.submitter, DEPARTMENT, 'PENALTY', code, '对虚假宣传行为的处罚');
      expect(v2.version).toBe(2);
      const created = await call('POST', '/api/v1/penalties', penalty({ matterCode: code }), as(h.tokens.submitter));
      expect(created.status).toBe(201);
      const read = await call('GET', `/api/v1/penalties/${created.body.id}`, undefined, as(h.tokens.reader));
      expect(read.body).toMatchObject({ matterCode: code, matterVersion: 2, matterName: '对虚假宣传行为的处罚' });
      const [event] = await eventsOf(`penalty-${created.body.id}`);
      expect(event.data).toMatchObject({ matterCode: code, matterVersion: 2 });

      const licenseMatter = matterCode();
      await define(h.tokens.submitter, DEPARTMENT, 'LICENSE', licenseMatter, '食品经营许可');
      const licensed = await call('POST', '/api/v1/licenses', license({ matterCode: licenseMatter }), as(h.tokens.submitter));
      expect(licensed.status).toBe(201);
      const readLicense = await call('GET', `/api/v1/licenses/${licensed.body.id}`, undefined, as(h.tokens.reader));
      expect(readLicense.body).toMatchObject({ matterCode: licenseMatter, matterVersion: 1 });
    });

    it('refuses with 422 an unknown matter, another department’s matter and a matter of another kind; nothing stored', async () => {
      const theirs = matterCode();
      const taxOffice = freshUscc('11450100');
      const otherSubmitter = await mintToken({ sub: taxOffice, name: 'tax', roles: ['submitter'] });
      await define(otherSubmitter, taxOffice, 'PENALTY', theirs, '对偷税行为的行政处罚');
      const licenceMatter = matterCode();
      await define(h.tokens.submitter, DEPARTMENT, 'LICENSE', licenceMatter, '食品经营许可');

      for (const [code, rule] of [
        [matterCode(), 'record.matter-in-catalog'],
        [theirs, 'record.matter-in-catalog'],
        [licenceMatter, 'record.matter-kind'],
      ]) {
        const body = penalty({ matterCode: code });
        const refused = await call('POST', '/api/v1/penalties', body, as(h.tokens.submitter));
        expect(refused.status).toBe(422);
        expect(refused.contentType).toContain('application/problem+json');
        expect(refused.body).toMatchObject({ rule });
        expect(refused.body.detail).toContain(code);
        const [{ n }] = await query(`SELECT count(*)::int AS n FROM penalties WHERE decision_number = $1`, [body.decisionNumber]);
        expect(n).toBe(0);
      }
    });

    it('refuses a record about a never-record matter whatever field names it', async () => {
      for (const over of [{ violationType: '闯红灯' }, { matterName: '对信访人员的处理' }]) {
        const refused = await call('POST', '/api/v1/penalties', penalty(over), as(h.tokens.submitter));
        expect(refused.status).toBe(422);
        expect(refused.body).toMatchObject({ rule: 'catalog.never-record' });
      }
      const licence = await call('POST', '/api/v1/licenses', license({ matterName: '欠缴物业费' }), as(h.tokens.submitter));
      expect(licence.status).toBe(422);
    });

    it('refuses a malformed matter code with 400', async () => {
      const refused = await call('POST', '/api/v1/penalties', penalty({ matterCode: '不是代码' }), as(h.tokens.submitter));
      expect(refused.status).toBe(400);
      expect(fieldsOf(refused.body)).toEqual(['matterCode']);
    });
  });
});
