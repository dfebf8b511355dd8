/**
 * The credit report (公共信用信息报告) as a pure composition of a subject's folded view: what the
 * website shows on the day of issue, in the sections the report's purpose calls for. The same
 * publicity rules as the subject page (@credit/credit-rules through the fold): repaired, revoked,
 * expired and withdrawn records are absent, natural persons masked.
 */
import type { PenaltyRecordData } from '@credit/contracts';
import { createHash, randomBytes } from 'node:crypto';
import {
  listEntryInForce,
  penaltyInPublicity,
  publicCommitments,
  publicLicenses,
  publicSubject,
  type PublicSubject,
  type SubjectState,
} from '../public/subject-view.projection';

export const REPORT_PURPOSES = ['GENERAL', 'HONOURS', 'GOVERNMENT_PROCUREMENT', 'TENDERING'] as const;
export type ReportPurpose = (typeof REPORT_PURPOSES)[number];

export const REPORT_SECTIONS = ['REGISTRATION', 'LICENSES', 'PENALTIES', 'LISTS', 'COMMITMENTS', 'GRADE'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

type ListKind = 'BLACK' | 'RED';

/**
 * What each purpose shows (README: credit-portal, credit report):
 * - GENERAL (一般用途): every section, both lists.
 * - HONOURS (评优评先): no licences (they say nothing about merit); both lists (a red-list entry
 *   supports a nomination, a black-list entry excludes it), commitments and the grade.
 * - GOVERNMENT_PROCUREMENT (政府采购) and TENDERING (招标投标): licences (qualifications), penalties
 *   (a major violation excludes a supplier), the black list only (the red list grants no exclusion
 *   ground nor a qualification), commitments and the grade.
 */
export const PURPOSES: Record<ReportPurpose, { label: string; sections: readonly ReportSection[]; lists: readonly ListKind[] }> = {
  GENERAL: { label: '一般用途', sections: REPORT_SECTIONS, lists: ['BLACK', 'RED'] },
  HONOURS: { label: '评优评先', sections: ['REGISTRATION', 'PENALTIES', 'LISTS', 'COMMITMENTS', 'GRADE'], lists: ['BLACK', 'RED'] },
  GOVERNMENT_PROCUREMENT: { label: '政府采购', sections: REPORT_SECTIONS, lists: ['BLACK'] },
  TENDERING: { label: '招标投标', sections: REPORT_SECTIONS, lists: ['BLACK'] },
};

const SECTION_LABELS: Record<ReportSection, string> = {
  REGISTRATION: '登记信息',
  LICENSES: '行政许可信息',
  PENALTIES: '行政处罚信息',
  LISTS: '红黑名单信息',
  COMMITMENTS: '信用承诺及履约信息',
  GRADE: '公共信用综合评价',
};

/** The statement of what the report never shows, whatever its purpose. */
export const ABSENT_BY_RULE: readonly { code: string; text: string }[] = [
  { code: 'REPAIRED', text: '已完成信用修复的行政处罚信息、已因修复移出的名单信息不予展示。' },
  { code: 'REVOKED', text: '已被撤销、撤回公示或经异议更正撤回的行政处罚信息不予展示。' },
  { code: 'EXPIRED', text: '超过最长公示期的行政处罚信息、已到期或已移出的红黑名单信息不予展示。' },
  { code: 'COMMITMENTS', text: '非公开、已撤回、已到期的信用承诺不予展示。' },
  { code: 'MASKING', text: '自然人的姓名及身份证号码按规定脱敏展示。' },
];

export const REPORT_TITLE = '公共信用信息报告';

export interface ReportContent {
  title: string;
  purpose: ReportPurpose;
  purposeLabel: string;
  /** The instant of the latest record the report reflects (ISO 8601), null when unknown. */
  asOf: string | null;
  /** The day (Asia/Shanghai) whose publicity the report shows. */
  shownOn: string;
  subject: PublicSubject;
  sections: { code: ReportSection; label: string }[];
  registration?: { legalRepresentative?: string; registeredOn?: string; registrationAuthority?: string; fromRegistry: boolean };
  licenses?: ReturnType<typeof publicLicenses>;
  penalties?: ReportPenalty[];
  lists?: ReportListEntry[];
  commitments?: ReportCommitment[];
  grade?: { score: number; grade: string; ruleVersion: number; factors: { source: string; recordId: string; effect: number }[] } | null;
  notShown: { code: string; text: string }[];
}

/** A penalty as the report shows it: the contract's record fields, with its publicity window. */
type ReportPenalty = Pick<
  PenaltyRecordData,
  'decisionNumber' | 'violationType' | 'violationFacts' | 'basis' | 'categories' | 'content' | 'fineAmount' | 'confiscatedAmount' | 'decidedOn' | 'authority'
> & {
  id: string;
  /** In publicity from `from`; publicity stops on `until` (the maximum period). */
  publicity: { from: string; until: string };
};

interface ReportListEntry {
  id: string;
  list: ListKind;
  category: string;
  document: string;
  initiatingUnit: { name: string; code: string };
  decidedOn: string;
  validUntil?: string;
}

interface ReportCommitment {
  id: string;
  type: string;
  matter: string;
  signedOn: string;
  validUntil?: string;
  acceptingUnit: { name: string; code: string };
  /** FULFILLED, BREACHED, FALSE, or null while no finding was recorded. */
  fulfilment: string | null;
}

export interface IssuedReport extends ReportContent {
  number: string;
  issuedAt: string;
  contentHash: string;
  verificationCode: string;
}

const byDecisionThenId = (a: { decidedOn: string; id: string }, b: { decidedOn: string; id: string }) =>
  b.decidedOn.localeCompare(a.decidedOn) || a.id.localeCompare(b.id);

/**
 * The report's content for `purpose` on `today` (YYYY-MM-DD, Asia/Shanghai), or null when the
 * website shows no such subject. Every list is in a fixed order, so the same records always give the
 * same content (and content hash).
 */
export function composeReport(state: SubjectState, options: { purpose: ReportPurpose; today: string; asOf: string | null }): ReportContent | null {
  if (!state.subject) return null;
  const { purpose, today, asOf } = options;
  const plan = PURPOSES[purpose];
  const has = (section: ReportSection) => plan.sections.includes(section);
  const content: ReportContent = {
    title: REPORT_TITLE,
    purpose,
    purposeLabel: plan.label,
    asOf,
    shownOn: today,
    subject: publicSubject(state.subject),
    sections: plan.sections.map((code) => ({ code, label: SECTION_LABELS[code] })),
    notShown: [...ABSENT_BY_RULE],
  };
  if (has('REGISTRATION')) {
    const person = state.subject.kind === 'NATURAL_PERSON';
    const registration = state.subject.registration ?? {};
    content.registration = {
      // A natural person has no legal representative; nothing beyond the masked name and number is shown of them.
      ...(!person && registration.legalRepresentative !== undefined && { legalRepresentative: registration.legalRepresentative }),
      ...(registration.registeredOn !== undefined && { registeredOn: registration.registeredOn }),
      ...(registration.registrationAuthority !== undefined && { registrationAuthority: registration.registrationAuthority }),
      fromRegistry: state.subject.fromRegistry,
    };
  }
  if (has('LICENSES')) content.licenses = publicLicenses(state);
  if (has('PENALTIES')) {
    content.penalties = Object.values(state.penalties)
      .filter((p) => penaltyInPublicity(p, today))
      .map(({ data }) => ({
        id: data.penaltyId,
        decisionNumber: data.decisionNumber,
        violationType: data.violationType,
        violationFacts: data.violationFacts,
        basis: data.basis,
        categories: data.categories,
        content: data.content,
        ...(data.fineAmount !== undefined && { fineAmount: data.fineAmount }),
        ...(data.confiscatedAmount !== undefined && { confiscatedAmount: data.confiscatedAmount }),
        decidedOn: data.decidedOn,
        authority: data.authority,
        publicity: { from: data.publicity.from, until: data.publicity.maximumUntil },
      }))
      .sort(byDecisionThenId);
  }
  if (has('LISTS')) {
    content.lists = Object.values(state.lists)
      .filter((l) => listEntryInForce(l, today) && plan.lists.includes(l.data.list))
      .map(({ data }) => ({
        id: data.listEntryId,
        list: data.list,
        category: data.category,
        document: data.basis?.document,
        initiatingUnit: data.initiatingUnit,
        decidedOn: data.decidedOn,
        ...(data.validUntil !== undefined && { validUntil: data.validUntil }),
      }))
      .sort((a, b) => a.list.localeCompare(b.list) || byDecisionThenId(a, b));
  }
  if (has('COMMITMENTS')) {
    content.commitments = publicCommitments(state, today).sort((a, b) => b.signedOn.localeCompare(a.signedOn) || a.id.localeCompare(b.id));
  }
  if (has('GRADE')) {
    content.grade = state.grade
      ? { score: state.grade.score, grade: state.grade.grade, ruleVersion: state.grade.ruleVersion, factors: [...state.grade.factors] }
      : null;
  }
  const omitted = REPORT_SECTIONS.filter((s) => !has(s)).map((s) => SECTION_LABELS[s]);
  if (omitted.length > 0) content.notShown.push({ code: 'PURPOSE', text: `按本报告用途（${plan.label}），不含：${omitted.join('、')}。` });
  if (has('LISTS') && plan.lists.length < 2) content.notShown.push({ code: 'PURPOSE_LISTS', text: `按本报告用途（${plan.label}），名单信息仅含严重失信主体名单（黑名单）。` });
  return content;
}

/** JSON with object keys in code-point order at every depth: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of the report's content in canonical JSON: its ETag and what verification confirms. */
export const contentHashOf = (content: ReportContent): string => createHash('sha256').update(canonicalJson(content)).digest('hex');

/** The code printed on the report: the first 16 hex digits of SHA-256(number:contentHash), in groups of four. */
export function verificationCodeOf(number: string, contentHash: string): string {
  const hex = createHash('sha256').update(`${number}:${contentHash}`).digest('hex').slice(0, 16).toUpperCase();
  return hex.match(/.{4}/g)!.join('-');
}

const NUMBER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** `CR` + the issue day (Asia/Shanghai, YYYYMMDD) + `-` + 10 random characters (Crockford base 32). */
export const REPORT_NUMBER_SHAPE = /^CR\d{8}-[0-9A-HJKMNP-TV-Z]{10}$/;

export function newReportNumber(issueDay: string): string {
  const random = [...randomBytes(10)].map((b) => NUMBER_ALPHABET[b % 32]).join('');
  return `CR${issueDay.replace(/-/g, '')}-${random}`;
}

/** The report as issued: its content with a number, the issue instant, the content hash and the verification code. */
export function issueReport(content: ReportContent, number: string, issuedAt: string): IssuedReport {
  const contentHash = contentHashOf(content);
  return { number, issuedAt, contentHash, verificationCode: verificationCodeOf(number, contentHash), ...content };
}
