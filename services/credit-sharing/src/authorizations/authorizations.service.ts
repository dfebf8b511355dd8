import { isUuid, type Page, type SharingPurpose, type SupportingCategory } from '@credit/contracts';
import { readsEveryUnit, sameUnit } from '@credit/credit-rules';
import { maskIdNumbersInText, todayInShanghai } from '@credit/domain-kernel';
import { commandMetaOf, FieldValidationProblem, ForbiddenProblem, NotFoundProblem, offsetOf, RestrictedReads, type Principal, type RequestContext } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreditSharingConfig } from '../config';
import { AuthorizationCommands } from './authorization.commands';
import { queryRefusal, type AuthorizationCommand, type AuthorizationState, type QueryRefusal } from './authorization.decider';
import { loanShareOf } from './loan-share.rules';
import { toView as supportingView } from '../supporting-records/supporting-record.view';
import { listSubjectRecords } from '../supporting-records/supporting-records.repository';
import type { AuthorizationListQueryDto, GrantAuthorizationDto, QueryLogQueryDto, RevokeAuthorizationDto } from './authorization.dto';
import { checkGrant, voiceOfSubject, type SubjectVoice } from './authorization.rules';
import { findAuthorization, listAuthorizations, listQueries, type AuthorizationRow, type SharedQueryRow } from './authorizations.repository';

export interface AuthorizationView {
  id: string;
  status: 'ACTIVE' | 'NOT_YET_VALID' | 'EXPIRED' | 'REVOKED';
  /** The USCC, or a natural person's masked ID number. */
  subject: { kind: string; code: string };
  institution: { name: string; code: string };
  purpose: string;
  categories: string[];
  validFrom: string;
  validUntil: string;
  deliverToLoanPlatforms: boolean;
  grantedThrough: { channel: string; unitCode: string };
  grantedAt: string;
  revocation?: { revokedOn: string; reason: string };
}

export const AUTHORIZATION_RESOURCE = 'authorization';

@Injectable()
export class AuthorizationsService {
  constructor(
    private readonly commands: AuthorizationCommands,
    private readonly dataSource: DataSource,
    private readonly config: CreditSharingConfig,
    private readonly restrictedReads: RestrictedReads,
  ) {}

  /** The subject (its own token) or, for a natural person, a real-name channel grants; anyone else 403 and nothing is stored. */
  async grant(dto: GrantAuthorizationDto, ctx: RequestContext, now = new Date()): Promise<AuthorizationView> {
    const subject = this.resolve(dto.subjectCode, 'subjectCode');
    const voice = voiceOfSubject(ctx.principal, subject, this.config.personalAuthorizationChannels);
    if (!voice.ok) throw new ForbiddenProblem(voice.message);
    const id = randomUUID();
    const today = todayInShanghai(now);
    const checked = checkGrant(dto, id, subject, { today, maxDays: this.config.maxAuthorizationDays, channel: voice.channel, channelUnitCode: ctx.principal.departmentCode });
    if (!checked.ok) throw new FieldValidationProblem(checked.errors);
    const commands: AuthorizationCommand[] = [{ type: 'Grant', data: checked.value }];
    if (checked.value.deliverToLoanPlatforms) {
      // Asked for: the records in scope go to the 信易贷 platforms now, later ones as they arrive.
      const { rows } = await listSubjectRecords(this.dataSource, { subjectKey: subject.subjectKey, categories: checked.value.categories });
      commands.push({ type: 'ShareWithLoanPlatforms', data: loanShareOf(randomUUID(), id, checked.value.subject, rows.map(supportingView)), today });
    }
    await this.commands.execute(id, commands, commandMetaOf(ctx.principal, ctx.correlationId, subject.subjectKey));
    return toView((await findAuthorization(this.dataSource, id))!, today);
  }

