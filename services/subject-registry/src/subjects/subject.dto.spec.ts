import { eventRegistry, newEventId, subjectRegisteredV1 } from '@credit/contracts';
import { subjectIdentity } from '@credit/credit-rules';
import { validationErrorsToFields } from '@credit/platform';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { checkRegistration } from './registration.rules';
import { RegisterSubjectDto } from './subject.dto';

/**
 * Whatever `POST /subjects` accepts, every consumer of subject-registered accepts. The registry
 * publishes names as given (it does not mask them), so the edge refuses a clear ID number in them.
 */
const settings = { subjectIdentity: subjectIdentity({ secret: 'a-secret-of-at-least-thirty-two-characters' }) };

const body = (over: Record<string, unknown> = {}) => ({
  code: '91450100MA5K12347C',
  name: '南宁市示例科技有限公司',
  kind: 'LEGAL_PERSON',
  legalRepresentative: '王五',
  registeredOn: '2019-06-01',
  registrationAuthority: '南宁市市场监督管理局',
  legacyCodes: [{ scheme: 'REGISTRATION_NO', value: '450100000012345' }],
  ...over,
});

function intake(raw: Record<string, unknown>): { accepted: false; fields: string[] } | { accepted: true; consumersAccept: boolean } {
  const dto = plainToInstance(RegisterSubjectDto, raw);
  const shape = validationErrorsToFields(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }));
  if (shape.length > 0) return { accepted: false, fields: shape.map((f) => f.field) };
  const checked = checkRegistration(dto, settings);
  if (!checked.ok) return { accepted: false, fields: checked.errors.map((e) => e.field) };
  const at = '2026-05-11T01:30:00.123Z';
  const verdict = eventRegistry.validate({
    id: newEventId(), type: subjectRegisteredV1.type, version: 1, stream: `subject-${checked.subjectKey}`, streamVersion: 1,
    subjectKey: checked.subjectKey, occurredAt: at, recordedAt: at, correlationId: newEventId(), causationId: null,
    actor: { departmentCode: '11450100007712342F' }, data: checked.event,
  });
  return { accepted: true, consumersAccept: verdict.ok };
}

const TEXT_FIELDS = ['name', 'legalRepresentative', 'registrationAuthority'] as const;

describe('subject registration: the REST edge accepts only what every consumer accepts', () => {
  it('accepts a valid registration and the consumers accept its event', () => {
    expect(intake(body())).toEqual({ accepted: true, consumersAccept: true });
  });

  it.each(TEXT_FIELDS.flatMap((field) => ['  ', 'a\u0000b', '\uDC00', 'a\u202Eb', '南宁\u200B示例', '南宁\n示例', '张三 110101 19900307 7715', '张三 １１０１０１１９９００３０７７７１５'].map((value) => [field, value])))(
    'refuses %s = %j naming the field',
    (field, value) => {
      expect(intake(body({ [field]: value }))).toEqual({ accepted: false, fields: [field] });
    },
  );

  it('refuses a registration date that does not exist, and an ID number as a legacy code', () => {
    expect(intake(body({ registeredOn: '2019-02-29' }))).toEqual({ accepted: false, fields: ['registeredOn'] });
    expect(intake(body({ legacyCodes: [{ scheme: 'TAX_NO', value: '450102199003071238' }] }))).toEqual({ accepted: false, fields: ['legacyCodes.0.value'] });
  });

  it('never accepts a text the consumers would refuse', () => {
    const unit = fc.oneof(
      fc.constantFrom(...'示例公司 \t\n\u0000\u0001\u007F\u0085\u200B\u202E\u2066\u2028\uFEFF\u3000\uD800１１０x-.19900307'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...TEXT_FIELDS), fc.string({ unit, maxLength: 40 }), (field, value) => {
        const result = intake(body({ [field]: value }));
        if (result.accepted) expect(result.consumersAccept).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
