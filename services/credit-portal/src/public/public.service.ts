import type { EventEnvelope, Page } from '@credit/contracts';
import { InvalidDateError, maskIdNumbersInText, SubjectKind, todayInShanghai, toShanghaiDate } from '@credit/domain-kernel';
import { FieldValidationProblem, NotFoundProblem, offsetOf, RestrictedReads, UnauthorizedProblem, type PageQueryDto, type Principal } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CreditPortalConfig } from '../config';
import type { PublicationQueryDto, SubjectSearchQueryDto } from './public.dto';
import {
  foldSubjectEvents,
  publicListEntries,
  publicSubject,
  publicView,
  type PortalEvent,
  type PublicSubject,
} from './subject-view.projection';
import { findSubjectState, insertSubjectEvent, latestEventAt, listPublicEntries, listPublications, searchSubjectViews, subjectEventsOf, writeSubjectViews } from './public.repository';

type ListKind = 'BLACK' | 'RED';
type PublicListEntry = ReturnType<typeof publicListEntries>[number];

/** The resource an as-of read of a subject's page is recorded under (restricted_reads). */
export const SUBJECT_AS_OF = 'subject-as-of';

@Injectable()
export class PublicService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: CreditPortalConfig,
    private readonly restrictedReads: RestrictedReads,
  ) {}

  /**
   * Keeps the event and refolds the subject's view and list rows (inside the caller's inbox
   * transaction). A redelivered event is recognised by its id and changes nothing.
   */
  async record(manager: EntityManager, event: EventEnvelope): Promise<void> {
    const subjectKey = event.subjectKey;
    if (!subjectKey) return;
    if (!(await insertSubjectEvent(manager, subjectKey, event))) return;
    const state = foldSubjectEvents(await this.eventsOf(manager, subjectKey));
    await writeSubjectViews(manager, new Map([[subjectKey, state]]));
  }

  /**
   * The public page of a subject now, or as it was at `asOf` (from the stored events). The present
   * is public; a view of the past is not (it shows what was since withdrawn or repaired): it needs
   * the reader the guard verified, and is recorded before it is answered, the subject named by its
   * key (a natural person's is the keyed hash, never the number).
   */
  async subjectPage(code: string, asOf?: string, reader?: Principal) {
    const at = asOf === undefined ? undefined : parseInstant(asOf);
    const subject = this.subjectOf(code);
    let view: ReturnType<typeof publicView> = null;
    if (at === undefined) {
      if (subject !== null) {
        const row = await findSubjectState(this.dataSource, subject.subjectKey);
        view = row ? publicView(row.state, todayInShanghai()) : null;
      }
    } else {
      // The guard refuses an anonymous as-of request; never answer one should a route lack the guard.
      if (!reader) throw new UnauthorizedProblem('An as-of view (asOf) is not public.');
      if (subject !== null) {
        const events = await this.eventsOf(this.dataSource.manager, subject.subjectKey, at);
        view = publicView(foldSubjectEvents(events), toShanghaiDate(at));
        // No unit owns the website's past: every as-of read is on record, the subject's own included.
        await this.restrictedReads.record(reader, {
          resource: SUBJECT_AS_OF,
          resourceId: subject.recordedAs,
          ownerUnits: [],
          detail: { asOf: at.toISOString(), shown: view !== null },
        });
      }
    }
    // The path may hold a clear ID number: the answer never echoes it.
    if (!view) throw new NotFoundProblem('no subject with this code is shown on the credit website');
    return asOf === undefined ? view : { ...view, asOf };
  }

  /** The red or black list as the website shows it today: entries in force, newest decision first. */
  async listEntries(list: ListKind, query: PageQueryDto): Promise<Page<PublicListEntry>> {
    const today = todayInShanghai();
    const { total, rows } = await listPublicEntries<PublicListEntry>(this.dataSource, today, list, query.pageSize, offsetOf(query));
    return { items: rows.map((r) => r.entry), page: query.page, pageSize: query.pageSize, total };
  }

  /**
   * A page of the publication lists (双公示) as the website shows them today: penalties in publicity
   * (withdrawn, repaired and expired ones absent) or licences, newest decision first, subjects masked.
   */
  async publications(kind: 'penalties' | 'licenses', query: PublicationQueryDto): Promise<Page<unknown>> {
    if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
      throw new FieldValidationProblem([{ field: 'to', message: 'to must not be before from' }]);
    }
    const filter = { from: query.from, to: query.to, department: query.department };
    const { total, rows } = await listPublications(this.dataSource, kind, todayInShanghai(), filter, query.pageSize, offsetOf(query));
    return { items: rows.map((r) => r.entry), page: query.page, pageSize: query.pageSize, total };
  }

  /**
   * Subjects shown on the website whose name contains `q` or whose USCC starts with it. A natural
   * person is found by name, or by the whole ID number through the subject key, never by a part of
   * the number: the masked code would otherwise let anyone enumerate people by birthplace and date.
   */
  async search(query: SubjectSearchQueryDto): Promise<Page<PublicSubject>> {
    const personKey = this.personKeyOf(query.q);
    const match = personKey !== null ? { subjectKey: personKey } : { namePart: escapeLike(query.q), codePrefix: escapeLike(query.q.toUpperCase()), text: query.q };
    const { total, rows } = await searchSubjectViews(this.dataSource, match, query.pageSize, offsetOf(query));
    return {
      items: rows.map((r) => publicSubject({ kind: r.kind, maskedCode: r.masked_code, name: r.name })),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  /**
   * The recording instant of the latest event the website holds of the subject of `code`, or of any
   * subject without a code (the red and black lists): the base of `Last-Modified`.
   */
  async latestRecordOf(code?: string): Promise<Date | null> {
    if (code === undefined) return latestEventAt(this.dataSource);
    const subject = this.subjectOf(code);
    return subject ? latestEventAt(this.dataSource, subject.subjectKey) : null;
  }

  private async eventsOf(manager: EntityManager, subjectKey: string, until?: Date): Promise<PortalEvent[]> {
    return subjectEventsOf(manager, subjectKey, until);
  }

  /**
   * USCC as is; an 18-digit citizen ID number becomes its subject key; anything else is unknown.
   * `recordedAs` names the subject where a read is recorded: the key, or for a code that fails both
   * checks (perhaps a mistyped ID number) the code with any ID-shaped run masked.
   */
  subjectOf(code: string): { subjectKey: string; recordedAs: string } | null {
    const resolved = this.config.subjectIdentity.resolve(code);
    if (resolved.ok && resolved.kind === SubjectKind.NATURAL_PERSON) return { subjectKey: resolved.subjectKey, recordedAs: resolved.subjectKey };
    const normalized = code.trim().toUpperCase();
    if (!/^[0-9A-Z]{18}$/.test(normalized)) return null;
    return { subjectKey: normalized, recordedAs: resolved.ok ? normalized : maskIdNumbersInText(normalized) };
  }

  /** The subject key of a valid citizen ID number (GB 11643 check digit), or null. */
  private personKeyOf(code: string): string | null {
    const subject = this.config.subjectIdentity.resolve(code);
    return subject.ok && subject.kind === SubjectKind.NATURAL_PERSON ? subject.subjectKey : null;
  }
}

/** `%`, `_` and the escape character itself match literally in a LIKE pattern. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** An RFC 3339 timestamp with an offset (api-contract: timestamps ISO 8601 with offset). */
function parseInstant(value: string): Date {
  try {
    toShanghaiDate(value);
  } catch (error) {
    if (!(error instanceof InvalidDateError)) throw error;
    throw new FieldValidationProblem([{ field: 'asOf', message: 'asOf must be an ISO 8601 timestamp with an offset, e.g. 2025-06-01T12:00:00+08:00' }]);
  }
  return new Date(value);
}
