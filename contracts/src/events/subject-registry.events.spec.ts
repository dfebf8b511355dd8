import fc from 'fast-check';
import { newEventId } from '../ids';
import { createCatalogRegistry } from './index';
import {
  SubjectRegisteredV1,
  codeQualityFindingRecordedV1,
  legacyCodeAddedV1,
  subjectRegisteredV1,
} from './subject-registry.events';

const registry = createCatalogRegistry();

function event(type: string, data: unknown, subjectKey = '91450100MA5K12347C') {
  return {
    id: newEventId(),
    type,
    version: 1,
    stream: `subject-${subjectKey.slice(0, 12)}`,
    streamVersion: 1,
    subjectKey,
    occurredAt: '2025-03-04T09:30:00+08:00',
    recordedAt: '2025-03-04T09:30:01+08:00',
    correlationId: newEventId(),
    causationId: null,
    actor: { departmentCode: '11450100007712342F' },
    data,
  };
}

const HMAC_KEY = 'k1:9c1185a5c5e9fc54612808977ee8f548b2258d31e3f6a1e1a0ef8f2b9d5d4a07';

const legalPerson: SubjectRegisteredV1 = {
  kind: 'LEGAL_PERSON',
  code: '91450100MA5K12347C',
  maskedCode: '91450100MA5K12347C',
  name: '南宁市示例科技有限公司',
  legalRepresentative: '李四',
  registeredOn: '2018-03-15',
  registrationAuthority: '南宁市市场监督管理局',
  legacyCodes: [
    { scheme: 'REGISTRATION_NO', value: '450100000123456' },
    { scheme: 'ORGANIZATION_CODE', value: 'MA5K1234-7' },
    { scheme: 'TAX_NO', value: '450100MA5K12347' },
  ],
};

const naturalPerson: SubjectRegisteredV1 = {
  kind: 'NATURAL_PERSON',
  code: null,
  maskedCode: '450102********1238',
  name: '张三',
  legacyCodes: [],
};

function check(type: string, data: unknown, subjectKey?: string) {
  return registry.validate(event(type, data, subjectKey));
}

function failingPaths(type: string, data: unknown, subjectKey?: string): string[] {
  const result = check(type, data, subjectKey);
  if (result.ok) return [];
  expect(result.reason).toBe('invalid-data');
  return result.errors.map((e) => e.path);
}

