import type { CommitmentEvidence, CommitmentSignedV2 } from '@credit/contracts';
import { provisionalCalendarYear, WorkingDayCalendar, type PublishedCalendarYear } from '@credit/domain-kernel';
import { deciderSpec } from '@credit/testing';
import {
  CommitmentNotFound,
  CommitmentRuleViolation,
  commitmentDecider,
  NotTheAcceptingUnit,
  verificationLate,
  verificationOverdue,
  type CommitmentEvent,
  type CommitmentState,
} from './commitment.decider';

const ACCEPTING_UNIT = '11450100007712342F';
const OTHER_UNIT = '91450100MA5K12347C';
const signed = (overrides: Partial<CommitmentSignedV2> = {}): CommitmentSignedV2 => ({
  commitmentId: 'c-1',
  subject: { kind: 'LEGAL_PERSON', code: '91450100MA5K12347C', maskedCode: '91450100MA5K12347C' },
  type: 'CREDIT_REPAIR',
  matter: '信用修复承诺',
  text: '本单位承诺已纠正失信行为并依法履行义务',
  signedOn: '2025-09-01',
  public: true,
  acceptingUnit: { name: '南宁市发展和改革委员会', code: ACCEPTING_UNIT },
  ...overrides,
});
const spec = deciderSpec(commitmentDecider);
const signedEvent = (overrides: Partial<CommitmentSignedV2> = {}): CommitmentEvent => ({ type: 'commitments.commitment-signed', version: 2, data: signed(overrides) });
const acceptingUnit = { departmentCode: ACCEPTING_UNIT, roles: ['submitter'] };
const fulfilment = (outcome: 'FULFILLED' | 'BREACHED' | 'FALSE', decidedOn = '2026-01-10', by = acceptingUnit, evidence?: CommitmentEvidence[]) => ({
  type: 'RecordFulfilment' as const,
  data: { commitmentId: 'c-1', outcome, note: '经核查', decidedOn, ...(evidence && { evidence }) },
  by,
});
/** The evidence the matters of these specs require. */
const SITE_CHECK: CommitmentEvidence = { item: '现场核查记录', reference: '南审批核〔2025〕118号' };
const closure = (status: 'EXPIRED' | 'WITHDRAWN', decidedOn = '2026-01-10', by = acceptingUnit) => ({
  type: 'CloseCommitment' as const,
  data: { commitmentId: 'c-1', status, reason: '承诺期满', decidedOn },
  by,
});
const refusal = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
};
const stateAfter = (events: CommitmentEvent[]): CommitmentState => events.reduce(commitmentDecider.evolve, commitmentDecider.initialState());

