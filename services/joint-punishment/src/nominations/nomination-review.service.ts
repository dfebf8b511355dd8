import type { ListEntryCreatedV1, ListKind, NominationSubmittedV1, Page } from '@credit/contracts';
import { normalizeUnitCode, todayInShanghai } from '@credit/domain-kernel';
import { EventStore, handleCommand } from '@credit/event-store';
import { commandMetaOf, FieldValidationProblem, ForbiddenProblem, NotFoundProblem, offsetOf, RestrictedReads, type Principal, type ProblemField, type RequestContext } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogService, notInCatalog } from '../catalog/catalog.service';
import { JointPunishmentConfig } from '../config';
import { isKnownSubject, unknownSubjectMessage } from '../common/known-subjects.repository';
import { basisRecordFacts } from '../common/basis-records.repository';
import { basisRecordRefusal } from './basis-records.rules';
import { ListEntriesService } from '../list-entries/list-entries.service';
import { listingDateErrors } from '../list-entries/list-entry.rules';
import type { NominationQueryDto, ReviewNominationDto, SubmitNominationDto } from './nomination-review.dto';
import { projectNominationEvents } from './nomination-review.projection';
import { isNominatedSubject, nominationReadScope, readsNomination } from './nomination-access.rules';
import { NominationNotFound, nominationDecider, nominationStream, SelfReview, type NominationStatus } from './nomination.decider';
import { findNomination, listNominations, lockProposal, type NominationRow } from './nominations.repository';

export interface NominationView {
  id: string;
  status: NominationStatus;
  /** The USCC, or the masked ID number of a natural person. */
  subjectCode: string;
  subjectKey: string;
  list: ListKind;
  category: string;
  basis: { recordIds: string[]; documents: { name: string; number: string }[] };
  decidingUnit: { name: string; code: string };
  decidedOn: string;
  validUntil?: string;
  proposalId?: string;
  submittedBy: string;
  submittedAt: string;
  review?: { approved: boolean; note: string; reviewedBy: { departmentCode: string; user: string | null }; reviewedAt: string };
  listEntryId?: string;
  version: number;
}

/**
 * 认定发起 → review → in force (domain.md §5): the deciding unit (the caller's department) submits a
 * nomination; a reviewer's approval puts the entry in force through the same path as a direct
 * listing, in the same transaction as the review.
 */
