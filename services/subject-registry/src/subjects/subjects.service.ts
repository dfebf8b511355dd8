import { decryptField, encryptField, maskIdNumber, validateCitizenId } from '@credit/domain-kernel';
import { EventStore, handleCommand, WrongExpectedVersionError, type EventStoreTransaction, isUniqueViolation } from '@credit/event-store';
import {
  commandMetaOf,
  ConflictProblem,
  FieldValidationProblem,
  NotFoundProblem,
  validationErrorsToFields,
  type RequestContext,
} from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { SubjectRegistryConfig } from '../config';
import { checkLegacyCode, checkRegistration, type CheckedRegistration, type FieldError } from './registration.rules';
import {
  SubjectAlreadyRegistered,
  subjectDecider,
  SubjectNotRegistered,
  subjectStream,
  type LegacyCode,
  type SubjectKind,
} from './subject.decider';
import { LegacyCodeDto, RegisterSubjectDto } from './subject.dto';
import { projectSubjectEvents } from './subjects.projection';
import {
  findIdCiphertext,
  findSubject,
  findSubjectKeysByLegacyCode,
  insertInvalidCodeFinding,
  listLegacyCodes,
} from './subjects.repository';
import { auditPiiAccess, insertIdCiphertext } from '../vault/vault.repository';

export interface SubjectView {
  /** The USCC; for natural persons the masked ID number unless the caller holds `reader`. */
  code: string;
  subjectKey: string;
  kind: SubjectKind;
  name: string;
  legalRepresentative?: string;
  registeredOn?: string;
  registrationAuthority?: string;
  legacyCodes: LegacyCode[];
  registeredAt: string;
  version: number;
  masked: boolean;
}

export type BatchItemResult =
  | { index: number; status: 'CREATED'; code: string }
  | { index: number; status: 'DUPLICATE'; code: string }
  | { index: number; status: 'INVALID'; code?: string; errors: FieldError[] };

type Outcome = { status: 'CREATED' } | { status: 'DUPLICATE' } | { status: 'INVALID'; errors: FieldError[] };

