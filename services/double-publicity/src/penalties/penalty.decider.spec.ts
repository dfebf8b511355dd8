import { eventRegistry, newEventId, type PenaltyPublishedV1, type PenaltyRecordedUnpublishedV1 } from '@credit/contracts';
import { deciderSpec } from '@credit/testing';
import {
  PenaltyAlreadyRecorded,
  penaltyDecider,
  PenaltyNotInPublicity,
  PenaltyNotRecorded,
  penaltyStream,
  type PenaltyCommand,
  type PenaltyEvent,
} from './penalty.decider';

const spec = deciderSpec(penaltyDecider);

const penaltyId = newEventId();
const published: PenaltyPublishedV1 = {
  penaltyId,
  decisionNumber: '南市监处罚〔2026〕88号',
  subject: { kind: 'LEGAL_PERSON', code: '91450100MA5K12347C', maskedCode: '91450100MA5K12347C', name: '南宁市示例科技有限公司' },
  violationType: '虚假宣传',
  violationFacts: '在官网发布虚假宣传内容',
  basis: '《反不正当竞争法》第二十条',
  categories: ['警告', '罚款'],
  content: '警告并处罚款五千元',
  fineAmount: '5000.00',
  decidedOn: '2026-05-11',
  severity: 'GENERAL',
  procedure: 'ORDINARY',
  authority: { name: '南宁市市场监督管理局', code: '11450100007712342F' },
  sourceUnit: { name: '南宁市市场监督管理局', code: '11450100007712342F' },
  timely: true,
  publicity: { status: 'PUBLISHED', regime: 'NDRC-2025-ORDER-36', from: '2026-05-11', minimumUntil: '2026-08-11', maximumUntil: '2027-05-11' },
};
const withheld: PenaltyRecordedUnpublishedV1 = {
  ...published,
  publicity: { status: 'NOT_PUBLISHED', regime: 'NDRC-2025-ORDER-36', reason: 'DISCLOSURE_WITHHELD', note: '涉及商业秘密' },
};
const repair: PenaltyCommand = {
  type: 'WithdrawPublicity',
  data: { reason: 'REPAIR', repairApplicationId: 'repair-1', note: '已履行处罚义务并作出信用承诺', withdrawnOn: '2026-09-01' },
};
const recordedEvent: PenaltyEvent = { type: 'double-publicity.penalty-published', data: published };
const withdrawnByRepair: PenaltyEvent = {
  type: 'double-publicity.penalty-publicity-withdrawn',
  data: { penaltyId, reason: 'REPAIR', repairApplicationId: 'repair-1', note: '已履行处罚义务并作出信用承诺', withdrawnOn: '2026-09-01' },
};

/** Every decided event must pass the contract the consumers validate with. */
function expectValidPerContract(events: PenaltyEvent[]) {
  for (const event of events) {
    const result = eventRegistry.validate({
      id: newEventId(),
      type: event.type,
      version: 1,
      stream: penaltyStream(penaltyId),
      streamVersion: 1,
      subjectKey: '91450100MA5K12347C',
      occurredAt: '2026-05-12T09:30:00+08:00',
      recordedAt: '2026-05-12T09:30:00+08:00',
      correlationId: newEventId(),
      causationId: null,
      actor: { departmentCode: '11450100007712342F' },
      data: event.data,
    });
    expect(result).toMatchObject({ ok: true });
  }
}

