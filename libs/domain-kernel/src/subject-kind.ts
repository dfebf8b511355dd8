/**
 * Kinds of credit subject (信用主体) as the national data standard's subject category names them:
 * 法人及非法人组织 (split into legal persons and other organisations), 个体工商户, 自然人.
 */
export const SubjectKind = {
  LEGAL_PERSON: 'LEGAL_PERSON',
  OTHER_ORGANIZATION: 'OTHER_ORGANIZATION',
  INDIVIDUAL_BUSINESS: 'INDIVIDUAL_BUSINESS',
  NATURAL_PERSON: 'NATURAL_PERSON',
} as const;
export type SubjectKind = (typeof SubjectKind)[keyof typeof SubjectKind];

export const SUBJECT_KINDS: readonly SubjectKind[] = Object.values(SubjectKind);

export function isSubjectKind(value: unknown): value is SubjectKind {
  return typeof value === 'string' && (SUBJECT_KINDS as readonly string[]).includes(value);
}

/** Subjects identified by a unified social credit code rather than a citizen ID number. */
export function isIdentifiedByUscc(kind: SubjectKind): boolean {
  return kind !== SubjectKind.NATURAL_PERSON;
}
