/**
 * Keys of individual businesses without a code (domain.md §1): the 双公示 feed's placeholder
 * `00000000000000000X` with the business registration number (工商注册号, 15 digits), keyed
 * `IB-<registration number>` here as in subject-registry.
 */
const REGISTRATION_NUMBER = /^\d{15}$/;
const KEY = /^IB-\d{15}$/;

/** `IB-<number>` for a 15-digit registration number (trimmed); null for any other value (old formats name no placeholder record). */
export function individualBusinessKey(registrationNumber: string): string | null {
  const value = registrationNumber.trim();
  return REGISTRATION_NUMBER.test(value) ? `IB-${value}` : null;
}

export function isIndividualBusinessKey(subjectKey: string): boolean {
  return KEY.test(subjectKey);
}

/** A USCC of category 92 (个体工商户, GB 32100 positions 1–2). */
export function isIndividualBusinessCode(subjectKey: string): boolean {
  return /^92[0-9A-HJ-NPQRTUWXY]{16}$/.test(subjectKey);
}
