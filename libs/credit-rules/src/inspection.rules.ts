/**
 * When a 双随机 inspection plan becomes public (双随机、一公开, domain.md §7): the drawing department
 * answers its plan at once; the credit website publishes it only after the plan's date, so the
 * subjects drawn do not learn of an inspection before it starts.
 */
import type { IsoDate } from '@credit/domain-kernel';
import { addDays } from './dates.rules';

export interface DatedInspectionPlan {
  drawnOn: IsoDate;
  /** The day the inspections start; the draw day when absent. */
  inspectionDate?: IsoDate;
}

/** The plan's date: the day its inspections start. */
export const inspectionPlanDate = (plan: DatedInspectionPlan): IsoDate => plan.inspectionDate ?? plan.drawnOn;

/** The first day the credit website shows the plan: the day after the plan's date. */
export const inspectionPlanPublicFrom = (plan: DatedInspectionPlan): IsoDate => addDays(inspectionPlanDate(plan), 1);

/** Whether the website shows the plan on `today`. */
export const isInspectionPlanPublic = (plan: DatedInspectionPlan, today: IsoDate): boolean => today >= inspectionPlanPublicFrom(plan);
