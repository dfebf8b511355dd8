import type { ListEntryCreatedV1, PenaltyPublishedV1, PenaltyRecordedUnpublishedV1 } from '@credit/contracts';
import {
  evolveListEntryFacts,
  evolvePenaltyFacts,
  listEntryInForce,
  penaltyInPublicity,
  publicityDepartureBy,
  type ListEntryFacts,
  type ListEntryFactsEvent,
  type PenaltyFacts,
  type PenaltyFactsEvent,
} from './record-facts.rules';

const P = '00000000-0000-4000-8000-000000000001';

const record = (publicity: PenaltyPublishedV1['publicity'] | PenaltyRecordedUnpublishedV1['publicity'], severity: 'GENERAL' | 'SERIOUS' = 'GENERAL') =>
  ({
    penaltyId: P,
    decisionNumber: 'D-1',
    subject: { kind: 'LEGAL_PERSON', code: 'X', maskedCode: 'X', name: '某公司' },
    violationType: 'v',
    violationFacts: 'f',
    basis: 'b',
    categories: ['罚款'],
    content: 'c',
    fineAmount: '1.00',
    decidedOn: '2024-02-29',
    severity,
    procedure: 'ORDINARY',
    authority: { name: 'A', code: ' 11100000000000001a ' },
    sourceUnit: { name: 'S', code: '11100000000000001A' },
    timely: true,
    publicity,
  }) as PenaltyPublishedV1;

const WINDOW = { status: 'PUBLISHED', regime: 'NDRC-ORDER-58', from: '2024-02-29', minimumUntil: '2024-05-29', maximumUntil: '2025-02-28' } as const;
const WITHHELD = { status: 'NOT_PUBLISHED', regime: 'NDRC-ORDER-58', reason: 'DISCLOSURE_WITHHELD' } as const;

const published: PenaltyFactsEvent = { type: 'double-publicity.penalty-published', data: record(WINDOW) };
const unpublished: PenaltyFactsEvent = { type: 'double-publicity.penalty-recorded-unpublished', data: record(WITHHELD) as unknown as PenaltyRecordedUnpublishedV1 };
const corrected = (publicity: typeof WINDOW | typeof WITHHELD, previousPublicityStatus?: 'PUBLISHED' | 'NOT_PUBLISHED', severity: 'GENERAL' | 'SERIOUS' = 'SERIOUS'): PenaltyFactsEvent => ({
  type: 'double-publicity.penalty-corrected',
  occurredAt: '2024-12-31T16:30:00Z',
  data: { penaltyId: P, reason: 'wrong severity', changes: [], record: record(publicity, severity), ...(previousPublicityStatus && { previousPublicityStatus }) },
});
const withdrawn: PenaltyFactsEvent = {
  type: 'double-publicity.penalty-publicity-withdrawn',
  data: { penaltyId: P, reason: 'REPAIR', repairApplicationId: 'app-1', withdrawnOn: '2024-06-01' },
};

const given = (...events: PenaltyFactsEvent[]): PenaltyFacts | undefined => events.reduce<PenaltyFacts | undefined>(evolvePenaltyFacts, undefined);

