/**
 * What a nomination may rest on (认定发起, domain.md §5). Pure: the facts come from the read models.
 *
 * A black-list nomination rests on dishonesty records: each record it names must be a penalty or a
 * commitment of the nominated subject that this service has received, and still in publicity. An
 * entry exits when its basis records are repaired or withdrawn, so a record of another subject, an
 * unknown one or one already withdrawn would put in force an entry that another subject's repair
 * takes off, or that nothing ever takes off.
 *
 * A red-list nomination rests on honours documents (表彰文件, `basis.documents`, at least one), not
 * on penalty or commitment records: those are records of dishonesty, and naming one would make the
 * red entry exit when that penalty is repaired. Its `basis.recordIds` must be empty.
 */
import type { ListKind } from '@credit/contracts';
import type { FieldError as ProblemField } from '@credit/contracts';

/** What this service knows of the records a listing or a nomination may rest on (read from its own copies). */
export interface BasisRecordFacts {
  /** Record id → the subject key of the penalty or commitment this service received under that id. */
  subjectOf: ReadonlyMap<string, string>;
  /** Records withdrawn from publicity (repaired, revoked, withdrawn). */
  withdrawn: ReadonlySet<string>;
}

export interface BasisRefusal {
  rule: string;
  errors: ProblemField[];
}

export function basisRecordRefusal(list: ListKind, subjectKey: string, recordIds: readonly string[], facts: BasisRecordFacts): BasisRefusal | null {
  if (list === 'RED') {
    if (recordIds.length === 0) return null;
    return {
      rule: 'nomination.red-list-basis-documents',
      errors: [
        {
          field: 'basis.recordIds',
          message: 'basis.recordIds must be empty for a red-list nomination: a red list rests on honours documents (basis.documents), not on penalty or commitment records',
        },
      ],
    };
  }
  const unknown: ProblemField[] = [];
  const withdrawn: ProblemField[] = [];
  recordIds.forEach((id, i) => {
    const field = `basis.recordIds.${i}`;
    if (facts.subjectOf.get(id) !== subjectKey) unknown.push({ field, message: `${field} ${id} is not a penalty or commitment of this subject received here` });
    else if (facts.withdrawn.has(id)) withdrawn.push({ field, message: `${field} ${id} has been withdrawn from publicity (repaired or revoked)` });
  });
  if (unknown.length > 0) return { rule: 'nomination.basis-record-of-subject', errors: unknown };
  if (withdrawn.length > 0) return { rule: 'nomination.basis-record-in-publicity', errors: withdrawn };
  return null;
}