/** A citizen ID number (GB 11643-1999) with a real birth date and a correct check character. */
const citizenIdNumber = fc
  .record({
    address: fc.integer({ min: 110000, max: 829999 }),
    birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ address, birth, sequence }) => {
    const body = `${address}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...body].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
    return body + '10X98765432'[sum % 11];
  });

describe('subject-registry.subject-registered v1', () => {
  it.each([
    ['a legal person', legalPerson],
    ['an individual business', { ...legalPerson, kind: 'INDIVIDUAL_BUSINESS', code: '92451000MA5P77882E', maskedCode: '92451000MA5P77882E', legacyCodes: [] }],
    ['another organisation', { ...legalPerson, kind: 'OTHER_ORGANIZATION', code: '11450100007712342F', maskedCode: '11450100007712342F' }],
    ['a natural person', naturalPerson],
    ['a natural person whose number ends in X', { ...naturalPerson, maskedCode: '110105********002X' }],
  ])('accepts %s', (_case, data) => {
    const subjectKey = (data as SubjectRegisteredV1).code ?? HMAC_KEY;
    expect(check(subjectRegisteredV1.type, data, subjectKey)).toMatchObject({ ok: true });
  });

  it('refuses a natural person carrying the clear ID number as code or masked code', () => {
    expect(failingPaths(subjectRegisteredV1.type, { ...naturalPerson, code: '450102199003071238' }, HMAC_KEY)).toEqual(['/data/code']);
    expect(
      failingPaths(subjectRegisteredV1.type, { ...naturalPerson, maskedCode: '450102199003071238' }, HMAC_KEY),
    ).toEqual(['/data/maskedCode']);
    expect(
      failingPaths(subjectRegisteredV1.type, { ...naturalPerson, maskedCode: '4501021990****1238' }, HMAC_KEY),
    ).toEqual(['/data/maskedCode']);
  });

  it('refuses legacy codes on a natural person (the only one would be the ID number)', () => {
    const data = { ...naturalPerson, legacyCodes: [{ scheme: 'REGISTRATION_NO', value: '450100000123456' }] };
    expect(failingPaths(subjectRegisteredV1.type, data, HMAC_KEY)).toEqual(['/data/legacyCodes']);
  });

  it('never lets a clear citizen ID number through any text field of a natural person', () => {
    fc.assert(
      fc.property(
        citizenIdNumber,
        fc.constantFrom('maskedCode', 'name', 'legalRepresentative', 'registrationAuthority'),
        fc.string({ maxLength: 5 }),
        (idNumber, field, prefix) => {
          const data = { ...naturalPerson, [field]: `${prefix}${idNumber}` };
          expect(failingPaths(subjectRegisteredV1.type, data, HMAC_KEY)).toContain(`/data/${field}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses an organisation whose code does not have the shape of a USCC', () => {
    expect(failingPaths(subjectRegisteredV1.type, { ...legalPerson, code: null })).toEqual(['/data/code']);
    // I, O, S, V and Z are not in the USCC alphabet.
    expect(failingPaths(subjectRegisteredV1.type, { ...legalPerson, code: '91450100MA5K1234OC' })).toEqual(['/data/code']);
    expect(
      failingPaths(subjectRegisteredV1.type, { ...legalPerson, maskedCode: '91450100MA5K12347' }),
    ).toEqual(['/data/maskedCode']);
  });

  it('refuses a legal representative or a legacy tax number carrying an ID number', () => {
    const data = {
      ...legalPerson,
      kind: 'INDIVIDUAL_BUSINESS',
      code: '92451000MA5P77882E',
      maskedCode: '92451000MA5P77882E',
      legalRepresentative: '王五 11010519491231002X',
      legacyCodes: [{ scheme: 'TAX_NO', value: '45010219900307123801' }],
    };
    expect(failingPaths(subjectRegisteredV1.type, data, '92451000MA5P77882E').sort()).toEqual([
      '/data/legacyCodes/0/value',
      '/data/legalRepresentative',
    ]);
    const result = check(subjectRegisteredV1.type, data, '92451000MA5P77882E');
    expect(!result.ok && result.errors[0].message).toMatch(/citizen ID number/);
  });

  it('checks the organisation code shape and the registration date', () => {
    const data = {
      ...legalPerson,
      registeredOn: '2018-02-30',
      legacyCodes: [{ scheme: 'ORGANIZATION_CODE', value: 'ma5k1234-7' }],
    };
    expect(failingPaths(subjectRegisteredV1.type, data).sort()).toEqual(['/data/legacyCodes/0/value', '/data/registeredOn']);
  });

  it('refuses a subject without kind or name', () => {
    const { kind: _kind, name: _name, ...rest } = legalPerson;
    expect(failingPaths(subjectRegisteredV1.type, rest).sort()).toEqual(['/data/kind', '/data/name']);
  });
});

describe('subject-registry.legacy-code-added v1', () => {
  it('accepts a legacy code', () => {
    expect(check(legacyCodeAddedV1.type, { scheme: 'REGISTRATION_NO', value: '企合桂总字第001234号' }).ok).toBe(true);
  });

  it('refuses an unknown scheme, an empty value and an ID number', () => {
    expect(failingPaths(legacyCodeAddedV1.type, { scheme: 'LICENCE_NO', value: 'x' })).toEqual(['/data/scheme']);
    expect(failingPaths(legacyCodeAddedV1.type, { scheme: 'TAX_NO', value: '' })).toEqual(['/data/value']);
    expect(failingPaths(legacyCodeAddedV1.type, { scheme: 'TAX_NO', value: '450102199003071238' })).toEqual(['/data/value']);
  });
});

describe('subject-registry.code-quality-finding-recorded v1', () => {
  const finding = { finding: 'DUPLICATE_CODE', field: 'code', detail: 'code also registered to 南宁市另一公司' };

  it('accepts a finding', () => {
    expect(check(codeQualityFindingRecordedV1.type, finding).ok).toBe(true);
    expect(check(codeQualityFindingRecordedV1.type, { ...finding, field: 'legacyCodes.0.value' }).ok).toBe(true);
  });

  it('refuses an unknown finding and a detail quoting an ID number', () => {
    expect(failingPaths(codeQualityFindingRecordedV1.type, { ...finding, finding: 'WRONG_NAME' })).toEqual(['/data/finding']);
    expect(
      failingPaths(codeQualityFindingRecordedV1.type, {
        ...finding,
        finding: 'INVALID_CODE',
        detail: 'check digit of 431102198511110021 does not match',
      }, HMAC_KEY),
    ).toEqual(['/data/detail']);
  });
});
