/**
 * Fuzzing the penalty intake (issue 4): fast-check-generated bad payloads for `POST /penalties`
 * against the running service. Each is refused with 400 problem+json, never a 5xx, and nothing is
 * stored. Build first (`npx tsc -b services/double-publicity`).
 */
import { freshUscc, withWrongCheck } from '@credit/testing';
import fc from 'fast-check';
import { as, penalty, useDoublePublicity } from './support/double-publicity.fixture';

const REQUIRED_STRINGS = ['decisionNumber', 'violationType', 'violationFacts', 'basis', 'content', 'decidedOn', 'severity'] as const;
const OBJECTS = ['subject', 'authority', 'sourceUnit'] as const;
const KNOWN_FIELDS = new Set([...REQUIRED_STRINGS, ...OBJECTS, 'categories', 'fineAmount', 'confiscatedAmount', 'validUntil', 'procedure', 'specialSector', 'disclosure']);

type Payload = Record<string, unknown>;
type Mutation = { name: string; apply: (p: Payload) => Payload };

const notAString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }));

const wrongType: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.constantFrom(...REQUIRED_STRINGS), notAString).map(([field, value]) => ({ name: `${field} = ${JSON.stringify(value)}`, apply: (p: Payload) => ({ ...p, [field]: value }) })),
  fc.tuple(fc.constantFrom(...OBJECTS), fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([]), fc.constant({}))).map(([field, value]) => ({
    name: `${field} = ${JSON.stringify(value)}`,
    apply: (p: Payload) => ({ ...p, [field]: value }),
  })),
  fc.oneof(fc.string(), fc.integer(), fc.constant([]), fc.constant([1]), fc.constant(['罚没'])).map((value) => ({ name: `categories = ${JSON.stringify(value)}`, apply: (p: Payload) => ({ ...p, categories: value }) })),
  fc.constantFrom(...REQUIRED_STRINGS, ...OBJECTS, 'categories').map((field) => ({
    name: `without ${field}`,
    apply: (p: Payload) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== field)),
  })),
);

// Up to 100 000 characters: three of them (a NUL is 6 bytes of JSON) stay under the 2 MB body limit, above which the answer is 413.
const hugeString: fc.Arbitrary<Mutation> = fc
  .tuple(fc.constantFrom('decisionNumber', 'violationType', 'violationFacts', 'basis', 'content'), fc.integer({ min: 5001, max: 100_000 }), fc.constantFrom('x', '罚', '\u0000'))
  .map(([field, length, char]) => ({ name: `${field} of ${length} × ${JSON.stringify(char)}`, apply: (p: Payload) => ({ ...p, [field]: char.repeat(length) }) }));

const badCode: fc.Arbitrary<Mutation> = fc
  .tuple(
    fc.constantFrom('subject', 'authority'),
    fc.oneof(
      fc.constant(null).map(() => withWrongCheck(freshUscc())),
      fc.string({ maxLength: 40 }).filter((s) => s.length !== 18),
      fc.stringMatching(/^[0-9A-Z]{17}[IOSVZ]$/),
    ),
  )
  .map(([block, code]) => ({ name: `${block}.code = ${JSON.stringify(code)}`, apply: (p: Payload) => ({ ...p, [block]: { ...(p[block] as object), code } }) }));

const badDate: fc.Arbitrary<Mutation> = fc
  .tuple(
    fc.constantFrom('decidedOn', 'validUntil'),
    fc.constantFrom('2025-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-06-31', '20260101', '2026-1-1', '2026-05-11T00:00:00Z', '', '9999-99-99'),
  )
  .map(([field, date]) => ({ name: `${field} = ${date}`, apply: (p: Payload) => ({ ...p, [field]: date }) }));

const badAmount: fc.Arbitrary<Mutation> = fc
  .tuple(fc.constantFrom('fineAmount', 'confiscatedAmount'), fc.oneof(fc.constantFrom('-1', '-0.01', '-5000.00', '1.234', 'abc', '1e5', ' 5', ''), fc.integer({ max: -1 }), fc.double({ max: -0.01 })))
  .map(([field, amount]) => ({ name: `${field} = ${JSON.stringify(amount)}`, apply: (p: Payload) => ({ ...p, [field]: amount }) }));

const unknownField: fc.Arbitrary<Mutation> = fc
  .tuple(fc.string({ minLength: 1, maxLength: 30 }).filter((k) => !KNOWN_FIELDS.has(k)), fc.jsonValue({ maxDepth: 2 }))
  .map(([key, value]) => ({ name: `unknown field ${JSON.stringify(key)}`, apply: (p: Payload) => ({ ...p, [key]: value }) }));

/** One to three faults in an otherwise valid penalty. */
const badPayload = fc.array(fc.oneof(wrongType, hugeString, badCode, badDate, badAmount, unknownField), { minLength: 1, maxLength: 3 });

describe('double-publicity penalty intake under fuzzing', () => {
  const h = useDoublePublicity('fuzz');
  const { call, query } = h;
  const stored = async () => (await query(`SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM penalties)::int AS penalties`))[0];

  it('answers every bad payload with 400 problem+json, never 5xx, and stores nothing', async () => {
    const before = await stored();
    await fc.assert(
      fc.asyncProperty(badPayload, async (mutations) => {
        const payload = mutations.reduce((p, m) => m.apply(p), penalty() as Payload);
        const response = await call('POST', '/api/v1/penalties', payload, as(h.tokens.submitter));
        if (response.status !== 400 || !response.contentType.includes('application/problem+json')) {
          throw new Error(`${mutations.map((m) => m.name).join('; ')} → ${response.status} ${response.text.slice(0, 300)}`);
        }
        expect(response.body.errors?.length ?? 0).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
    expect(await stored()).toEqual(before);
    // The service is still healthy after all of it.
    expect((await call('GET', '/health')).status).toBe(200);
  }, 120_000);
});
