import {
  LICENSE_CORRECTABLE_FIELDS,
  PENALTY_CORRECTABLE_FIELDS,
  isUuid,
  type LicensePublishedV1,
} from '@credit/contracts';
import { EventStore, handleCommand, type EventStoreTransaction } from '@credit/event-store';
import { assertSourceUnit, commandMetaOf, FieldValidationProblem, NotFoundProblem, StateConflictError, validationErrorsToFields, type RequestContext } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DoublePublicityConfig } from '../config';
import { RecordLicenseDto } from '../licenses/license.dto';
import { licenseDecider, licenseStream } from '../licenses/license.decider';
import { checkLicense } from '../licenses/license.rules';
import { LicensesService, type LicenseView } from '../licenses/licenses.service';
import { projectLicenseEvents } from '../licenses/licenses.projection';
import { PenaltiesService, type PenaltyView } from '../penalties/penalties.service';
import { PenaltyNotCorrectable, type PenaltyRecord } from '../penalties/penalty.decider';
import { RecordPenaltyDto } from '../penalties/penalty.dto';
import { checkPenalty, type FieldError } from '../penalties/penalty.rules';
import type { CorrectRecordDto } from './correction.dto';
import { findRecordForCorrection, type StoredRow } from './corrections.repository';
import { applyFields, asCorrectionErrors, changesBetween, keepUncorrected, uncorrectableFields } from './correction.rules';

export interface CorrectionOptions {
  /** The upheld objection applying the correction: its reviewer acts, the source-unit rule does not apply. */
  objectionId?: string;
  /** How the request names the corrected fields in errors (default `fields`). */
  field?: string;
}

/** A correction of one record, applied in the caller's transaction. */
interface Correction {
  tx: EventStoreTransaction;
  id: string;
  fields: Record<string, unknown>;
  reason: string;
  ctx: RequestContext;
  options: CorrectionOptions;
}

/**
 * Corrections of penalty and licence records by their source unit (api-contract: POST
 * /penalties/{id}/corrections, source unit only, no reviewer), and by a reviewer upholding an
 * objection. Each correction is one event with the changed fields before and after, the reason and
 * the actor (the record's history shows it); a corrected penalty's publicity window is recomputed
 * from its corrected decision date, severity and categories by the intake rules.
 */
@Injectable()
export class CorrectionsService {
  constructor(
    private readonly store: EventStore,
    private readonly config: DoublePublicityConfig,
    private readonly penalties: PenaltiesService,
    private readonly licenses: LicensesService,
  ) {}

  async correctPenalty(id: string, dto: CorrectRecordDto, ctx: RequestContext): Promise<PenaltyView> {
    const refused = uncorrectableFields(dto.fields, PENALTY_CORRECTABLE_FIELDS, 'penalty');
    if (refused.length > 0) throw new FieldValidationProblem(refused);
    await this.store.transaction((tx) => this.applyTo('PENALTY', tx, id, dto.fields, dto.reason, ctx));
    return this.penalties.get(id);
  }

  async correctLicense(id: string, dto: CorrectRecordDto, ctx: RequestContext): Promise<LicenseView> {
    const refused = uncorrectableFields(dto.fields, LICENSE_CORRECTABLE_FIELDS, 'licence');
    if (refused.length > 0) throw new FieldValidationProblem(refused);
    await this.store.transaction((tx) => this.applyTo('LICENSE', tx, id, dto.fields, dto.reason, ctx));
    return this.licenses.get(id);
  }

  /** Refuses field names that are not correctable for the record type, before any write. */
  refusedFields(recordType: 'PENALTY' | 'LICENSE', fields: Record<string, unknown>, prefix = 'fields'): FieldError[] {
    return recordType === 'PENALTY'
      ? uncorrectableFields(fields, PENALTY_CORRECTABLE_FIELDS, 'penalty', prefix)
      : uncorrectableFields(fields, LICENSE_CORRECTABLE_FIELDS, 'licence', prefix);
  }

  /** Corrects a penalty or licence record in the caller's transaction; returns the correction event's id (null: nothing changed). */
  applyTo(
    recordType: 'PENALTY' | 'LICENSE',
    tx: EventStoreTransaction,
    id: string,
    fields: Record<string, unknown>,
    reason: string,
    ctx: RequestContext,
    options: CorrectionOptions = {},
  ): Promise<string | null> {
    const correction: Correction = { tx, id, fields, reason, ctx, options };
    return recordType === 'PENALTY' ? this.applyToPenalty(correction) : this.applyToLicense(correction);
  }