@Injectable()
export class SubjectsService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: SubjectRegistryConfig,
  ) {}

  async register(dto: RegisterSubjectDto, ctx: RequestContext): Promise<SubjectView> {
    const checked = await this.check(dto);
    if (!checked.ok) throw new FieldValidationProblem(checked.errors);
    const outcome = await this.persist(checked, ctx);
    if (outcome.status === 'DUPLICATE') throw new ConflictProblem('a subject with this code is already registered', 'code');
    if (outcome.status === 'INVALID') throw new ConflictProblem(outcome.errors[0].message, outcome.errors[0].field);
    return this.view(checked.subjectKey, ctx, 'register');
  }

  /** Up to 1000 items; each is validated and stored on its own, so exactly the valid ones are kept. */
  async registerBatch(items: unknown[], ctx: RequestContext): Promise<BatchItemResult[]> {
    const results: BatchItemResult[] = [];
    for (const [index, item] of items.entries()) {
      const dto = plainToInstance(RegisterSubjectDto, item);
      const shapeErrors =
        item === null || typeof item !== 'object' || Array.isArray(item)
          ? [{ field: '', message: 'item must be an object' }]
          : validationErrorsToFields(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
      if (shapeErrors.length > 0) {
        results.push({ index, status: 'INVALID', errors: shapeErrors });
        continue;
      }
      const checked = await this.check(dto);
      if (!checked.ok) {
        results.push({ index, status: 'INVALID', code: checked.invalidCode, errors: checked.errors });
        continue;
      }
      const outcome = await this.persist(checked, ctx);
      const code = checked.event.maskedCode;
      results.push(outcome.status === 'INVALID' ? { index, code, ...outcome } : { index, code, status: outcome.status });
    }
    return results;
  }

  async get(code: string, ctx: RequestContext): Promise<SubjectView> {
    return this.view(this.subjectKeyOfPathCode(code), ctx, 'get-subject');
  }

  async resolve(legacyCode: string, ctx: RequestContext): Promise<SubjectView> {
    const value = legacyCode.trim().toUpperCase().replace(/-(?=[0-9X]$)/, '');
    const rows: { subject_key: string }[] = await findSubjectKeysByLegacyCode(this.dataSource, value);
    if (rows.length === 0) throw new NotFoundProblem(`no subject is known under the legacy code ${value}`);
    if (rows.length > 1) {
      throw new ConflictProblem(`the legacy code ${value} is used by ${rows.length} subjects under different schemes`, 'legacyCode');
    }
    return this.view(rows[0].subject_key, ctx, 'resolve-legacy-code');
  }

  async addLegacyCode(code: string, dto: LegacyCodeDto, ctx: RequestContext): Promise<SubjectView> {
    const errors: FieldError[] = [];
    const legacy = checkLegacyCode(dto, '', errors);
    if (!legacy) throw new FieldValidationProblem(errors.map((e) => ({ ...e, field: e.field.replace(/^\./, '') })));
    const subjectKey = this.subjectKeyOfPathCode(code);
    try {
      await this.store.transaction(async (tx) => {
        const { events } = await handleCommand(tx, subjectStream(subjectKey), subjectDecider, { type: 'AddLegacyCode', data: legacy }, commandMetaOf(ctx.principal, ctx.correlationId, subjectKey));
        await projectSubjectEvents(tx.manager, events);
      });
    } catch (error) {
      if (error instanceof SubjectNotRegistered) throw new NotFoundProblem(`no subject is registered under ${this.displayCode(code)}`);
      if (isUniqueViolation(error)) throw new ConflictProblem(`the ${legacy.scheme} ${legacy.value} already belongs to another subject`, 'value');
      throw error;
    }
    return this.view(subjectKey, ctx, 'add-legacy-code');
  }

  private async check(dto: RegisterSubjectDto): Promise<CheckedRegistration> {
    const checked = checkRegistration(dto, { subjectIdentity: this.config.subjectIdentity });
    if (!checked.ok && checked.invalidCode !== undefined) await this.recordInvalidCode(checked.invalidCode, checked.errors);
    return checked;
  }

  private async persist(checked: Extract<CheckedRegistration, { ok: true }>, ctx: RequestContext): Promise<Outcome> {
    const { subjectKey } = checked;
    try {
      await this.store.transaction(async (tx) => {
        const { events } = await handleCommand(tx, subjectStream(subjectKey), subjectDecider, { type: 'RegisterSubject', data: checked.event }, commandMetaOf(ctx.principal, ctx.correlationId, subjectKey));
        await projectSubjectEvents(tx.manager, events);
        if (checked.clearIdNumber !== null) await this.storeInVault(tx, subjectKey, checked.clearIdNumber);
      });
      return { status: 'CREATED' };
    } catch (error) {
      if (error instanceof SubjectAlreadyRegistered) {
        if (!error.sameName) await this.recordDuplicateClaim(subjectKey, checked.event.name, ctx);
        return { status: 'DUPLICATE' };
      }
      if (error instanceof WrongExpectedVersionError) return { status: 'DUPLICATE' };
      if (isUniqueViolation(error)) {
        return { status: 'INVALID', errors: [{ field: 'legacyCodes', message: 'a legacy code of this subject already belongs to another subject' }] };
      }
      throw error;
    }
  }

  /** 重码: the code is claimed by a second subject. Recorded on the existing subject's stream. */
  private async recordDuplicateClaim(subjectKey: string, claimedName: string, ctx: RequestContext): Promise<void> {
    await this.store.transaction(async (tx) => {
      const { events } = await handleCommand(tx, subjectStream(subjectKey), subjectDecider, { type: 'RecordDuplicateClaim', data: { claimedName } }, commandMetaOf(ctx.principal, ctx.correlationId, subjectKey));
      await projectSubjectEvents(tx.manager, events);
    });
  }

  /** 错码: counted per distinct (masked) code; kept out of the event store, which only takes valid input. */
  private async recordInvalidCode(maskedCode: string, errors: FieldError[]): Promise<void> {
    const detail = errors.find((e) => e.field === 'code')?.message ?? 'invalid code';
    await insertInvalidCodeFinding(this.dataSource, maskedCode, detail);
  }

  private async storeInVault(tx: EventStoreTransaction, subjectKey: string, clearIdNumber: string) {
    // The number may have reached the vault first, handed over by a service that recorded a decision about the person.
    await insertIdCiphertext(tx.manager, subjectKey, encryptField(clearIdNumber, this.config.piiEncryptionKey, subjectKey));
  }

  private async view(subjectKey: string, ctx: RequestContext, purpose: string): Promise<SubjectView> {
    const row = await findSubject(this.dataSource, subjectKey);
    if (!row) throw new NotFoundProblem('no subject is registered under this code');
    const legacyCodes: LegacyCode[] = await listLegacyCodes(this.dataSource, subjectKey);
    let code: string = row.code ?? row.masked_code;
    let masked = row.kind === 'NATURAL_PERSON';
    if (masked && ctx.principal.roles.includes('reader')) {
      code = await this.revealIdNumber(subjectKey, ctx, purpose);
      masked = false;
    }
    return {
      code,
      subjectKey,
      kind: row.kind,
      name: row.name,
      ...(row.legal_representative && { legalRepresentative: row.legal_representative }),
      ...(row.registered_on && { registeredOn: row.registered_on as string }),
      ...(row.registration_authority && { registrationAuthority: row.registration_authority }),
      legacyCodes,
      registeredAt: new Date(row.registered_at).toISOString(),
      version: row.stream_version,
      masked,
    };
  }

  /** Releases a clear ID number to a `reader`, and audits the release in the same transaction. */
  private async revealIdNumber(subjectKey: string, ctx: RequestContext, purpose: string): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const vault = await findIdCiphertext(manager, subjectKey);
      if (!vault) throw new NotFoundProblem('no identity document is kept for this subject');
      await auditPiiAccess(
        manager,
        subjectKey,
        { departmentCode: ctx.principal.departmentCode, name: ctx.principal.name ?? null, roles: ctx.principal.roles },
        purpose,
        ctx.correlationId,
      );
      return decryptField(vault.id_ciphertext, this.config.piiEncryptionKey, subjectKey);
    });
  }

  /** A path code is a USCC, or a citizen ID number whose subject key is its keyed HMAC. */
  private subjectKeyOfPathCode(code: string): string {
    const normalized = code.trim().toUpperCase();
    const asId = validateCitizenId(normalized);
    if (asId.valid) return this.config.subjectIdentity.keyFor('NATURAL_PERSON', asId.normalized);
    return normalized;
  }

  private displayCode(code: string): string {
    return validateCitizenId(code.trim().toUpperCase()).valid ? maskIdNumber(code.trim().toUpperCase()) : code;
  }
}

