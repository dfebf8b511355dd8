import { individualBusinessKey, isIndividualBusinessCode, isIndividualBusinessKey } from './individual-business-key';

describe('keys of individual businesses without a code', () => {
  it('keys a 15-digit registration number IB-<number>, trimmed; other values name no placeholder record', () => {
    expect(individualBusinessKey(' 450100000012345 ')).toBe('IB-450100000012345');
    expect(individualBusinessKey('45010000001234')).toBeNull();
    expect(individualBusinessKey('南字第12345号')).toBeNull();
    expect(isIndividualBusinessKey('IB-450100000012345')).toBe(true);
    expect(isIndividualBusinessKey('IB-4501000000123')).toBe(false);
    expect(isIndividualBusinessKey('92451000MA5P77882E')).toBe(false);
  });

  it('recognises a USCC of category 92 (个体工商户) only', () => {
    expect(isIndividualBusinessCode('92451000MA5P77882E')).toBe(true);
    expect(isIndividualBusinessCode('91450100MA5K12347C')).toBe(false);
    expect(isIndividualBusinessCode('IB-450100000012345')).toBe(false);
  });
});
