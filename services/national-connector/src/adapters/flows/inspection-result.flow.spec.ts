import { eventRegistry, type InspectionResultRecordedV1 } from '@credit/contracts';
import { testEnvelope } from '@credit/testing';
import { plan } from './inspection-result.flow';

const recorded = (subjectKey: string, subjectCode: string) =>
  testEnvelope<InspectionResultRecordedV1>({
    type: 'grading-supervision.inspection-result-recorded',
    subjectKey,
    stream: 'inspection-plan-plan-1',
    data: { planId: 'plan-1', resultId: 'r-1', subjectKey, subjectCode, outcome: 'PROBLEM_FOUND', note: '未按规定公示年报', departmentCode: '11450100007712342F', reportedOn: '2026-11-06' },
  });

describe('inspection result flow', () => {
  it('sends an inspection result of an organisation to 信用中国 under its USCC', () => {
    const event = recorded('91450100MA5K12345X', '91450100MA5K12345X');
    expect(eventRegistry.validate(event).ok).toBe(true);
    expect(plan(event)).toEqual([
      {
        target: 'credit-china',
        endpoint: '/grading/inspection-results',
        payload: {
          resultId: 'r-1',
          planId: 'plan-1',
          outcome: 'PROBLEM_FOUND',
          note: '未按规定公示年报',
          departmentCode: '11450100007712342F',
          reportedOn: '2026-11-06',
          subject: { code: '91450100MA5K12345X', maskedCode: '91450100MA5K12345X' },
        },
      },
    ]);
  });

  it('names a natural person by the masked number and the subject key, never a code', () => {
    const [delivery] = plan(recorded('NP-hmac-key', '450102********1238'));
    expect(delivery.payload.subject).toEqual({ code: null, maskedCode: '450102********1238', subjectKey: 'NP-hmac-key' });
  });

  it('plans nothing for another event', () => {
    expect(plan(testEnvelope({ type: 'grading-supervision.inspection-plan-drawn', subjectKey: null, stream: 's', data: {} }))).toEqual([]);
  });
});
