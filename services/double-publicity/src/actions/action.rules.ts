/**
 * The checks an administrative action record must pass beyond its shape: the same subject, unit,
 * date and timeliness rules as penalties and licences (shared from penalty intake). Pure: returns
 * field errors, so single and batch intake can share it.
 */
import type { AdministrativeActionRecordedV1 } from '@credit/contracts';
import { todayInShanghai } from '@credit/domain-kernel';
import {
  checkDecidedOn,
  checkEndDate,
  checkParties,
  matterOf,
  money,
  text,
  type FieldError,
  type PenaltySettings,
  type PersonalNumbers,
} from '../penalties/penalty.rules';
import type { RecordAdministrativeActionDto } from './action.dto';
import { timelinessOf } from '../records/timeliness.rules';

export type CheckedAdministrativeAction =
  | { ok: true; subjectKey: string; record: AdministrativeActionRecordedV1; personal: PersonalNumbers }
  | { ok: false; errors: FieldError[] };

export function checkAdministrativeAction(
  dto: RecordAdministrativeActionDto,
  settings: PenaltySettings,
  actionId: string,
  now: Date,
): CheckedAdministrativeAction {
  const errors: FieldError[] = [];
  const parties = checkParties(dto, settings, errors);
  checkDecidedOn(dto.decidedOn, todayInShanghai(now), errors);
  checkEndDate('validUntil', dto.validUntil, 'decidedOn', dto.decidedOn, errors);
  if (errors.length > 0 || parties === null) return { ok: false, errors };
  const disclosure = dto.disclosure ?? { public: true };
  return {
    ok: true,
    subjectKey: parties.subjectKey,
    personal: parties.personal,
    record: {
      actionId,
      actionType: dto.actionType,
      decisionNumber: text(dto.decisionNumber),
      subject: parties.subject,
      content: text(dto.content),
      ...(dto.basis !== undefined && { basis: text(dto.basis) }),
      ...(dto.amount !== undefined && { amount: money(dto.amount) }),
      ...(dto.result !== undefined && { result: text(dto.result) }),
      decidedOn: dto.decidedOn,
      ...(dto.validUntil !== undefined && { validUntil: dto.validUntil }),
      ...(dto.remarks !== undefined && { remarks: text(dto.remarks) }),
      ...matterOf(dto),
      authority: parties.authority,
      sourceUnit: parties.sourceUnit,
      disclosure: { public: disclosure.public, ...(disclosure.reason !== undefined && { reason: text(disclosure.reason) }) },
      ...timelinessOf(dto.decidedOn, now, settings.calendar),
    },
  };
}
