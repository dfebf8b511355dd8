import type { SupportingRecordRow } from './supporting-records.repository';

/** A supporting record as its department and the institutions authorized for its category see it (never the clear ID number). */
export interface SupportingRecordView {
  id: string;
  subject: { kind: string; code: string; name: string };
  category: string;
  status: string;
  sourceReference: string;
  period?: string;
  taxGrade?: string;
  amount?: number;
  description: string;
  recordedOn: string;
  validUntil?: string;
  sourceUnit: { name: string; code: string };
  receivedAt: string;
}

export function toView(row: SupportingRecordRow): SupportingRecordView {
  return {
    id: row.id,
    subject: { kind: row.subject_kind, code: row.masked_code, name: row.subject_name },
    category: row.category,
    status: row.status,
    sourceReference: row.source_reference,
    ...(row.period !== null && { period: row.period }),
    ...(row.tax_grade !== null && { taxGrade: row.tax_grade }),
    ...(row.amount !== null && { amount: Number(row.amount) }),
    description: row.description,
    recordedOn: row.recorded_on,
    ...(row.valid_until !== null && { validUntil: row.valid_until }),
    sourceUnit: { name: row.source_unit_name, code: row.source_unit_code },
    receivedAt: new Date(row.received_at).toISOString(),
  };
}
