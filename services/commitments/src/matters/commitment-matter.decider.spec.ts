import type { CommitmentMatterRegisteredV1 } from '@credit/contracts';
import { DomainRuleError, StateConflictError } from '@credit/credit-rules';
import { WorkingDayCalendar } from '@credit/domain-kernel';
import { deciderSpec } from '@credit/testing';
import { checkSignature } from '../commitments/commitment.rules';
import type { SignCommitmentDto } from '../commitments/commitment.dto';
import { commitmentMatterDecider, type CommitmentMatterContent, type CommitmentMatterEvent } from './commitment-matter.decider';
import { fillTemplate, unknownPlaceholders } from './commitment-matter.rules';
import { subjectIdentity } from '@credit/credit-rules';

const UNIT = '11450100007712342F';
const content = (overrides: Partial<CommitmentMatterContent> = {}): CommitmentMatterContent => ({
  departmentCode: UNIT,
  departmentName: '南宁市行政审批局',
  code: 'SPJY-001',
  name: '食品经营许可告知承诺',
  type: 'APPROVAL_REPLACEMENT',
  legalBasis: '《优化营商环境条例》第十九条',
  template: '{subjectName}就{matterName}郑重承诺：所提交材料真实有效。承诺日期：{date}',
  verification: { workingDays: 20, evidenceRequired: ['现场核查记录'] },
  consequenceOnBreach: 'LIST_NOMINATION',
  public: true,
  ...overrides,
});
const registered = (version: number, overrides: Partial<CommitmentMatterContent> = {}): CommitmentMatterEvent => ({
  type: 'commitments.matter-registered',
  data: { ...content(overrides), matterVersion: version },
});
const spec = deciderSpec(commitmentMatterDecider);

describe('commitment matter decider (承诺事项清单)', () => {
  it('registers a new matter as version 1', () => {
    spec.given([]).when({ type: 'RegisterMatter', data: content() }).then([registered(1)]);
  });

  it('a changed matter is the next version; the same content again changes nothing', () => {
    spec.given([registered(1)]).when({ type: 'RegisterMatter', data: content({ verification: { workingDays: 10, evidenceRequired: [] } }) }).then([registered(2, { verification: { workingDays: 10, evidenceRequired: [] } })]);
    spec.given([registered(1)]).when({ type: 'RegisterMatter', data: content() }).then([]);
  });

  it('refuses a stale expectedVersion (→ 409) and accepts the current one', () => {
    spec.given([registered(1), registered(2, { name: '改名' })]).when({ type: 'RegisterMatter', data: content(), expectedVersion: 1 }).thenThrows(StateConflictError);
    spec.given([]).when({ type: 'RegisterMatter', data: content(), expectedVersion: 1 }).thenThrows(StateConflictError);
    expect(spec.given([registered(1)]).when({ type: 'RegisterMatter', data: content({ public: false }), expectedVersion: 1 }).events()).toHaveLength(1);
  });

  it('refuses a credit-repair matter that is not public (→ 422)', () => {
    spec.given([]).when({ type: 'RegisterMatter', data: content({ type: 'CREDIT_REPAIR', public: false }) }).thenThrows(DomainRuleError);
  });
});

describe('templates and a commitment signed under a listed matter', () => {
  const identity = subjectIdentity({ secret: 'x'.repeat(32) });
  const matter: CommitmentMatterRegisteredV1 = { ...content(), matterVersion: 3 };
  const calendar = new WorkingDayCalendar();
  const dto = (overrides: Partial<SignCommitmentDto> = {}): SignCommitmentDto => ({
    subjectCode: '91450100MA5K12347C',
    matterCode: 'SPJY-001',
    subjectName: '南宁市某某食品有限公司',
    signedOn: '2025-09-26',
    acceptingUnit: { name: '南宁市行政审批局', code: UNIT },
    ...overrides,
  });
  const sign = (d: SignCommitmentDto, m: CommitmentMatterRegisteredV1 | null = matter) => checkSignature(d, 'c-1', { subjectIdentity: identity, today: '2026-12-07', calendar, matter: m });

  it('knows its placeholders', () => {
    expect(unknownPlaceholders('{subjectName}{matterName}{date}{acceptingUnitName}')).toEqual([]);
    expect(unknownPlaceholders('{subjectName} {amount}')).toEqual(['amount']);
    expect(fillTemplate('{subjectName}于{date}', { subjectName: '甲', matterName: 'm', date: '2025-01-02', acceptingUnitName: 'u' })).toBe('甲于2025-01-02');
  });

  it('takes type, matter, public and the filled template from the list, and the verification day from the working-day calendar', () => {
    const checked = sign(dto());
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value.event).toMatchObject({
      type: 'APPROVAL_REPLACEMENT',
      matter: '食品经营许可告知承诺',
      public: true,
      text: '南宁市某某食品有限公司就食品经营许可告知承诺郑重承诺：所提交材料真实有效。承诺日期：2025-09-26',
      matterRef: { departmentCode: UNIT, code: 'SPJY-001', version: 3 },
      consequenceOnBreach: 'LIST_NOMINATION',
      // 2025-09-26 + 20 working days: 国庆/中秋 Oct 1–8 are holidays, Sep 28 and Oct 11 (weekends) are working days.
      verification: { workingDays: 20, evidenceRequired: ['现场核查记录'], dueOn: '2025-10-30', provisional: false },
    });
    expect(calendar.workingDaysBetween('2025-09-26', '2025-10-30')).toBe(20);
  });

  it('refuses a matter not on the list (→ 422 naming it) and an edited text or a differing type (→ 422)', () => {
    expect(() => sign(dto(), null)).toThrow(DomainRuleError);
    expect(() => sign(dto(), null)).toThrow(/not on the list of commitment matters/);
    expect(() => sign(dto({ text: '本单位承诺（删去了法律责任条款）' }))).toThrow(/may not edit its clauses/);
    expect(() => sign(dto({ type: 'CREDIT_REPAIR' }))).toThrow(/differs from the list/);
    expect(sign(dto({ text: '南宁市某某食品有限公司就食品经营许可告知承诺郑重承诺：所提交材料真实有效。承诺日期：2025-09-26' })).ok).toBe(true);
  });

  it("requires subjectName when the template names the subject, and the free-form fields without a matter (→ 400 naming them)", () => {
    expect(sign(dto({ subjectName: undefined }))).toMatchObject({ ok: false, errors: [{ field: 'subjectName' }] });
    const free = checkSignature(dto({ matterCode: undefined }), 'c-1', { subjectIdentity: identity, today: '2026-12-07', calendar });
    expect(free.ok ? [] : free.errors.map((e) => e.field)).toEqual(['type', 'matter', 'text', 'public']);
  });
});