  /** Only the subject that gave it (or its real-name channel, naming the person) revokes; once (409 after). */
  async revoke(id: string, dto: RevokeAuthorizationDto, ctx: RequestContext, now = new Date()): Promise<AuthorizationView> {
    const row = await this.row(id);
    const subjectKey = this.speakerFor(row, ctx.principal, dto.subjectCode);
    const today = todayInShanghai(now);
    await this.commands.execute(
      id,
      { type: 'Revoke', data: { authorizationId: id, reason: maskIdNumbersInText(dto.reason.trim()), revokedOn: today }, bySubjectKey: subjectKey },
      commandMetaOf(ctx.principal, ctx.correlationId, row.subject_key),
    );
    return toView((await findAuthorization(this.dataSource, id))!, today);
  }

  /**
   * An authorization: the subject (or its channel), the institution it was given to, ops and admin
   * (recorded). A natural person's channel names the person (`subjectCode`).
   */
  async get(id: string, principal: Principal, subjectCode?: string): Promise<AuthorizationView> {
    const row = await this.row(id);
    await this.assertReads(row, principal, subjectCode, true);
    return toView(row, todayInShanghai());
  }

  /** The queries made under an authorization, newest first: what the subject sees of who read it. */
  async queries(id: string, query: QueryLogQueryDto, principal: Principal): Promise<Page<QueryLogEntry>> {
    const row = await this.row(id);
    await this.assertReads(row, principal, query.subjectCode, true);
    const { total, rows } = await listQueries(this.dataSource, id, query.pageSize, offsetOf(query));
    return { items: rows.map(toQueryEntry), page: query.page, pageSize: query.pageSize, total };
  }

  /** A subject's authorizations (the subject, its channel, ops, admin), or an institution's own (optionally of one subject). */
  async list(query: AuthorizationListQueryDto, principal: Principal): Promise<Page<AuthorizationView>> {
    const today = todayInShanghai();
    const subject = query.subjectCode === undefined ? undefined : this.resolve(query.subjectCode, 'subjectCode');
    let filter: { subjectKey?: string; institutionCode?: string };
    if (principal.roles.includes('institution')) {
      filter = { institutionCode: principal.departmentCode, ...(subject && { subjectKey: subject.subjectKey }) };
    } else {
      if (subject === undefined) throw new FieldValidationProblem([{ field: 'subjectCode', message: 'subjectCode is required: a subject lists its own authorizations' }]);
      const voice = voiceOfSubject(principal, subject, this.config.personalAuthorizationChannels);
      if (!voice.ok && !readsEveryUnit(principal)) throw new ForbiddenProblem(`the authorizations of a subject are read by the subject itself (or its real-name channel), ops and admin`);
      filter = { subjectKey: subject.subjectKey };
      if (!voice.ok) await this.restrictedReads.record(principal, { resource: AUTHORIZATION_RESOURCE, resourceId: subject.subjectKey, ownerUnits: [] });
    }
    const { total, rows } = await listAuthorizations(this.dataSource, filter, query.pageSize, offsetOf(query));
    return { items: rows.map((row) => toView(row, today)), page: query.page, pageSize: query.pageSize, total };
  }

  private async assertReads(row: AuthorizationRow, principal: Principal, subjectCode: string | undefined, allowInstitution: boolean): Promise<void> {
    if (allowInstitution && principal.roles.includes('institution') && sameUnit(principal.departmentCode, row.institution_code)) return;
    const voice = this.voiceFor(row, principal, subjectCode);
    if (voice.ok) return;
    if (!readsEveryUnit(principal)) throw new ForbiddenProblem(`authorization ${row.id} is read by its subject (or its real-name channel), its institution, ops and admin`);
    await this.restrictedReads.record(principal, { resource: AUTHORIZATION_RESOURCE, resourceId: row.id, ownerUnits: [] });
  }

  /** The subject key the caller speaks for on this authorization's subject; 403 otherwise. */
  private speakerFor(row: AuthorizationRow, principal: Principal, subjectCode: string | undefined): string {
    const voice = this.voiceFor(row, principal, subjectCode);
    if (!voice.ok) throw new ForbiddenProblem(voice.message);
    return row.subject_key;
  }

