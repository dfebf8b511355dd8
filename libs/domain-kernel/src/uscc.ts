/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters.
 *
 *   position 1      registration authority (登记管理部门代码)
 *   position 2      organisation category (机构类别代码)
 *   positions 3–8   administrative division code of the registering office (行政区划码)
 *   positions 9–17  organisation code (组织机构代码, GB 11714) with its own check character at 17
 *   position 18     check character (校验码), mod 31 over positions 1–17
 */
import { characterLength, CodeError, CodeValidation, normalizeCode } from './code-validation';
import { SubjectKind } from './subject-kind';

export type UsccReason =
  | 'length'
  | 'charset'
  | 'registration-authority'
  | 'division-code'
  | 'organisation-code-check'
  | 'check-character'
  | 'placeholder';

export interface UsccValidation extends CodeValidation<UsccReason> {
  /** The 双公示 placeholder for an individual business without a code: never a valid code. */
  readonly placeholder: boolean;
  /** Valid only because the code is on the pilot-code allow-list (it fails the mod-31 check). */
  readonly allowListed: boolean;
}

export interface UsccValidationOptions {
  /** Normalised codes accepted despite a wrong check character; build it with {@link usccAllowList}. */
  readonly allowList?: ReadonlySet<string>;
}

export const USCC_LENGTH = 18;

/** The 31 characters of the code, in value order 0–30 (no I, O, S, V, Z). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * Used by 双公示 feeds for an individual business that has no code; the business registration
 * number (工商注册号) is then mandatory and identifies the subject instead.
 */
export const USCC_PLACEHOLDER = '00000000000000000X';

const CHECK_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORGANIZATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const REGISTRATION_AUTHORITIES = '123456789ANY';

export interface OrganizationCategory {
  /** Positions 1–2 of the code, e.g. `92`. */
  readonly code: string;
  /** Registration authority (登记管理部门) named by position 1. */
  readonly authority: string;
  /** Organisation category (机构类别) named by positions 1–2. */
  readonly category: string;
}

/**
 * Registration authorities and organisation categories of GB 32100-2015 appendix A (with the later
 * additions A: military, N: agricultural collective economic organisations).
 */