describe('penalty record', () => {
  it('is published when its window says so', () => {
    const events = spec.given([]).when({ type: 'RecordPenalty', data: published }).events();
    expect(events).toEqual([recordedEvent]);
    expectValidPerContract(events);
  });

  it('is kept but not published when the source unit withholds it, with the reason', () => {
    const events = spec.given([]).when({ type: 'RecordPenalty', data: withheld }).events();
    expect(events).toEqual([{ type: 'double-publicity.penalty-recorded-unpublished', data: withheld }]);
    expectValidPerContract(events);
  });

  it('is recorded once', () => {
    spec.given([recordedEvent]).when({ type: 'RecordPenalty', data: published }).thenThrows(PenaltyAlreadyRecorded);
  });

  it('leaves publicity when its repair is approved', () => {
    const events = spec.given([recordedEvent]).when(repair).events();
    expect(events).toEqual([withdrawnByRepair]);
    expectValidPerContract(events);
  });

  it('leaves publicity only once for the same repair; another withdrawal afterwards is refused', () => {
    spec.given([recordedEvent, withdrawnByRepair]).when(repair).then([]);
    const revocation: PenaltyCommand = { type: 'WithdrawPublicity', data: { reason: 'REVOCATION', document: '南府复决〔2026〕4号', withdrawnOn: '2026-09-02' } };
    spec.given([recordedEvent, withdrawnByRepair]).when(revocation).thenThrows(PenaltyNotInPublicity);
  });

  it('leaves publicity when the decision is revoked, naming the revoking document', () => {
    const revocation: PenaltyCommand = {
      type: 'WithdrawPublicity',
      data: { reason: 'REVOCATION', document: '南府复决〔2026〕4号', note: '复议撤销', withdrawnOn: '2026-09-02' },
    };
    const events = spec.given([recordedEvent]).when(revocation).events();
    expect(events).toEqual([
      {
        type: 'double-publicity.penalty-publicity-withdrawn',
        data: { penaltyId, reason: 'REVOCATION', document: '南府复决〔2026〕4号', note: '复议撤销', withdrawnOn: '2026-09-02' },
      },
    ]);
    expectValidPerContract(events);
  });

  it('cannot withdraw what was never published, nor a record that does not exist', () => {
    expect(() => spec.given([{ type: 'double-publicity.penalty-recorded-unpublished', data: withheld }]).when(repair).events()).toThrow(
      PenaltyNotInPublicity,
    );
    spec.given([]).when(repair).thenThrows(PenaltyNotRecorded);
  });

  it('stops at the maximum with reason EXPIRY, once', () => {
    const expiry: PenaltyCommand = { type: 'WithdrawPublicity', data: { reason: 'EXPIRY', note: 'maximum publicity period ended on 2027-05-11', withdrawnOn: '2027-05-11' } };
    const events = spec.given([recordedEvent]).when(expiry).events();
    expect(events).toEqual([{ type: 'double-publicity.penalty-publicity-withdrawn', data: { penaltyId, ...expiry.data } }]);
    expectValidPerContract(events);
    spec.given([recordedEvent, ...events]).when(expiry).then([]);
    // Already withdrawn for another reason: nothing left to stop.
    spec.given([recordedEvent, withdrawnByRepair]).when(expiry).thenThrows(PenaltyNotInPublicity);
  });

  it('reminds that the minimum period ended once, and only while the record is in publicity', () => {
    const remind: PenaltyCommand = { type: 'RemindRepairEligible', data: { minimumUntil: '2026-08-11', remindedOn: '2026-08-11' } };
    const events = spec.given([recordedEvent]).when(remind).events();
    expect(events).toEqual([{ type: 'double-publicity.penalty-repair-eligible', data: { penaltyId, minimumUntil: '2026-08-11', remindedOn: '2026-08-11' } }]);
    expectValidPerContract(events);
    spec.given([recordedEvent, ...events]).when(remind).then([]);
    spec.given([recordedEvent, withdrawnByRepair]).when(remind).then([]);
    spec.given([{ type: 'double-publicity.penalty-recorded-unpublished', data: withheld }]).when(remind).then([]);
    spec.given([]).when(remind).thenThrows(PenaltyNotRecorded);
  });

  describe('an approved repair', () => {
    const applyRepair = (repairApplicationId: string): PenaltyCommand => ({
      type: 'ApplyRepair',
      data: { repairApplicationId, note: '已履行处罚义务并作出信用承诺', on: '2026-09-01' },
    });

    it('withdraws a record in publicity, once per application', () => {
      const events = spec.given([recordedEvent]).when(applyRepair('repair-1')).events();
      expect(events).toEqual([withdrawnByRepair]);
      spec.given([recordedEvent, ...events]).when(applyRepair('repair-1')).then([]);
    });

    it('is noted, with the reason, when the record already left publicity or never entered it; once per application', () => {
      const revoked: PenaltyEvent = {
        type: 'double-publicity.penalty-publicity-withdrawn',
        data: { penaltyId, reason: 'REVOCATION', document: '南府复决〔2026〕45号', withdrawnOn: '2026-06-01' },
      };
      const repairId = newEventId();
      const noted = spec.given([recordedEvent, revoked]).when(applyRepair(repairId)).events();
      expect(noted).toEqual([
        { type: 'double-publicity.penalty-repair-noted', data: { penaltyId, repairApplicationId: repairId, alreadyOutOfPublicity: 'REVOCATION', notedOn: '2026-09-01' } },
      ]);
      expectValidPerContract(noted);
      spec.given([recordedEvent, revoked, ...noted]).when(applyRepair(repairId)).then([]);
      // Another repair of the same record gets its own answer.
      expect(spec.given([recordedEvent, revoked, ...noted]).when(applyRepair('repair-2')).events()).toHaveLength(1);

      const unpublished = spec.given([{ type: 'double-publicity.penalty-recorded-unpublished', data: withheld }]).when(applyRepair(repairId)).events();
      expect(unpublished).toEqual([expect.objectContaining({ data: expect.objectContaining({ alreadyOutOfPublicity: 'NOT_PUBLISHED' }) })]);
      // Withdrawn by an earlier repair of another application.
      spec.given([recordedEvent, withdrawnByRepair]).when(applyRepair('repair-2')).then([
        expect.objectContaining({ data: expect.objectContaining({ repairApplicationId: 'repair-2', alreadyOutOfPublicity: 'REPAIR' }) }),
      ]);
      spec.given([]).when(applyRepair(repairId)).thenThrows(PenaltyNotRecorded);
    });

    it('leaves the record out of publicity: a correction afterwards is still refused only for withdrawn records', () => {
      const revoked: PenaltyEvent = {
        type: 'double-publicity.penalty-publicity-withdrawn',
        data: { penaltyId, reason: 'REVOCATION', document: 'd', withdrawnOn: '2026-06-01' },
      };
      const state = spec.given([recordedEvent, revoked, ...spec.given([recordedEvent, revoked]).when(applyRepair('repair-3')).events()]).state;
      expect(state).toMatchObject({ publicity: 'WITHDRAWN', withdrawal: { reason: 'REVOCATION' } });
    });
  });
});