  private async applyToPenalty({ tx, id, fields, reason, ctx, options }: Correction): Promise<string | null> {
    const row = await this.lockedOwnRecord<PenaltyRecord>(tx, 'penalties', id, 'penalty', ctx);
    if (row.publicity_status === 'WITHDRAWN') throw notCorrectable(new PenaltyNotCorrectable().message);
    const stored = row.record;
    const merged = applyFields(penaltyIntakeForm(stored), fields);
    await this.assertIntakeShape(RecordPenaltyDto, merged, fields, options.field);
    // Checked as of its collection: timeliness stays relative to when the record was received.
    const checked = checkPenalty(plainToInstance(RecordPenaltyDto, merged), this.config, stored.penaltyId, new Date(row.recorded_at));
    if (!checked.ok) throw new FieldValidationProblem(asCorrectionErrors(checked.errors, options.field));
    const record = keepUncorrected(stored, checked.record, { subject: stored.subject }, Object.keys(fields));
    const changes = changesBetween(stored, record, PENALTY_CORRECTABLE_FIELDS);
    try {
      const events = await this.penalties.handle(
        tx,
        id,
        {
          type: 'CorrectPenalty',
          data: {
            penaltyId: id,
            reason: reason.trim(),
            changes,
            ...(options.objectionId && { objectionId: options.objectionId }),
            record,
            previousPublicityStatus: row.publicity_status === 'PUBLISHED' ? 'PUBLISHED' : 'NOT_PUBLISHED',
          },
        },
        commandMetaOf(ctx.principal, ctx.correlationId, row.subject_key),
      );
      return events[0]?.id ?? null;
    } catch (error) {
      if (error instanceof PenaltyNotCorrectable) throw notCorrectable(error.message);
      throw error;
    }
  }

  private async applyToLicense({ tx, id, fields, reason, ctx, options }: Correction): Promise<string | null> {
    const row = await this.lockedOwnRecord<LicensePublishedV1>(tx, 'licenses', id, 'licence', ctx);
    const stored = row.record;
    const { licenseId: _id, timely: _timely, subject, ...rest } = stored;
    const merged = applyFields({ ...rest, subject: standInSubject(subject.name, stored.authority.code) }, fields);
    await this.assertIntakeShape(RecordLicenseDto, merged, fields, options.field);
    const checked = checkLicense(plainToInstance(RecordLicenseDto, merged), this.config, stored.licenseId, new Date(row.recorded_at));
    if (!checked.ok) throw new FieldValidationProblem(asCorrectionErrors(checked.errors, options.field));
    const record = keepUncorrected(stored, checked.record, { subject: stored.subject }, Object.keys(fields));
    const changes = changesBetween(stored, record, LICENSE_CORRECTABLE_FIELDS);
    const { events } = await handleCommand(
      tx,
      licenseStream(id),
      licenseDecider,
      { type: 'CorrectLicense', data: { licenseId: id, reason: reason.trim(), changes, ...(options.objectionId && { objectionId: options.objectionId }), record } },
      commandMetaOf(ctx.principal, ctx.correlationId, row.subject_key),
    );
    await projectLicenseEvents(tx.manager, events);
    return events[0]?.id ?? null;
  }

  /**
   * The record, locked for the transaction, so two corrections of it apply one after the other; only
   * its source unit corrects it, the same rule whether corrected directly or through an upheld objection.
   */
  private async lockedOwnRecord<T>(tx: EventStoreTransaction, table: 'penalties' | 'licenses', id: string, kind: string, ctx: RequestContext): Promise<StoredRow<T>> {
    const row = isUuid(id) ? await findRecordForCorrection<T>(tx.manager, table, id) : undefined;
    if (!row) throw new NotFoundProblem(`no ${kind} record ${id}`);
    assertSourceUnit(ctx.principal, row.source_unit_code);
    return row;
  }

  /** The intake DTO's rules for the corrected fields (the other fields passed them at intake). */
  private async assertIntakeShape(dtoClass: new () => object, merged: Record<string, unknown>, fields: Record<string, unknown>, prefix?: string): Promise<void> {
    const errors = validationErrorsToFields(await validate(plainToInstance(dtoClass, merged), { whitelist: true, forbidNonWhitelisted: true }));
    const corrected = Object.keys(fields);
    const relevant = errors.filter((e) => corrected.includes(e.field.split('.')[0]));
    if (relevant.length > 0) throw new FieldValidationProblem(asCorrectionErrors(relevant, prefix));
  }
}

/**
 * The subject is not corrected, and a person's clear number is not kept here: the intake rules run on
 * the authority's code in its place, and the stored subject block is put back afterwards.
 */
function standInSubject(name: string, authorityCode: string) {
  return { kind: 'LEGAL_PERSON', name, code: authorityCode };
}

/** A stored penalty in the shape of the intake request (its withheld disclosure restated). */
function penaltyIntakeForm(record: PenaltyRecord): Record<string, unknown> {
  const { penaltyId: _id, publicity, timely: _timely, subject, ...rest } = record;
  return {
    ...rest,
    subject: standInSubject(subject.name, record.authority.code),
    ...(publicity.status === 'NOT_PUBLISHED' &&
      publicity.reason === 'DISCLOSURE_WITHHELD' && { disclosure: { public: false, ...(publicity.note !== undefined && { reason: publicity.note }) } }),
  };
}

/** A record out of publicity is closed: correcting it conflicts with its state (409). */
function notCorrectable(message: string): StateConflictError {
  return new StateConflictError(`${message}: a record out of publicity is closed; record a new decision instead`, { rule: 'correction.record-in-publicity' });
}
