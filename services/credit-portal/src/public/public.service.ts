import type { EventEnvelope } from '@credit/contracts';
import { SubjectKind, subjectKeyFor, todayInShanghai, toShanghaiDate, validateCitizenId } from '@credit/domain-kernel';
import { FieldValidationProblem, NotFoundProblem } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CreditPortalConfig } from '../config';
import { foldSubjectEvents, publicView, type PortalEvent, type SubjectState } from './subject-view.projection';

@Injectable()
export class PublicService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: CreditPortalConfig,
  ) {}

  /** Keeps the event and refolds the subject's view (inside the caller's inbox transaction). */
  async record(manager: EntityManager, event: EventEnvelope): Promise<void> {
    const subjectKey = event.subjectKey;
    if (!subjectKey) return;
    const inserted: unknown[] = await manager.query(
      `INSERT INTO subject_events (event_id, subject_key, type, data, recorded_at) VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (event_id) DO NOTHING RETURNING seq`,
      [event.id, subjectKey, event.type, JSON.stringify(event.data), event.recordedAt],
    );
    if (inserted.length === 0) return;
    const state = foldSubjectEvents(await this.eventsOf(manager, subjectKey));
    await manager.query(
      `INSERT INTO subject_views (subject_key, kind, masked_code, name, state, updated_at) VALUES ($1, $2, $3, $4, $5::jsonb, now())
       ON CONFLICT (subject_key) DO UPDATE SET kind = $2, masked_code = $3, name = $4, state = $5::jsonb, updated_at = now()`,
      [subjectKey, state.subject?.kind ?? null, state.subject?.maskedCode ?? null, state.subject?.name ?? null, JSON.stringify(state)],
    );
  }

  /** The public page of a subject, now or as it was at `asOf` (from the stored events). */
  async subjectPage(code: string, asOf?: string) {
    const subjectKey = this.subjectKeyOf(code);
    let view: ReturnType<typeof publicView> = null;
    if (subjectKey !== null) {
      if (asOf === undefined) {
        const [row]: { state: SubjectState }[] = await this.dataSource.query(`SELECT state FROM subject_views WHERE subject_key = $1`, [subjectKey]);
        view = row ? publicView(row.state, todayInShanghai()) : null;
      } else {
        const at = parseInstant(asOf);
        const events = await this.eventsOf(this.dataSource.manager, subjectKey, at);
        view = publicView(foldSubjectEvents(events), toShanghaiDate(at));
      }
    }
    // The path may hold a clear ID number: the answer never echoes it.
    if (!view) throw new NotFoundProblem('no subject with this code is shown on the credit website');
    return asOf === undefined ? view : { ...view, asOf };
  }

  private async eventsOf(manager: EntityManager, subjectKey: string, until?: Date): Promise<PortalEvent[]> {
    return manager.query(
      `SELECT type, data FROM subject_events WHERE subject_key = $1 ${until ? 'AND recorded_at <= $2' : ''} ORDER BY seq`,
      until ? [subjectKey, until.toISOString()] : [subjectKey],
    );
  }

  /** USCC as is; an 18-digit citizen ID number becomes its subject key; anything else is unknown. */
  private subjectKeyOf(code: string): string | null {
    const normalized = code.trim().toUpperCase();
    if (/^\d{17}[\dX]$/.test(normalized) && validateCitizenId(normalized).valid) {
      return subjectKeyFor(SubjectKind.NATURAL_PERSON, normalized, this.config.subjectKeySecret);
    }
    return /^[0-9A-Z]{18}$/.test(normalized) ? normalized : null;
  }
}

function parseInstant(value: string): Date {
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at.getTime())) {
    throw new FieldValidationProblem([{ field: 'asOf', message: 'asOf must be an ISO 8601 timestamp' }]);
  }
  return at;
}
