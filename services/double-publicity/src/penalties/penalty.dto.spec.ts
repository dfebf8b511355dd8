import { eventRegistry, newEventId } from '@credit/contracts';
import { subjectIdentity } from '@credit/credit-rules';
import { validationErrorsToFields } from '@credit/platform';
import { WorkingDayCalendar } from '@credit/domain-kernel';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { penaltyDecider, penaltyStream } from './penalty.decider';
import { RecordPenaltyDto } from './penalty.dto';
import { checkPenalty } from './penalty.rules';

/**
 * Whatever `POST /penalties` accepts, every consumer of the event accepts: the request is checked
 * by the DTO (as the global validation pipe does), then by the intake rules, and the event it
 * becomes is validated against its contract as a consumer validates it.
 */
const calendar = new WorkingDayCalendar();
const settings = { subjectIdentity: subjectIdentity({ secret: 'a-secret-of-at-least-thirty-two-characters' }), calendar };
const penaltyId = '01936f4e-8d3a-7c2b-9a1e-0123456789ab';
const now = new Date('2026-05-18T10:00:00+08:00');

const body = (): Record<string, any> => ({
  decisionNumber: '南市监处罚〔2026〕88号',
  subject: { name: '南宁市示例科技有限公司', kind: 'LEGAL_PERSON', code: '91450100MA5K12347C', legalRepresentative: '王五' },
  violationType: '虚假宣传',
  violationFacts: '在官网发布虚假宣传内容',
  basis: '《反不正当竞争法》第二十条',
  categories: ['罚款', '暂扣许可证件'],
  content: '罚款五千元',
  fineAmount: '5000',
  decidedOn: '2026-05-11',
  severity: 'GENERAL',
  suspendedCertificate: { name: '食品经营许可证', number: 'JY14501000012345' },
  remarks: '备注',
  matterName: '对虚假宣传行为的行政处罚',
  authority: { name: '南宁市市场监督管理局', code: '11450100007712342F' },
  sourceUnit: { name: '南宁市市场监督管理局', code: '11450100007712342F' },
});

const TEXT_FIELDS = [
  'decisionNumber', 'violationType', 'violationFacts', 'basis', 'content', 'remarks', 'matterName',
  'subject.name', 'subject.legalRepresentative', 'authority.name', 'sourceUnit.name', 'suspendedCertificate.name', 'suspendedCertificate.number',
] as const;

function withField(path: string, value: unknown): Record<string, any> {
  const b = body();
  const keys = path.split('.');
  let target = b;
  for (const key of keys.slice(0, -1)) target = target[key];
  target[keys[keys.length - 1]] = value;
  return b;
}

/** The REST edge (DTO, then intake rules) and, when it accepts, the consumers' verdict on the event. */
function intake(raw: Record<string, any>): { accepted: false; fields: string[] } | { accepted: true; consumersAccept: boolean; data: unknown } {
  const dto = plainToInstance(RecordPenaltyDto, raw);
  const shape = validationErrorsToFields(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }));
  if (shape.length > 0) return { accepted: false, fields: shape.map((f) => f.field) };
  const checked = checkPenalty(dto, settings, penaltyId, now);
  if (!checked.ok) return { accepted: false, fields: checked.errors.map((e) => e.field) };
  const [event] = penaltyDecider.decide({ type: 'RecordPenalty', data: checked.record }, penaltyDecider.initialState());
  const at = now.toISOString();
  const verdict = eventRegistry.validate({
    id: newEventId(), type: event.type, version: 1, stream: penaltyStream(penaltyId), streamVersion: 1, subjectKey: checked.subjectKey,
    occurredAt: at, recordedAt: at, correlationId: newEventId(), causationId: null, actor: { departmentCode: '11450100007712342F' }, data: event.data,
  });
  return { accepted: true, consumersAccept: verdict.ok, data: event.data };
}

describe('penalty intake: the REST edge accepts only what every consumer accepts', () => {
  it('accepts the valid record and the consumers accept its event', () => {
    expect(intake(body())).toMatchObject({ accepted: true, consumersAccept: true });
  });

  it.each(TEXT_FIELDS.flatMap((field) => [
    [field, '   '],
    [field, '\u3000\t'],
    [field, 'a\u0000b'],
    [field, 'a\u0007b'],
    [field, 'a\u009Bb'],
    [field, '\uD800'],
    [field, 'a\u202Eb'],
  ]))('refuses %s = %j with 400 naming the field', (field, value) => {
    expect(intake(withField(field, value))).toEqual({ accepted: false, fields: [field] });
  });

  it.each(['decisionNumber', 'subject.name', 'authority.name', 'suspendedCertificate.number', 'matterName'])(
    'refuses a zero-width character or a line break in the name or number %s',
    (field) => {
      expect(intake(withField(field, '南宁\u200B示例'))).toEqual({ accepted: false, fields: [field] });
      expect(intake(withField(field, '南宁\n示例'))).toEqual({ accepted: false, fields: [field] });
    },
  );

  it('keeps line breaks and tabs in long text', () => {
    expect(intake(withField('violationFacts', '第一，……\n第二，……\t（略）'))).toMatchObject({ accepted: true, consumersAccept: true });
  });

  it.each(['110101 19900307 7715', '１１０１０１１９９００３０７７７１５', '110101-1990-0307-7715', '11010519491231002x'])(
    'publishes an ID number written as %j in free text only masked',
    (written) => {
      const result = intake(withField('violationFacts', `当事人（身份证号 ${written}）无证经营`));
      expect(result).toMatchObject({ accepted: true, consumersAccept: true });
      const facts = (result as { data: { violationFacts: string } }).data.violationFacts;
      expect(facts).toMatch(/当事人（身份证号 1101\d\d\*{8}\d{3}[\dX]）无证经营/);
    },
  );

  it('refuses a date that does not exist at the edge', () => {
    expect(intake({ ...body(), decidedOn: '2026-02-30' })).toEqual({ accepted: false, fields: ['decidedOn'] });
  });

  it('never accepts a text the consumers would refuse, whatever the field holds', () => {
    const unit = fc.oneof(
      fc.constantFrom(...'罚款 五千元\t\n\r\u0000\u0001\u007F\u0085\u00AD\u200B\u202E\u2066\u2028\uFEFF\u3000\uD800\uDC00１１０x-.19900307'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...TEXT_FIELDS), fc.string({ unit, maxLength: 40 }), (field, value) => {
        const result = intake(withField(field, value));
        if (result.accepted) expect(result.consumersAccept).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });
});
