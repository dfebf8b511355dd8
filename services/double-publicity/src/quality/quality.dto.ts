import { DateRangeQueryDto } from '@credit/platform';

/** The period of the figures, both days included (decision dates; filing dates for objections). */
export class QualityPeriodDto extends DateRangeQueryDto {}

export interface QualityFigures {
  from: string;
  to: string;
  /** Records whose source unit is the department with a decision date in the period, stored or refused in a batch. */
  submitted: number;
  /** Of those, the ones passing every rule: every stored record did; a refused batch item did not. */
  compliant: number;
  /** Of those, collected within 7 working days of the decision date. */
  timely: number;
  /** compliant ÷ submitted; null when nothing was submitted. */
  complianceRate: number | null;
  /** timely ÷ submitted; null when nothing was submitted. */
  timelinessRate: number | null;
  /** Objections filed in the period to the department's records. */
  objections: number;
  /** Of those, flagged overdue or answered late. */
  objectionsOverdue: number;
  /** Stored penalties and licences whose subject the registry does not know yet (not linked; 重错码 follow-up). */
  unlinkedSubjects: number;
  /** Stored records (penalties, licences, other actions) that name no catalog matter (matterCode). */
  withoutMatterCode: number;
}