describe('penalty facts', () => {
  describe('given nothing known', () => {
    it('when published, then published with its window, severity and normalised authority', () => {
      expect(given(published)).toEqual({
        penaltyId: P,
        recorded: true,
        status: 'PUBLISHED',
        severity: 'GENERAL',
        from: '2024-02-29',
        minimumUntil: '2024-05-29',
        maximumUntil: '2025-02-28',
        decidingUnitCode: '11100000000000001A',
        departure: null,
      });
    });

    it('when recorded unpublished, then not published and without a window', () => {
      expect(given(unpublished)).toMatchObject({ recorded: true, status: 'NOT_PUBLISHED', from: null, minimumUntil: null, maximumUntil: null });
    });

    it('when withdrawn (the record never seen here), then remembered as withdrawn but not recorded', () => {
      expect(given(withdrawn)).toMatchObject({ recorded: false, status: 'WITHDRAWN', severity: null, departure: { reason: 'REPAIR', on: '2024-06-01', repairApplicationId: 'app-1' } });
    });

    it('when corrected out of publicity, then the correction says it was published before: a departure on the Shanghai day', () => {
      expect(given(corrected(WITHHELD, 'PUBLISHED'))).toMatchObject({ status: 'NOT_PUBLISHED', departure: { reason: 'CORRECTION', on: '2025-01-01', note: 'wrong severity' } });
    });

    it('when corrected out of publicity by an earlier event without the previous status, then no departure is known', () => {
      expect(given(corrected(WITHHELD))!.departure).toBeNull();
    });
  });

  describe('given a published penalty', () => {
    it('when corrected, then the corrected severity and window', () => {
      const later = { ...WINDOW, maximumUntil: '2027-02-28' } as const;
      expect(given(published, corrected(later as unknown as typeof WINDOW, 'PUBLISHED'))).toMatchObject({ status: 'PUBLISHED', severity: 'SERIOUS', maximumUntil: '2027-02-28', departure: null });
    });

    it('when corrected out of publicity, then not published, the last window kept, and the departure recorded', () => {
      const facts = given(published, corrected(WITHHELD));
      expect(facts).toMatchObject({ status: 'NOT_PUBLISHED', maximumUntil: '2025-02-28', departure: { reason: 'CORRECTION' } });
    });

    it('when withdrawn, then withdrawn with its departure', () => {
      expect(given(published, withdrawn)).toMatchObject({ recorded: true, status: 'WITHDRAWN', departure: { reason: 'REPAIR', on: '2024-06-01' } });
    });

    it('when the same publication arrives twice, then the facts do not change', () => {
      expect(given(published, published)).toEqual(given(published));
    });
  });

  describe('given a withdrawn penalty (withdrawal is final)', () => {
    it('when the publication arrives late or again, then it stays withdrawn', () => {
      expect(given(withdrawn, published)).toMatchObject({ recorded: true, status: 'WITHDRAWN', severity: 'GENERAL' });
      expect(given(published, withdrawn, published)!.status).toBe('WITHDRAWN');
    });

    it('when corrected back into publicity, then it stays withdrawn', () => {
      expect(given(published, withdrawn, corrected(WINDOW, 'PUBLISHED'))!.status).toBe('WITHDRAWN');
    });

    it('when withdrawn again, then no new departure: the first is kept', () => {
      const state = given(published, withdrawn);
      const again: PenaltyFactsEvent = { ...withdrawn, data: { ...withdrawn.data, reason: 'EXPIRY', withdrawnOn: '2025-02-28' } } as PenaltyFactsEvent;
      expect(publicityDepartureBy(state, again)).toBeNull();
      expect(evolvePenaltyFacts(state, again).departure).toMatchObject({ reason: 'REPAIR' });
    });
  });

  describe('given a penalty corrected out of publicity', () => {
    it('when corrected back in, then published again with the new window (the first departure kept)', () => {
      expect(given(published, corrected(WITHHELD, 'PUBLISHED'), corrected(WINDOW, 'NOT_PUBLISHED'))).toMatchObject({ status: 'PUBLISHED', departure: { reason: 'CORRECTION' } });
    });

    it('when withdrawn after coming back, then the withdrawal is a departure of its own', () => {
      const state = given(published, corrected(WITHHELD, 'PUBLISHED'), corrected(WINDOW, 'NOT_PUBLISHED'));
      expect(publicityDepartureBy(state, withdrawn)).toMatchObject({ reason: 'REPAIR', repairApplicationId: 'app-1' });
    });
  });

  describe('in publicity on a day (the window of 29 February 2024, maximum 28 February 2025)', () => {
    const facts = given(published)!;
    it.each([
      ['the day before the decision', '2024-02-28', false],
      ['the decision day, 29 February', '2024-02-29', true],
      ['the year end', '2024-12-31', true],
      ['the last day of publicity', '2025-02-27', true],
      ['the day publicity stops', '2025-02-28', false],
    ])('when %s (%s), then %s', (_what, day, expected) => {
      expect(penaltyInPublicity(facts, day)).toBe(expected);
    });

    it('when withdrawn or withheld, then not on any day of the window', () => {
      expect(penaltyInPublicity(given(published, withdrawn)!, '2024-03-01')).toBe(false);
      expect(penaltyInPublicity(given(published, corrected(WITHHELD))!, '2024-03-01')).toBe(false);
    });
  });
});