describe('commitment decider', () => {
  it('signs a public credit-repair commitment (as version 2 of the signature)', () => {
    spec.given([]).when({ type: 'SignCommitment', data: signed() }).then([signedEvent()]);
  });

  it('refuses a credit-repair commitment that is not public (domain.md §4)', () => {
    const decide = () => spec.given([]).when({ type: 'SignCommitment', data: signed({ public: false }) }).events();
    expect(decide).toThrow(CommitmentRuleViolation);
    expect(decide).toThrow(/must be public/);
  });

  it('accepts a non-public commitment of another type', () => {
    expect(spec.given([]).when({ type: 'SignCommitment', data: signed({ type: 'DEFICIENCY_TOLERANCE', public: false }) }).events()).toHaveLength(1);
  });

  describe('lifecycle: IN_FORCE → VERIFIED_FULFILLED | BREACHED | FALSE | EXPIRED | WITHDRAWN', () => {
    it.each([
      ['FULFILLED', 'VERIFIED_FULFILLED'],
      ['BREACHED', 'BREACHED'],
      ['FALSE', 'FALSE'],
    ] as const)('a finding %s by the accepting unit ends the commitment %s', (outcome, status) => {
      const events = spec.given([signedEvent()]).when(fulfilment(outcome)).events();
      expect(events).toEqual([{ type: 'commitments.commitment-fulfilment-recorded', data: fulfilment(outcome).data }]);
      expect(stateAfter([signedEvent(), ...events])).toMatchObject({ status: 'DECIDED', ended: status, how: 'fulfilment', decidedOn: '2026-01-10' });
    });

    it('withdrawal by the accepting unit ends it WITHDRAWN', () => {
      const events = spec.given([signedEvent()]).when(closure('WITHDRAWN')).events();
      expect(events).toEqual([{ type: 'commitments.commitment-closed', data: closure('WITHDRAWN').data }]);
      expect(stateAfter([signedEvent(), ...events])).toMatchObject({ status: 'DECIDED', ended: 'WITHDRAWN', how: 'closure' });
    });

    it('expiry once the term has run out ends it EXPIRED', () => {
      const events = spec.given([signedEvent({ validUntil: '2025-12-31' })]).when(closure('EXPIRED', '2026-01-01')).events();
      expect(stateAfter([signedEvent({ validUntil: '2025-12-31' }), ...events])).toMatchObject({ status: 'DECIDED', ended: 'EXPIRED' });
    });

    it('an administrator decides for any accepting unit', () => {
      expect(spec.given([signedEvent()]).when(fulfilment('BREACHED', '2026-01-10', { departmentCode: OTHER_UNIT, roles: ['admin'] })).events()).toHaveLength(1);
    });
  });

  describe('refusals', () => {
    it('another unit may not decide (→ 403), whatever its role', () => {
      const other = { departmentCode: OTHER_UNIT, roles: ['submitter', 'reviewer'] };
      expect(refusal(() => spec.given([signedEvent()]).when(fulfilment('BREACHED', '2026-01-10', other)).events())).toBeInstanceOf(NotTheAcceptingUnit);
      expect(refusal(() => spec.given([signedEvent()]).when(closure('WITHDRAWN', '2026-01-10', other)).events())).toBeInstanceOf(NotTheAcceptingUnit);
    });

    it('a finding is recorded once; a second one is refused with the rule (→ 409)', () => {
      const first = spec.given([signedEvent()]).when(fulfilment('BREACHED')).events();
      const error = refusal(() => spec.given([signedEvent(), ...first]).when(fulfilment('FULFILLED')).events());
      expect(error).toBeInstanceOf(CommitmentRuleViolation);
      expect((error as CommitmentRuleViolation).rule).toBe('fulfilment-recorded-once');
    });

    it('an ended commitment is decided once: no closure after a finding, no finding after a withdrawal (→ 409)', () => {
      const breached = spec.given([signedEvent()]).when(fulfilment('BREACHED')).events();
      expect((refusal(() => spec.given([signedEvent(), ...breached]).when(closure('WITHDRAWN')).events()) as CommitmentRuleViolation).rule).toBe('commitment-decided-once');
      const withdrawn = spec.given([signedEvent()]).when(closure('WITHDRAWN')).events();
      const error = refusal(() => spec.given([signedEvent(), ...withdrawn]).when(fulfilment('FULFILLED')).events()) as CommitmentRuleViolation;
      expect(error.rule).toBe('commitment-decided-once');
      expect(error.message).toMatch(/already ended as WITHDRAWN on 2026-01-10/);
    });

    it('refuses expiry before the term has run out, saying from when (→ 422), and for a commitment without a term', () => {
      const early = refusal(() => spec.given([signedEvent({ validUntil: '2025-12-31' })]).when(closure('EXPIRED', '2025-12-31')).events()) as CommitmentRuleViolation;
      expect(early).toMatchObject({ rule: 'commitment-expires-after-term', allowedFrom: '2026-01-01' });
      expect(early.message).toMatch(/expires from 2026-01-01/);
      const noTerm = refusal(() => spec.given([signedEvent()]).when(closure('EXPIRED')).events()) as CommitmentRuleViolation;
      expect(noTerm.rule).toBe('commitment-expires-after-term');
    });

    it('refuses a finding dated before the signature, and a finding on an unknown commitment', () => {
      expect(() => spec.given([signedEvent()]).when(fulfilment('FULFILLED', '2025-08-31')).events()).toThrow(/before the signature/);
      spec.given([]).when(fulfilment('FULFILLED')).thenThrows(CommitmentNotFound);
      spec.given([]).when(closure('WITHDRAWN')).thenThrows(CommitmentNotFound);
    });
  });

  describe('verification due by the matter', () => {
    const underMatter = signedEvent({
      type: 'APPROVAL_REPLACEMENT',
      matterRef: { departmentCode: ACCEPTING_UNIT, code: 'M-1', version: 1 },
      verification: { workingDays: 20, evidenceRequired: ['现场核查记录'], dueOn: '2025-09-29', provisional: false, calendar: [{ year: 2025, version: 1, provisional: false }] },
      consequenceOnBreach: 'LIST_NOMINATION',
    });

    it('is overdue while in force after its day, not before, and not once decided', () => {
      expect(verificationOverdue(stateAfter([underMatter]), '2025-09-29')).toBe(false);
      expect(verificationOverdue(stateAfter([underMatter]), '2025-09-30')).toBe(true);
      const decided = spec.given([underMatter]).when(fulfilment('FULFILLED', '2025-10-10', acceptingUnit, [SITE_CHECK])).events();
      expect(verificationOverdue(stateAfter([underMatter, ...decided]), '2025-10-10')).toBe(false);
    });

    it('a 容缺受理 commitment whose papers were not supplied by its day is breached by the scan; not before, not once decided, not another type', () => {
      const deficiency = signedEvent({ ...(underMatter.data as CommitmentSignedV2), type: 'DEFICIENCY_TOLERANCE' });
      const scan = (today: string) => ({ type: 'BreachLapsedDeficiency' as const, data: { commitmentId: 'c-1', today } });
      expect(spec.given([deficiency]).when(scan('2025-09-30')).events()).toEqual([
        {
          type: 'commitments.commitment-fulfilment-recorded',
          data: { commitmentId: 'c-1', outcome: 'BREACHED', note: expect.stringContaining('2025-09-29'), decidedOn: '2025-09-30' },
        },
      ]);
      spec.given([deficiency]).when(scan('2025-09-29')).then([]);
      const supplied = spec.given([deficiency]).when(fulfilment('FULFILLED', '2025-09-20', acceptingUnit, [SITE_CHECK])).events();
      spec.given([deficiency, ...supplied]).when(scan('2025-10-30')).then([]);
      spec.given([underMatter]).when(scan('2025-10-30')).then([]);
      spec.given([signedEvent({ type: 'DEFICIENCY_TOLERANCE' })]).when(scan('2099-01-01')).then([]);
    });

    it('flags a finding recorded after its day as late; one on the day is on time; a commitment without a matter is never late', () => {
      expect(verificationLate('2025-09-29', '2025-09-30')).toBe(true);
      expect(verificationLate('2025-09-29', '2025-09-29')).toBe(false);
      expect(verificationLate(undefined, '2099-01-01')).toBe(false);
      expect(verificationOverdue(stateAfter([signedEvent()]), '2099-01-01')).toBe(false);
    });
  });

  describe('evidence at verification: a finding of fulfilment names what the matter requires', () => {
    const requiring = (evidenceRequired: string[]) =>
      signedEvent({
        type: 'APPROVAL_REPLACEMENT',
        matterRef: { departmentCode: ACCEPTING_UNIT, code: 'M-1', version: 1 },
        verification: { workingDays: 20, evidenceRequired, dueOn: '2025-09-29', provisional: false, calendar: [{ year: 2025, version: 1, provisional: false }] },
        consequenceOnBreach: 'LIST_NOMINATION',
      });
    const LICENCE: CommitmentEvidence = { item: '营业执照副本', reference: '档案号 2025-0042' };
    const PHOTO: CommitmentEvidence = { item: '现场照片', reference: '影像库 IMG-7781' };

    it('with every required item (and one not required), the event carries the evidence', () => {
      const finding = fulfilment('FULFILLED', '2025-09-20', acceptingUnit, [LICENCE, SITE_CHECK, PHOTO]);
      spec.given([requiring(['现场核查记录', '营业执照副本'])]).when(finding).then([{ type: 'commitments.commitment-fulfilment-recorded', data: finding.data }]);
    });

    it('with a required item missing, refused (→ 422) naming it, and allowed once it is supplied', () => {
      const given = spec.given([requiring(['现场核查记录', '营业执照副本'])]);
      const error = refusal(() => given.when(fulfilment('FULFILLED', '2025-09-20', acceptingUnit, [SITE_CHECK, PHOTO])).events()) as CommitmentRuleViolation;
      expect(error).toBeInstanceOf(CommitmentRuleViolation);
      expect(error.rule).toBe('verification-evidence-required');
      expect(error.message).toMatch(/missing: 营业执照副本$/);
      const none = refusal(() => given.when(fulfilment('FULFILLED', '2025-09-20')).events()) as CommitmentRuleViolation;
      expect(none.message).toMatch(/missing: 现场核查记录、营业执照副本$/);
      expect(given.when(fulfilment('FULFILLED', '2025-09-20', acceptingUnit, [SITE_CHECK, LICENCE])).events()).toHaveLength(1);
    });

    it('asks nothing of a breach, of a free-form commitment, or of a matter that requires no evidence', () => {
      spec.given([requiring(['现场核查记录'])]).when(fulfilment('BREACHED', '2025-09-20')).then([{ type: 'commitments.commitment-fulfilment-recorded', data: fulfilment('BREACHED', '2025-09-20').data }]);
      expect(spec.given([signedEvent()]).when(fulfilment('FULFILLED')).events()).toHaveLength(1);
      expect(spec.given([requiring([])]).when(fulfilment('FULFILLED', '2025-09-20')).events()).toHaveLength(1);
    });

    it('a finding on a decided commitment is refused as decided once (→ 409) before any evidence is asked for', () => {
      const given = [requiring(['现场核查记录']), ...spec.given([requiring(['现场核查记录'])]).when(fulfilment('BREACHED', '2025-09-20')).events()];
      expect((refusal(() => spec.given(given).when(fulfilment('FULFILLED', '2025-09-21')).events()) as CommitmentRuleViolation).rule).toBe('fulfilment-recorded-once');
    });
  });

  describe('verification day recomputed when a provisional year is published', () => {
    const shipped = new WorkingDayCalendar();
    // Signed in December: 30 working days reach into January of a year without a published schedule.
    const signedOn = '2026-12-01';
    const provisional = shipped.deadline(signedOn, 30);
    const published2027: PublishedCalendarYear = {
      ...provisionalCalendarYear(2027),
      version: 1,
      source: '国务院办公厅关于2027年部分节假日安排的通知（测试）',
      holidays: [...provisionalCalendarYear(2027).holidays.filter(([from]) => from !== '2027-01-01'), ['2027-01-01', '2027-01-05']],
    };
    const publishedCalendar = shipped.withYear(published2027);
    const publication = { year: 2027, version: 1, calendar: publishedCalendar };
    const recompute = (p = publication) => ({ type: 'RecomputeVerificationDueDate' as const, data: { commitmentId: 'c-1', publication: p } });
    const signedProvisionally = signedEvent({
      signedOn,
      type: 'APPROVAL_REPLACEMENT',
      matterRef: { departmentCode: ACCEPTING_UNIT, code: 'M-1', version: 1 },
      verification: { workingDays: 30, evidenceRequired: [], dueOn: provisional.dueOn, provisional: true, calendar: provisional.calendar },
      consequenceOnBreach: 'NONE',
    });

    it('a day that counted the year provisionally is recomputed on the published calendar, once', () => {
      expect(provisional).toMatchObject({ provisional: true, calendar: [{ year: 2026, provisional: false }, { year: 2027, version: 0, provisional: true }] });
      const moved = publishedCalendar.deadline(signedOn, 30);
      expect(moved.dueOn > provisional.dueOn).toBe(true);
      const events = spec.given([signedProvisionally]).when(recompute()).events();
      expect(events).toEqual([
        {
          type: 'commitments.verification-due-date-recomputed',
          data: {
            commitmentId: 'c-1',
            previousDueOn: provisional.dueOn,
            dueOn: moved.dueOn,
            previousDueBy: provisional.dueBy,
            dueBy: moved.dueBy,
            calendar: [
              { year: 2026, version: 1, provisional: false },
              { year: 2027, version: 1, provisional: false },
            ],
            movedEarlier: false,
            calendarYear: 2027,
            calendarVersion: 1,
          },
        },
      ]);
      const after = stateAfter([signedProvisionally, ...events]);
      expect(verificationOverdue(after, provisional.dueOn)).toBe(false);
      expect(verificationOverdue(after, publishedCalendar.addWorkingDays(moved.dueOn, 1))).toBe(true);
      // The publication delivered again: nothing provisional is left to recompute.
      spec.given([signedProvisionally, ...events]).when(recompute()).then([]);
    });

    it('a day computed on published years only is left alone, as is one whose period does not reach the year', () => {
      const published = signedEvent({
        ...(signedProvisionally.data as CommitmentSignedV2),
        signedOn: '2026-03-02',
        verification: { workingDays: 30, evidenceRequired: [], ...pick(shipped.deadline('2026-03-02', 30)) },
      });
      spec.given([published]).when(recompute()).then([]);
      spec.given([signedProvisionally]).when(recompute({ ...publication, year: 2028 })).then([]);
    });

    it('a decided or free-form commitment is left alone; an unknown one is not found', () => {
      const decided = spec.given([signedProvisionally]).when(closure('WITHDRAWN', '2026-12-02')).events();
      spec.given([signedProvisionally, ...decided]).when(recompute()).then([]);
      spec.given([signedEvent()]).when(recompute()).then([]);
      spec.given([]).when(recompute()).thenThrows(CommitmentNotFound);
    });
  });
});

/** The verification fields of a deadline, as a signature records them. */
function pick(deadline: { dueOn: string; provisional: boolean; calendar: { year: number; version: number; provisional: boolean }[] }) {
  return { dueOn: deadline.dueOn, provisional: deadline.provisional, calendar: deadline.calendar };
}