@Injectable()
export class NominationReviewService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: JointPunishmentConfig,
    private readonly catalogs: CatalogService,
    private readonly entries: ListEntriesService,
    private readonly restrictedReads: RestrictedReads,
  ) {}

  async submit(dto: SubmitNominationDto, ctx: RequestContext): Promise<NominationView> {
    const errors: ProblemField[] = [];
    const subject = this.config.subjectIdentity.resolve(dto.subjectCode);
    if (!subject.ok) errors.push({ field: 'subjectCode', message: `subjectCode ${subject.message}` });
    errors.push(...listingDateErrors(dto, todayInShanghai()));
    if (!subject.ok || errors.length > 0) throw new FieldValidationProblem(errors);
    const unitCode = normalizeUnitCode(ctx.principal.departmentCode);
    if (unitCode === null) throw new ForbiddenProblem(`the caller's department code ${ctx.principal.departmentCode} is not a unified social credit code: it cannot decide listings`);

    const nomination: NominationSubmittedV1 = {
      nominationId: randomUUID(),
      subjectCode: subject.subjectCode,
      maskedCode: subject.maskedCode,
      list: dto.list,
      category: dto.category,
      basis: { recordIds: dto.basis.recordIds.map((id) => id.trim()), documents: dto.basis.documents.map((d) => ({ name: d.name, number: d.number })) },
      // 谁认定: the deciding unit is the caller's department.
      decidingUnit: { name: ctx.principal.name, code: unitCode },
      decidedOn: dto.decidedOn,
      ...(dto.validUntil !== undefined && { validUntil: dto.validUntil }),
      ...(dto.proposalId !== undefined && { proposalId: dto.proposalId }),
      submittedBy: { departmentCode: unitCode, user: ctx.principal.name },
    };
    await this.store.transaction(async (tx) => {
      await this.assertNominable(tx.manager, nomination, subject.subjectKey);
      const { events } = await handleCommand(tx, nominationStream(nomination.nominationId), nominationDecider, { type: 'SubmitNomination', data: nomination }, commandMetaOf(ctx.principal, ctx.correlationId, subject.subjectKey));
      await projectNominationEvents(tx.manager, events);
    });
    return this.get(nomination.nominationId);
  }

  /**
   * A nomination names a subject this service knows, a catalogued category of its list, a basis its
   * list can rest on (see basis-records.rules), and an open proposal for that subject.
   */
  private async assertNominable(manager: EntityManager, nomination: NominationSubmittedV1, subjectKey: string): Promise<void> {
    if (!(await isKnownSubject(manager, subjectKey))) {
      throw notInCatalog('nomination.subject-known', [{ field: 'subjectCode', message: unknownSubjectMessage(nomination.maskedCode) }]);
    }
    const category = await this.catalogs.currentCategory(manager, nomination.category);
    if (category === null) throw notInCatalog('nomination.category-in-catalog', [{ field: 'category', message: `category ${nomination.category} is not in the list-category catalog` }]);
    if (category.list !== nomination.list) {
      throw notInCatalog('nomination.category-of-list', [{ field: 'category', message: `category ${nomination.category} belongs to the ${category.list} list, not the ${nomination.list} list` }]);
    }
    const refusal = basisRecordRefusal(nomination.list, subjectKey, nomination.basis.recordIds, await basisRecordFacts(manager, nomination.basis.recordIds));
    if (refusal !== null) throw notInCatalog(refusal.rule, refusal.errors);
    if (nomination.proposalId !== undefined) {
      const proposal = await lockProposal(manager, nomination.proposalId);
      if (!proposal) throw notInCatalog('nomination.proposal-known', [{ field: 'proposalId', message: `no nomination proposal ${nomination.proposalId}` }]);
      if (proposal.subject_key !== subjectKey || proposal.list !== nomination.list || proposal.status !== 'OPEN') {
        throw notInCatalog('nomination.proposal-open-for-subject', [
          { field: 'proposalId', message: `proposal ${nomination.proposalId} is ${proposal.status}, for ${proposal.list} list, and must be OPEN for this subject and list` },
        ]);
      }
    }
  }

  async review(id: string, dto: ReviewNominationDto, ctx: RequestContext): Promise<NominationView> {
    await this.store.transaction(async (tx) => {
      const row = await findNomination(tx.manager, id);
      if (!row) throw new NotFoundProblem(`no nomination ${id}`);
      if (isNominatedSubject(ctx.principal, row.subject_code)) throw new ForbiddenProblem(`nomination ${id} is about the caller itself: a subject never reviews its own nomination`);
      const meta = commandMetaOf(ctx.principal, ctx.correlationId, row.subject_key);
      const listEntryId = dto.approved ? randomUUID() : undefined;
      try {
        const { events } = await handleCommand(
          tx,
          nominationStream(id),
          nominationDecider,
          {
            type: 'ReviewNomination',
            data: { approved: dto.approved, note: dto.note, reviewer: { departmentCode: normalizeUnitCode(ctx.principal.departmentCode) ?? ctx.principal.departmentCode, user: ctx.principal.name }, ...(listEntryId && { listEntryId }) },
          },
          meta,
        );
        await projectNominationEvents(tx.manager, events);
      } catch (error) {
        if (error instanceof NominationNotFound) throw new NotFoundProblem(`no nomination ${id}`);
        if (error instanceof SelfReview) throw new ForbiddenProblem(`${error.message}: department ${ctx.principal.departmentCode} submitted nomination ${id}`);
        throw error;
      }
      if (listEntryId === undefined) return;
      const entry: ListEntryCreatedV1 = {
        listEntryId,
        subjectCode: row.subject_code,
        maskedCode: row.masked_code,
        list: row.list,
        category: row.category,
        basis: { recordIds: row.record_ids, document: basisDocument(row.documents) },
        initiatingUnit: { name: row.deciding_unit_name, code: row.deciding_unit_code },
        decidedOn: row.decided_on,
        ...(row.valid_until !== null && { validUntil: row.valid_until }),
      };
      await this.entries.createWithin(tx, entry, meta);
    });
    return this.get(id);
  }

  async get(id: string): Promise<NominationView> {
    const row = await findNomination(this.dataSource, id);
    if (!row) throw new NotFoundProblem(`no nomination ${id}`);
    return view(row);
  }

  /**
   * A nomination as the caller may read it (see nominationReadScope): another unit's is answered as
   * not found, unless the caller reviews, operates or administers, and then the read is on record.
   */
  async getFor(id: string, principal: Principal): Promise<NominationView> {
    const nomination = await this.get(id);
    if (!readsNomination(principal, nomination.decidingUnit.code)) throw new NotFoundProblem(`no nomination ${id}`);
    await this.restrictedReads.record(principal, { resource: 'nomination', resourceId: id, ownerUnits: [nomination.decidingUnit.code] });
    return nomination;
  }

  async list(query: NominationQueryDto, principal: Principal): Promise<Page<NominationView>> {
    const unit = nominationReadScope(principal);
    const { total, rows } = await listNominations(this.dataSource, { status: query.status, unit }, query.pageSize, offsetOf(query));
    const items = rows.map(view);
    for (const nomination of items) await this.restrictedReads.record(principal, { resource: 'nomination', resourceId: nomination.id, ownerUnits: [nomination.decidingUnit.code] });
    return { items, page: query.page, pageSize: query.pageSize, total };
  }
}

/** The list entry's decision document: the nomination's documents, name and number each (max 500 characters). */
function basisDocument(documents: { name: string; number: string }[]): string {
  const text = documents.map((d) => `${d.name}（${d.number}）`).join('；');
  return text.length <= 500 ? text : `${text.slice(0, 499)}…`;
}

function view(row: NominationRow): NominationView {
  return {
    id: row.id,
    status: row.status,
    subjectCode: row.masked_code,
    subjectKey: row.subject_key,
    list: row.list,
    category: row.category,
    basis: { recordIds: row.record_ids, documents: row.documents },
    decidingUnit: { name: row.deciding_unit_name, code: row.deciding_unit_code },
    decidedOn: row.decided_on,
    ...(row.valid_until !== null && { validUntil: row.valid_until }),
    ...(row.proposal_id !== null && { proposalId: row.proposal_id }),
    submittedBy: row.submitted_by,
    submittedAt: new Date(row.submitted_at).toISOString(),
    ...(row.reviewed_at !== null && {
      review: {
        approved: row.status === 'APPROVED',
        note: row.review_note as string,
        reviewedBy: { departmentCode: row.reviewed_by_department as string, user: row.reviewed_by },
        reviewedAt: new Date(row.reviewed_at).toISOString(),
      },
    }),
    ...(row.list_entry_id !== null && { listEntryId: row.list_entry_id }),
    version: row.stream_version,
  };
}