const AUTHORITIES: Readonly<Record<string, { name: string; categories: Record<string, string> }>> = {
  '1': {
    name: '机构编制 (establishment administration)',
    categories: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' },
  },
  '2': { name: '外交 (foreign affairs)', categories: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政 (justice administration)',
    categories: {
      '1': '律师执业机构',
      '2': '公证处',
      '3': '基层法律服务所',
      '4': '司法鉴定机构',
      '5': '仲裁委员会',
      '9': '其他',
    },
  },
  '4': { name: '文化 (culture)', categories: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政 (civil affairs)', categories: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': {
    name: '旅游 (tourism)',
    categories: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' },
  },
  '7': { name: '宗教 (religious affairs)', categories: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会 (trade unions)', categories: { '1': '基层工会', '9': '其他' } },
  '9': { name: '工商 / 市场监管 (market regulation)', categories: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室 (military)', categories: { '1': '军队事业单位', '9': '其他' } },
  N: {
    name: '农业 (agriculture)',
    categories: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' },
  },
  Y: { name: '其他 (other)', categories: { '1': '其他' } },
};

const ALPHABET_VALUE: ReadonlyMap<string, number> = new Map(Array.from(USCC_ALPHABET, (c, value) => [c, value]));

/**
 * GB 11714 values the organisation code over the full Latin alphabet (A=10 … Z=35), not the
 * 31-character table of the outer code.
 */
function organizationCodeValue(char: string): number {
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  throw new RangeError(`'${char}' is not a character of an organisation code (组织机构代码)`);
}

/** Check character (position 17) of a GB 11714 organisation code, from its first 8 characters. */
export function computeOrganizationCodeCheckCharacter(first8: string): string {
  if (first8.length !== ORGANIZATION_CODE_WEIGHTS.length) {
    throw new RangeError(`an organisation code check needs exactly 8 characters, got ${first8.length}`);
  }
  let sum = 0;
  for (let i = 0; i < first8.length; i++) sum += organizationCodeValue(first8[i]) * ORGANIZATION_CODE_WEIGHTS[i];
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * A stand-alone organisation code (组织机构代码, GB 11714), the legacy identifier older records carry:
 * 8 digits or capital letters and the check character, also in the printed form `MA5K1234-7`.
 */
export function isValidOrganizationCode(raw: string): boolean {
  const code = normalizeCode(raw).replace(/^(.{8})-(.)$/, '$1$2');
  return /^[0-9A-Z]{8}[0-9X]$/.test(code) && computeOrganizationCodeCheckCharacter(code.slice(0, 8)) === code[8];
}

/** Check character (position 18) of a unified social credit code, from its first 17 characters. */
export function computeUsccCheckCharacter(first17: string): string {
  if (first17.length !== CHECK_WEIGHTS.length) {
    throw new RangeError(`a unified social credit code check needs exactly 17 characters, got ${first17.length}`);
  }
  let sum = 0;
  for (let i = 0; i < first17.length; i++) {
    const value = ALPHABET_VALUE.get(first17[i]);
    if (value === undefined) throw new RangeError(`'${first17[i]}' is not in the unified social credit code alphabet`);
    sum += value * CHECK_WEIGHTS[i];
  }
  const check = 31 - (sum % 31);
  return USCC_ALPHABET[check === 31 ? 0 : check];
}

export function isUsccPlaceholder(raw: string): boolean {
  return normalizeCode(raw) === USCC_PLACEHOLDER;
}

/**
 * Builds the allow-list of early pilot codes (Fujian) that are legal but fail the mod-31 check.
 * Entries are normalised; an entry that is not even shaped like a code is a configuration error.
 */
export function usccAllowList(codes: Iterable<string>): ReadonlySet<string> {
  const list = new Set<string>();
  for (const raw of codes) {
    const code = normalizeCode(raw);
    const shapeErrors = checkShape(code);
    if (shapeErrors.length > 0) {
      throw new RangeError(`allow-listed code '${code}' is malformed: ${shapeErrors.map((i) => i.message).join('; ')}`);
    }
    list.add(code);
  }
  return list;
}

export function validateUscc(raw: string, options: UsccValidationOptions = {}): UsccValidation {
  const code = normalizeCode(raw);
  if (code === USCC_PLACEHOLDER) {
    return {
      valid: false,
      normalized: code,
      placeholder: true,
      allowListed: false,
      errors: [
        {
          reason: 'placeholder',
          message:
            `${USCC_PLACEHOLDER} is the placeholder for an individual business without a code (无代码个体工商户); ` +
            'the business registration number (工商注册号) identifies it instead',
        },
      ],
    };
  }

  const errors: CodeError<UsccReason>[] = checkShape(code);
  if (errors.length === 0) {
    const authority = code[0];
    if (!REGISTRATION_AUTHORITIES.includes(authority)) {
      errors.push({
        reason: 'registration-authority',
        message: `position 1 '${authority}' is not a registration authority code (登记管理部门代码): expected one of 1–9, A, N, Y`,
      });
    }
    const division = code.slice(2, 8);
    if (!/^\d{6}$/.test(division)) {
      errors.push({
        reason: 'division-code',
        message: `positions 3–8 '${division}' are not a 6-digit administrative division code (行政区划码)`,
      });
    }
    const organizationCheck = computeOrganizationCodeCheckCharacter(code.slice(8, 16));
    if (code[16] !== organizationCheck) {
      errors.push({
        reason: 'organisation-code-check',
        message: `the embedded organisation code (组织机构代码, positions 9–17) ends in '${code[16]}' but its GB 11714 check character is '${organizationCheck}'`,
      });
    }
    const check = computeUsccCheckCharacter(code.slice(0, 17));
    if (code[17] !== check) {
      errors.push({
        reason: 'check-character',
        message: `check character (校验码, position 18) is '${code[17]}' but positions 1–17 give '${check}'`,
      });
    }
  }

  // The allow-list forgives exactly the pilot codes' defect, a wrong mod-31 check character, and
  // nothing else: a listed code with any other problem is still rejected.
  const allowListed =
    errors.length === 1 && errors[0].reason === 'check-character' && (options.allowList?.has(code) ?? false);
  if (allowListed) return { valid: true, normalized: code, placeholder: false, allowListed: true, errors: [] };
  return { valid: errors.length === 0, normalized: code, placeholder: false, allowListed: false, errors };
}

export function isValidUscc(raw: string, options: UsccValidationOptions = {}): boolean {
  return validateUscc(raw, options).valid;
}

/** Registration authority and organisation category named by positions 1–2, if the standard lists them. */
export function organizationCategoryOf(uscc: string): OrganizationCategory | undefined {
  const code = normalizeCode(uscc);
  const authority = AUTHORITIES[code[0]];
  const category = authority?.categories[code[1]];
  if (!authority || !category) return undefined;
  return { code: code.slice(0, 2), authority: authority.name, category };
}

/**
 * Subject kind a code implies when the source does not say. Only category 92 (个体工商户) is certain;
 * whether another organisation is a legal person is not encoded (a 91 partnership enterprise is a
 * non-legal-person organisation), so the legal-person default yields to a declared category.
 */
export function inferSubjectKind(uscc: string): SubjectKind {
  return normalizeCode(uscc).startsWith('92') ? SubjectKind.INDIVIDUAL_BUSINESS : SubjectKind.LEGAL_PERSON;
}

/** Length and alphabet: the checks every later one depends on. */
function checkShape(code: string): CodeError<UsccReason>[] {
  const length = characterLength(code);
  if (length !== USCC_LENGTH) {
    return [
      {
        reason: 'length',
        message: `a unified social credit code (统一社会信用代码) has ${USCC_LENGTH} characters, got ${length}`,
      },
    ];
  }
  const badPositions = Array.from(code).flatMap((c, i) => (ALPHABET_VALUE.has(c) ? [] : [i + 1]));
  if (badPositions.length > 0) {
    return [
      {
        reason: 'charset',
        message:
          `position(s) ${badPositions.join(', ')} hold characters outside the 31-character code alphabet ` +
          '(0–9 and A–Z except I, O, S, V, Z; no spaces or full-width characters)',
      },
    ];
  }
  return [];
}