  private voiceFor(row: AuthorizationRow, principal: Principal, subjectCode: string | undefined): SubjectVoice {
    if (row.subject_kind === 'NATURAL_PERSON') {
      // A channel speaks for the person it verified: it names the person, whose key must be this authorization's.
      if (subjectCode === undefined) return { ok: false, message: "a natural person's authorization is acted on through a real-name channel naming the person (subjectCode)" };
      const subject = this.resolve(subjectCode, 'subjectCode');
      if (subject.subjectKey !== row.subject_key) return { ok: false, message: 'the authorization was given by another subject' };
      return voiceOfSubject(principal, subject, this.config.personalAuthorizationChannels);
    }
    return voiceOfSubject(principal, { ok: true, subjectKey: row.subject_key, kind: row.subject_kind as never, subjectCode: row.masked_code, maskedCode: row.masked_code }, []);
  }

  private resolve(code: string, field: string) {
    const subject = this.config.subjectIdentity.resolve(code);
    if (!subject.ok) throw new FieldValidationProblem([{ field, message: subject.message }]);
    return subject;
  }

  private async row(id: string): Promise<AuthorizationRow> {
    const row = isUuid(id) ? await findAuthorization(this.dataSource, id) : undefined;
    if (!row) throw new NotFoundProblem(`no authorization with id ${id}`);
    return row;
  }
}

export interface QueryLogEntry {
  queryId: string;
  institutionCode: string;
  purpose: string;
  returned: string[];
  recordIds: string[];
  queriedAt: string;
}

const toQueryEntry = (row: SharedQueryRow): QueryLogEntry => ({
  queryId: row.id,
  institutionCode: row.institution_code,
  purpose: row.purpose,
  returned: row.returned,
  recordIds: row.record_ids,
  queriedAt: new Date(row.queried_at).toISOString(),
});

const STATUS_OF_REFUSAL: Partial<Record<QueryRefusal, AuthorizationView['status']>> = { revoked: 'REVOKED', 'not-yet-valid': 'NOT_YET_VALID', expired: 'EXPIRED' };

/** Where an authorization stands on `today`: the decider's rule, asked for its own institution and purpose. */
export function statusOn(row: AuthorizationRow, today: string): AuthorizationView['status'] {
  const refusal = queryRefusal(stateOfRow(row), row.institution_code, row.purpose as SharingPurpose, today);
  return refusal === null ? 'ACTIVE' : (STATUS_OF_REFUSAL[refusal] ?? 'REVOKED');
}

/** The decider's state as the read model holds it (for reads; commands decide on the stream itself). */
export function stateOfRow(row: AuthorizationRow): AuthorizationState {
  const terms = {
    subjectKey: row.subject_key,
    institutionCode: row.institution_code,
    purpose: row.purpose as SharingPurpose,
    categories: row.categories as SupportingCategory[],
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    deliverToLoanPlatforms: row.deliver_to_loan_platforms,
    queries: 0,
  };
  return row.revoked_on === null ? { status: 'GRANTED', ...terms } : { status: 'REVOKED', revokedOn: row.revoked_on, ...terms };
}

export function toView(row: AuthorizationRow, today: string): AuthorizationView {
  return {
    id: row.id,
    status: statusOn(row, today),
    subject: { kind: row.subject_kind, code: row.masked_code },
    institution: { name: row.institution_name, code: row.institution_code },
    purpose: row.purpose,
    categories: row.categories,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    deliverToLoanPlatforms: row.deliver_to_loan_platforms,
    grantedThrough: { channel: row.channel, unitCode: row.channel_unit_code },
    grantedAt: new Date(row.granted_at).toISOString(),
    ...(row.revoked_on !== null && { revocation: { revokedOn: row.revoked_on, reason: row.revocation_reason ?? '' } }),
  };
}
