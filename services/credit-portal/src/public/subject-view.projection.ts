/**
 * The public subject view the website shows: the fold lives once in @credit/credit-rules
 * (`subjectView`), shared with credit-sharing; the website imports it under its own names here.
 */
import { subjectView } from '@credit/credit-rules';

export type PortalEvent = subjectView.PortalEvent;
export type ShownGrade = subjectView.ShownGrade;
export type SubjectState = subjectView.SubjectState;
export type PublicSubject = subjectView.PublicSubject;

export const {
  emptyState,
  foldSubjectEvents,
  evolve,
  listEntryInForce,
  LIST_ENTRY_IN_FORCE_SQL,
  commitmentShown,
  publicPenalty,
  publicPublications,
  publicCommitments,
  publicCommitmentRows,
  COMMITMENT_SHOWN_SQL,
  publicLicenses,
  penaltyInPublicity,
  publicSubject,
  publicListEntries,
  publicView,
} = subjectView;
