/**
 * The checks a registration must pass beyond its shape, in one place: code check characters
 * (GB 32100 / GB 11643), the individual-business placeholder rule, real dates, legacy-code
 * formats. Pure: returns field errors instead of throwing, so single and batch intake share it.
 */
import type { SubjectIdentity } from '@credit/credit-rules';
import { maskIdNumber, parseIsoDate, validateCitizenId, isValidOrganizationCode, USCC_PLACEHOLDER } from '@credit/domain-kernel';
import type { LegacyCode, SubjectRegisteredData } from './subject.decider';
import { LEGACY_CODE_PATTERNS, type RegisterSubjectDto } from './subject.dto';

export interface FieldError {
  field: string;
  message: string;
}

export interface RegistrationSettings {
  /** The subject-code rules (credit-rules), with the platform's pilot codes (USCC_ALLOW_LIST). */
  subjectIdentity: SubjectIdentity;
}

export type CheckedRegistration =
  | {
      ok: true;
      subjectKey: string;
      /** The clear citizen ID number, for the vault only (never for events). */
      clearIdNumber: string | null;
      event: SubjectRegisteredData;
    }
  | { ok: false; errors: FieldError[]; /** masked code, when the code itself was refused */ invalidCode?: string };

export function checkRegistration(dto: RegisterSubjectDto, settings: RegistrationSettings): CheckedRegistration {
  const errors: FieldError[] = [];
  const legacyCodes = checkLegacyCodes(dto.legacyCodes ?? [], errors);

  if (dto.registeredOn !== undefined && parseIsoDate(dto.registeredOn) === null) {
    errors.push({ field: 'registeredOn', message: 'registeredOn must be a real calendar date (YYYY-MM-DD)' });
  }

  const rawCode = dto.code.trim().toUpperCase();
  let subjectKey = '';
  let code: string | null = null;
  let maskedCode = '';
  let clearIdNumber: string | null = null;
  let invalidCode: string | undefined;

  if (dto.kind === 'NATURAL_PERSON') {
    const result = validateCitizenId(rawCode);
    if (!result.valid) {
      invalidCode = maskIdNumber(rawCode);
      errors.push({ field: 'code', message: `code is not a valid citizen ID number (GB 11643): ${result.errors.map((e) => e.message).join('; ')}` });
    } else {
      clearIdNumber = result.normalized;
      maskedCode = maskIdNumber(result.normalized);
      subjectKey = settings.subjectIdentity.keyFor('NATURAL_PERSON', result.normalized);
    }
  } else if (rawCode === USCC_PLACEHOLDER && dto.kind === 'INDIVIDUAL_BUSINESS') {
    // The feed standard's placeholder: the business registration number becomes the key.
    const registrationNo = legacyCodes.find((c) => c.scheme === 'REGISTRATION_NO');
    if (!registrationNo) {
      errors.push({
        field: 'legacyCodes',
        message: `an individual business registered with the placeholder code ${USCC_PLACEHOLDER} must carry its business registration number (REGISTRATION_NO)`,
      });
    } else {
      // REGISTRATION_NO values are 15 digits (checked above), so this always names a key.
      subjectKey = settings.subjectIdentity.individualBusinessKey(registrationNo.value) ?? '';
      // The placeholder stays the subject's code (the contract wants a code on every non-person).
      code = USCC_PLACEHOLDER;
      maskedCode = USCC_PLACEHOLDER;
    }
  } else {
    const result = settings.subjectIdentity.validateUscc(rawCode);
    if (!result.valid) {
      invalidCode = rawCode.slice(0, 32);
      errors.push({ field: 'code', message: `code is not a valid unified social credit code (GB 32100): ${result.errors.map((e) => e.message).join('; ')}` });
    } else {
      code = result.normalized;
      maskedCode = result.normalized;
      subjectKey = settings.subjectIdentity.keyFor(dto.kind, result.normalized);
      // 92 = individual business (个体工商户) in positions 1–2; any other category cannot be one.
      if (dto.kind === 'INDIVIDUAL_BUSINESS' && !code.startsWith('92')) {
        errors.push({ field: 'kind', message: 'kind INDIVIDUAL_BUSINESS requires a USCC of category 92 (个体工商户)' });
      }
    }
  }

  if (errors.length > 0) return { ok: false, errors, invalidCode };
  return {
    ok: true,
    subjectKey,
    clearIdNumber,
    event: {
      kind: dto.kind,
      code,
      maskedCode,
      name: dto.name.trim(),
      ...(dto.legalRepresentative !== undefined && { legalRepresentative: dto.legalRepresentative.trim() }),
      ...(dto.registeredOn !== undefined && { registeredOn: dto.registeredOn }),
      ...(dto.registrationAuthority !== undefined && { registrationAuthority: dto.registrationAuthority.trim() }),
      legacyCodes,
    },
  };
}

export function checkLegacyCode(input: LegacyCode, field: string, errors: FieldError[]): LegacyCode | null {
  const value = input.value.trim().toUpperCase().replace(/-(?=[0-9X]$)/, '');
  if (!LEGACY_CODE_PATTERNS[input.scheme].test(value)) {
    errors.push({ field: `${field}.value`, message: `value is not a well-formed ${input.scheme}` });
    return null;
  }
  if (input.scheme === 'ORGANIZATION_CODE' && !isValidOrganizationCode(value)) {
    errors.push({ field: `${field}.value`, message: 'value fails the organisation code check character (GB 11714)' });
    return null;
  }
  return { scheme: input.scheme, value };
}

function checkLegacyCodes(inputs: LegacyCode[], errors: FieldError[]): LegacyCode[] {
  return inputs
    .map((input, i) => checkLegacyCode(input, `legacyCodes.${i}`, errors))
    .filter((c): c is LegacyCode => c !== null);
}
