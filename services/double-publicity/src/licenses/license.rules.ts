/**
 * The checks a licence record must pass beyond its shape (domain.md §1–§2), with the same subject,
 * unit, date and timeliness rules as penalty intake (imported from it, so both validate alike). Pure:
 * returns field errors, so single and batch intake share it.
 */
import type { LicensePublishedV1 } from '@credit/contracts';
import { parseIsoDate, todayInShanghai } from '@credit/domain-kernel';
import {
  checkDecidedOn,
  checkEndDate,
  checkParties,
  matterOf,
  text,
  type FieldError,
  type PenaltySettings,
  type PersonalNumbers,
} from '../penalties/penalty.rules';
import type { RecordLicenseDto } from './license.dto';
import { timelinessOf } from '../records/timeliness.rules';

export type CheckedLicense = { ok: true; subjectKey: string; record: LicensePublishedV1; personal: PersonalNumbers } | { ok: false; errors: FieldError[] };

export function checkLicense(dto: RecordLicenseDto, settings: PenaltySettings, licenseId: string, now: Date): CheckedLicense {
  const errors: FieldError[] = [];
  const parties = checkParties(dto, settings, errors);
  checkDecidedOn(dto.decidedOn, todayInShanghai(now), errors);
  if (parseIsoDate(dto.validFrom) === null) errors.push({ field: 'validFrom', message: 'validFrom must be a real calendar date (YYYY-MM-DD)' });
  checkEndDate('validUntil', dto.validUntil, 'validFrom', dto.validFrom, errors);
  // The decision number falls back to the licence number (domain.md §2); one of them must be there.
  const decisionNumber = dto.decisionNumber ?? dto.licenseNumber;
  if (decisionNumber === undefined) {
    errors.push({ field: 'decisionNumber', message: 'decisionNumber is required when there is no licenseNumber to fall back to' });
  }
  // `category` is the standard's name of licenseType: either may carry it, both must agree.
  const licenseType = dto.licenseType ?? dto.category;
  if (dto.category !== undefined && dto.licenseType !== undefined && dto.category !== dto.licenseType) {
    errors.push({ field: 'category', message: `category ${dto.category} contradicts licenseType ${dto.licenseType}: both name the licence category (许可类别)` });
  }
  if (licenseType === undefined) errors.push({ field: 'licenseType', message: 'licenseType (or category) is required' });
  if (errors.length > 0 || parties === null || decisionNumber === undefined || licenseType === undefined) return { ok: false, errors };

  return {
    ok: true,
    subjectKey: parties.subjectKey,
    record: {
      licenseId,
      decisionNumber: text(decisionNumber),
      subject: parties.subject,
      licenseName: text(dto.licenseName),
      ...(dto.licenseNumber !== undefined && { licenseNumber: text(dto.licenseNumber) }),
      licenseType,
      ...(dto.certificateName !== undefined && { certificateName: text(dto.certificateName) }),
      content: text(dto.content),
      decidedOn: dto.decidedOn,
      validFrom: dto.validFrom,
      ...(dto.validUntil !== undefined && { validUntil: dto.validUntil }),
      ...(dto.status !== undefined && { status: text(dto.status) }),
      ...(dto.remarks !== undefined && { remarks: text(dto.remarks) }),
      ...matterOf(dto),
      authority: parties.authority,
      sourceUnit: parties.sourceUnit,
      ...timelinessOf(dto.decidedOn, now, settings.calendar),
    },
    personal: parties.personal,
  };
}