const L = 'l-1';
const created = (validUntil?: string): ListEntryFactsEvent => ({
  type: 'joint-punishment.list-entry-created',
  data: {
    listEntryId: L,
    subjectCode: 'X',
    maskedCode: 'X',
    list: 'BLACK',
    category: 'M',
    basis: { recordIds: [P], document: 'd' },
    initiatingUnit: { name: 'U', code: '11100000000000001a' },
    decidedOn: '2024-02-29',
    ...(validUntil !== undefined && { validUntil }),
  } as ListEntryCreatedV1,
});
const exited: ListEntryFactsEvent = { type: 'joint-punishment.list-entry-exited', data: { listEntryId: L, trigger: 'REPAIR', reason: 'r', exitedOn: '2024-06-01', repairApplicationId: 'app-1' } };
const givenEntry = (...events: ListEntryFactsEvent[]): ListEntryFacts | undefined => events.reduce<ListEntryFacts | undefined>(evolveListEntryFacts, undefined);

describe('list entry facts', () => {
  it('given nothing, when created, then in force with its list, basis, term and initiating unit', () => {
    expect(givenEntry(created('2024-12-31'))).toEqual({
      listEntryId: L,
      recorded: true,
      status: 'IN_FORCE',
      list: 'BLACK',
      recordIds: [P],
      validUntil: '2024-12-31',
      decidingUnitCode: '11100000000000001A',
      exit: null,
    });
  });

  it('given an entry, when it exits, then exited with the trigger and day', () => {
    expect(givenEntry(created(), exited)).toMatchObject({ status: 'EXITED', exit: { trigger: 'REPAIR', on: '2024-06-01', repairApplicationId: 'app-1' } });
  });

  it('given nothing, when an exit arrives (entry never seen here), then remembered exited, not recorded', () => {
    expect(givenEntry(exited)).toMatchObject({ recorded: false, status: 'EXITED', list: null });
  });

  it('given an exited entry, when the creation arrives again or late, or a second exit, then it stays exited with the first exit', () => {
    expect(givenEntry(exited, created())).toMatchObject({ recorded: true, status: 'EXITED', list: 'BLACK' });
    const second: ListEntryFactsEvent = { ...exited, data: { ...exited.data, trigger: 'EXPIRY', exitedOn: '2025-01-01' } } as ListEntryFactsEvent;
    expect(givenEntry(created(), exited, second)!.exit).toMatchObject({ trigger: 'REPAIR', on: '2024-06-01' });
  });

  describe('in force on a day', () => {
    it.each([
      ['the last day of its term, the year end', '2024-12-31', true],
      ['the day after, New Year', '2025-01-01', false],
    ])('given a term until 2024-12-31, when %s (%s), then %s', (_what, day, expected) => {
      expect(listEntryInForce(givenEntry(created('2024-12-31'))!, day)).toBe(expected);
    });

    it('given a term until 29 February 2028, when that day and the day after, then in force and not', () => {
      const facts = givenEntry(created('2028-02-29'))!;
      expect(listEntryInForce(facts, '2028-02-29')).toBe(true);
      expect(listEntryInForce(facts, '2028-03-01')).toBe(false);
    });

    it('given no term, when long after, then in force until it exits', () => {
      expect(listEntryInForce(givenEntry(created())!, '2099-12-31')).toBe(true);
      expect(listEntryInForce(givenEntry(created(), exited)!, '2024-06-02')).toBe(false);
    });
  });
});
