/**
 * A subject code as department systems send it: a USCC (organisations, individual businesses) or
 * an 18-digit citizen ID number (natural persons), turned into what a service keeps: the subject
 * key (the USCC, or the keyed HMAC of the ID number), the kind, and the code as it may be shown
 * (the USCC, or the masked number). The clear ID number goes no further than this function.
 */
import { validateCitizenId } from './citizen-id';
import { normalizeCode } from './code-validation';
import { maskIdNumber } from './masking';
import { subjectKeyFor, type SubjectCodeValidationOptions } from './subject-key';
import { SubjectKind } from './subject-kind';
import { inferSubjectKind, validateUscc } from './uscc';

export type ResolvedSubjectCode =
  | {
      ok: true;
      subjectKey: string;
      kind: SubjectKind;
      /** null for a natural person: the clear number is never kept. */
      subjectCode: string | null;
      maskedCode: string;
    }
  | { ok: false; message: string };

/**
 * Tried as a citizen ID number first, so that a code that would pass both checks is never kept in
 * the clear. A failure names the USCC's reasons only: those never echo a citizen ID number.
 */
export function resolveSubjectCode(
  raw: string,
  subjectKeySecret: string | Uint8Array,
  options: SubjectCodeValidationOptions = {},
): ResolvedSubjectCode {
  const code = normalizeCode(raw);
  const asCitizenId = validateCitizenId(code, options);
  if (asCitizenId.valid) {
    return {
      ok: true,
      subjectKey: subjectKeyFor(SubjectKind.NATURAL_PERSON, asCitizenId.normalized, subjectKeySecret, options),
      kind: SubjectKind.NATURAL_PERSON,
      subjectCode: null,
      maskedCode: maskIdNumber(asCitizenId.normalized),
    };
  }
  const asUscc = validateUscc(code, options);
  if (asUscc.valid) {
    const uscc = asUscc.normalized;
    return { ok: true, subjectKey: uscc, kind: inferSubjectKind(uscc), subjectCode: uscc, maskedCode: uscc };
  }
  return {
    ok: false,
    message:
      'must be a unified social credit code (GB 32100) or a citizen ID number (GB 11643) with a valid check character: ' +
      asUscc.errors.map((e) => e.message).join('; '),
  };
}

/** The USCC of a unit (linkage unit, deciding unit, accepting unit), normalised, or null when it fails GB 32100. */
export function normalizeUnitCode(raw: string, options: SubjectCodeValidationOptions = {}): string | null {
  const result = validateUscc(normalizeCode(raw), options);
  return result.valid ? result.normalized : null;
}
