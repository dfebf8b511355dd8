/** What the 信易贷 platforms receive of a subject's supporting records: facts and codes, no free text, never a clear number. Pure. */
import type { CommitmentSubject, CreditLoanShareV1, SharedSupportingRecord, SupportingCategory, SupportingStatus, TaxCreditGrade } from '@credit/contracts';
import type { SupportingRecordView } from '../supporting-records/supporting-record.view';

export function sharedRecordOf(r: SupportingRecordView): SharedSupportingRecord {
  return {
    recordId: r.id,
    category: r.category as SupportingCategory,
    status: r.status as SupportingStatus,
    ...(r.period !== undefined && { period: r.period }),
    ...(r.taxGrade !== undefined && { taxGrade: r.taxGrade as TaxCreditGrade }),
    ...(r.amount !== undefined && { amount: r.amount }),
    recordedOn: r.recordedOn,
    ...(r.validUntil !== undefined && { validUntil: r.validUntil }),
    sourceUnitCode: r.sourceUnit.code,
  };
}

/** A share under an authorization; the decider keeps only the categories in its scope and fills the scope and term in. */
export function loanShareOf(shareId: string, authorizationId: string, subject: CommitmentSubject, records: SupportingRecordView[]): CreditLoanShareV1 {
  return { shareId, authorizationId, subject, categories: [], validUntil: '', records: records.map(sharedRecordOf) };
}
