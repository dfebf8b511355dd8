/**
 * The read models `ops rebuild subject-registry` rebuilds from this service's stored events: the
 * subjects and their legacy codes (one projection: the codes reference the subjects). Not here:
 * code_quality_findings (a bigserial id a rebuilt table could not give again, and rows written
 * without an event by the registration path), so the rebuild's `project` skips the
 * finding-recorded events but for the subject's stream version they move; natural_person_vault and
 * pii_access_audit (written by requests, not events), record_subject_codes (other services' events:
 * `ops replay`) and calendar_years (the platform's calendar).
 */
import { typesStartingWith, type RebuildableProjection } from '@credit/platform';
import { FINDING_RECORDED, projectSubjectsWithoutFindings } from '../subjects/subjects.projection';

export const subjectRegistryProjections: RebuildableProjection[] = [
  {
    name: 'subjects',
    description: 'Registered subjects (统一社会信用代码 holders and natural persons, masked) and their legacy codes',
    tables: [{ name: 'subjects' }, { name: 'subject_legacy_codes' }],
    accepts: typesStartingWith('subject-registry.subject-', 'subject-registry.legacy-code-', FINDING_RECORDED),
    project: projectSubjectsWithoutFindings,
  },
];
