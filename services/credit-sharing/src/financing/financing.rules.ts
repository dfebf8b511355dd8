/**
 * What an institution is answered under an authorization, as a pure function of the subject's
 * public view (the website's fold), its supporting records and the authorization's scope; and the
 * checks of a reported loan outcome.
 */
import type { FieldError, SupportingCategory } from '@credit/contracts';
import { subjectView } from '@credit/credit-rules';
import { isIsoDate } from '@credit/domain-kernel';
import { supportingRecordShown } from '../supporting-records/supporting-record.rules';
import type { SupportingRecordView } from '../supporting-records/supporting-record.view';
import type { ReportOutcomeDto } from './financing.dto';

export interface FinancingAnswerParts {
  /** The subject as the authorization names it (masked for natural persons). */
  subject: { kind: string; code: string };
  state: subjectView.SubjectState | undefined;
  /** The subject's supporting records of every category (filtered here to the granted ones). */
  records: SupportingRecordView[];
  categories: readonly SupportingCategory[];
  today: string;
}

/** The answer's content and what it returned (for the query log): never a category outside the scope. */
export function financingAnswer(parts: FinancingAnswerParts) {
  const view = parts.state ? subjectView.publicView(parts.state, parts.today) : null;
  const granted = new Set<string>(parts.categories);
  const shown = parts.records.filter((r) => granted.has(r.category) && supportingRecordShown(r, parts.today));
  const supporting = Object.fromEntries(parts.categories.map((category) => [category, shown.filter((r) => r.category === category)]));
  const grade = parts.state?.grade;
  return {
    content: {
      subject: view?.subject ?? { name: shown[0]?.subject.name ?? null, kind: parts.subject.kind, code: parts.subject.code },
      registration: parts.state?.subject?.registration ?? null,
      publicRecords: { penalties: view?.penalties ?? [], licenses: view?.licenses ?? [], commitments: view?.commitments ?? [] },
      listStatus: {
        blackListed: (view?.lists ?? []).some((l) => l.list === 'BLACK'),
        redListed: (view?.lists ?? []).some((l) => l.list === 'RED'),
        entries: view?.lists ?? [],
      },
      grade: grade ? { grade: grade.grade, score: grade.score, ruleVersion: grade.ruleVersion } : null,
      supporting,
    },
    returned: ['PUBLIC', ...parts.categories],
    recordIds: shown.map((r) => r.id),
  };
}

export function checkOutcome(dto: ReportOutcomeDto, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!isIsoDate(dto.decidedOn)) errors.push({ field: 'decidedOn', message: 'decidedOn must be a real calendar date' });
  else if (dto.decidedOn > today) errors.push({ field: 'decidedOn', message: `decidedOn must not be after today (${today})` });
  if (dto.outcome === 'REFUSED' && dto.amount !== 0) errors.push({ field: 'amount', message: 'a refused loan has amount 0' });
  if (dto.outcome === 'GRANTED' && dto.amount <= 0) errors.push({ field: 'amount', message: 'a granted loan has a positive amount' });
  return errors;
}
