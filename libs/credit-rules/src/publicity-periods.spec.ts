import { addMonths, publicityWindow, regimeOn, type PublicityInput } from './index';

const input = (over: Partial<PublicityInput>): PublicityInput => ({
  decidedOn: '2025-03-10',
  severity: 'GENERAL',
  categories: ['罚款'],
  procedure: 'ORDINARY',
  ...over,
});

describe('publicity regime in force on the decision date', () => {
  it.each([
    ['2019-07-01', 'NDRC-2019-527'],
    ['2023-04-30', 'NDRC-2019-527'],
    ['2023-05-01', 'NDRC-ORDER-58'],
    ['2026-03-31', 'NDRC-ORDER-58'],
    ['2026-04-01', 'NDRC-2025-ORDER-36'],
    ['2030-01-01', 'NDRC-2025-ORDER-36'],
  ])('a decision of %s falls under %s', (decidedOn, regime) => {
    expect(regimeOn(decidedOn).id).toBe(regime);
  });
});

describe('publicity window of a penalty by regime and severity', () => {
  it.each`
    decidedOn       | severity     | specialSector          | regime                  | minimumUntil    | maximumUntil
    ${'2023-04-30'} | ${'GENERAL'} | ${undefined}           | ${'NDRC-2019-527'}      | ${'2023-07-30'} | ${'2024-04-30'}
    ${'2023-04-30'} | ${'SERIOUS'} | ${undefined}           | ${'NDRC-2019-527'}      | ${'2023-10-30'} | ${'2026-04-30'}
    ${'2023-04-30'} | ${'GENERAL'} | ${'WORK_SAFETY'}       | ${'NDRC-2019-527'}      | ${'2023-07-30'} | ${'2024-04-30'}
    ${'2023-05-01'} | ${'GENERAL'} | ${undefined}           | ${'NDRC-ORDER-58'}      | ${'2023-08-01'} | ${'2026-05-01'}
    ${'2023-05-01'} | ${'SERIOUS'} | ${undefined}           | ${'NDRC-ORDER-58'}      | ${'2023-08-01'} | ${'2026-05-01'}
    ${'2026-03-31'} | ${'GENERAL'} | ${'SPECIAL_EQUIPMENT'} | ${'NDRC-ORDER-58'}      | ${'2027-03-31'} | ${'2029-03-31'}
    ${'2026-03-31'} | ${'SERIOUS'} | ${'FIRE_SAFETY'}       | ${'NDRC-ORDER-58'}      | ${'2027-03-31'} | ${'2029-03-31'}
    ${'2026-03-31'} | ${'SERIOUS'} | ${'WORK_SAFETY'}       | ${'NDRC-ORDER-58'}      | ${'2027-03-31'} | ${'2029-03-31'}
    ${'2026-04-01'} | ${'GENERAL'} | ${undefined}           | ${'NDRC-2025-ORDER-36'} | ${'2026-07-01'} | ${'2027-04-01'}
    ${'2026-04-01'} | ${'SERIOUS'} | ${undefined}           | ${'NDRC-2025-ORDER-36'} | ${'2027-04-01'} | ${'2029-04-01'}
    ${'2026-04-01'} | ${'GENERAL'} | ${'FIRE_SAFETY'}       | ${'NDRC-2025-ORDER-36'} | ${'2026-07-01'} | ${'2027-04-01'}
  `(
    '$severity penalty of $decidedOn (sector $specialSector): $regime, minimum $minimumUntil, maximum $maximumUntil',
    ({ decidedOn, severity, specialSector, regime, minimumUntil, maximumUntil }) => {
      expect(publicityWindow(input({ decidedOn, severity, specialSector }))).toEqual({
        status: 'PUBLISHED',
        regime,
        from: decidedOn,
        minimumUntil,
        maximumUntil,
      });
    },
  );

  it('takes the longest period when a decision carries several categories', () => {
    const single = publicityWindow(input({ decidedOn: '2026-05-11', categories: ['警告'], procedure: 'SUMMARY' }));
    expect(single).toMatchObject({ status: 'NOT_PUBLISHED', reason: 'MINOR_PENALTY' });
    const withFine = publicityWindow(input({ decidedOn: '2026-05-11', categories: ['警告', '罚款'], procedure: 'SUMMARY' }));
    expect(withFine).toMatchObject({ status: 'PUBLISHED', minimumUntil: '2026-08-11', maximumUntil: '2027-05-11' });
  });

  it.each`
    decidedOn       | categories              | procedure     | status
    ${'2026-04-01'} | ${['警告']}             | ${'SUMMARY'}  | ${'NOT_PUBLISHED'}
    ${'2026-04-01'} | ${['通报批评']}         | ${'SUMMARY'}  | ${'NOT_PUBLISHED'}
    ${'2026-04-01'} | ${['警告', '通报批评']} | ${'SUMMARY'}  | ${'NOT_PUBLISHED'}
    ${'2026-04-01'} | ${['警告']}             | ${'ORDINARY'} | ${'PUBLISHED'}
    ${'2026-04-01'} | ${['罚款']}             | ${'SUMMARY'}  | ${'PUBLISHED'}
    ${'2026-03-31'} | ${['警告']}             | ${'SUMMARY'}  | ${'PUBLISHED'}
    ${'2023-04-30'} | ${['通报批评']}         | ${'SUMMARY'}  | ${'PUBLISHED'}
  `('minor penalties (Order 36 only): $categories by $procedure procedure on $decidedOn → $status', ({ decidedOn, categories, procedure, status }) => {
    expect(publicityWindow(input({ decidedOn, categories, procedure })).status).toBe(status);
  });

  it('keeps a record the source unit withholds unpublished, with its reason, under every regime', () => {
    for (const decidedOn of ['2022-01-05', '2024-06-03', '2026-06-01']) {
      expect(publicityWindow(input({ decidedOn, disclosure: { public: false, reason: '涉及商业秘密' } }))).toEqual({
        status: 'NOT_PUBLISHED',
        regime: regimeOn(decidedOn).id,
        reason: 'DISCLOSURE_WITHHELD',
        note: '涉及商业秘密',
      });
    }
    expect(publicityWindow(input({ disclosure: { public: true } })).status).toBe('PUBLISHED');
  });
});

describe('adding months to a date', () => {
  it.each([
    ['2025-01-15', 3, '2025-04-15'],
    ['2025-11-30', 3, '2026-02-28'],
    ['2023-11-29', 3, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-12-31', 1, '2026-01-31'],
    ['2025-10-31', 36, '2028-10-31'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});
