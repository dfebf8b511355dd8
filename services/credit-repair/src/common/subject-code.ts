/**
 * A subject code as department systems send it: a USCC (organisations, individual businesses)
 * or an 18-digit citizen ID number (natural persons). Turned into what this service keeps: the
 * subject key (the USCC, or the keyed HMAC of the ID number) and the code as it may be shown
 * (the USCC, or the masked number). The clear ID number goes no further than this function.
 */
import { maskIdNumber, SubjectKind, subjectKeyFor, validateCitizenId, validateUscc } from '@credit/domain-kernel';

export type ResolvedSubject =
  | { ok: true; subjectKey: string; /** null for a natural person */ subjectCode: string | null; maskedCode: string }
  | { ok: false; message: string };

export function resolveSubjectCode(raw: string, subjectKeySecret: string): ResolvedSubject {
  const code = raw.trim().toUpperCase();
  const asCitizenId = validateCitizenId(code);
  if (asCitizenId.valid) {
    return {
      ok: true,
      subjectKey: subjectKeyFor(SubjectKind.NATURAL_PERSON, asCitizenId.normalized, subjectKeySecret),
      subjectCode: null,
      maskedCode: maskIdNumber(asCitizenId.normalized),
    };
  }
  const asUscc = validateUscc(code);
  if (asUscc.valid) return { ok: true, subjectKey: asUscc.normalized, subjectCode: asUscc.normalized, maskedCode: asUscc.normalized };
  return {
    ok: false,
    message:
      'must be a unified social credit code (GB 32100) or a citizen ID number (GB 11643) with a valid check character: ' +
      asUscc.errors.map((e) => e.message).join('; '),
  };
}

