/**
 * One row of a feed (CSV columns or a JSON line's fields) → one item of `POST /{penalties,licenses}/batch`,
 * through the table of national-fields.ts. Conversions are exact (万元 amounts in decimal string
 * arithmetic, dates rewritten, never parsed into floats or Date objects). A row that cannot be
 * converted is refused here with field errors and never sent; what converts is sent as it is and
 * the service's rules decide on it (missing required fields included).
 */
import {
  API_FIELD_CONVERTERS,
  DOCUMENT_TYPE_LABELS,
  LICENSE_STATUS_CODES,
  NATIONAL_FIELDS,
  NO_USCC_PLACEHOLDER,
  PROCEDURE_LABELS,
  SEVERITY_LABELS,
  SUBJECT_KIND_LABELS,
  type Converter,
  type ImportKind,
} from './national-fields';

export interface RowError {
  field: string;
  message: string;
}

export type MappedRow = { ok: true; item: Record<string, unknown> } | { ok: false; errors: RowError[] };

/** What a column header means for a record type. */
export type Column =
  | { kind: 'field'; header: string; field: string; convert: Converter }
  | { kind: 'ignored'; header: string; note: string }
  | { kind: 'unknown'; header: string };

export interface MapOptions {
  /** Severity (GENERAL / SERIOUS) of penalty rows that give none; the national layout has no such column. */
  severity?: string;
}

/** Labels are matched without spaces, ASCII and full-width brackets alike. */
export function normalizeLabel(label: string): string {
  return label.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

const API_PATH = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;

const labelIndex = new Map<ImportKind, Map<string, (typeof NATIONAL_FIELDS)[number]>>();
function labelsOf(kind: ImportKind): Map<string, (typeof NATIONAL_FIELDS)[number]> {
  let index = labelIndex.get(kind);
  if (!index) {
    index = new Map();
    for (const rule of NATIONAL_FIELDS) {
      if (!rule.kinds.includes(kind)) continue;
      for (const label of rule.labels) index.set(normalizeLabel(label), rule);
    }
    labelIndex.set(kind, index);
  }
  return index;
}

/** The meaning of a column header (a national label or an API field path) for `kind`. */
export function resolveColumn(kind: ImportKind, header: string): Column {
  const rule = labelsOf(kind).get(normalizeLabel(header));
  if (rule) {
    return rule.field === null
      ? { kind: 'ignored', header, note: rule.note ?? 'not sent' }
      : { kind: 'field', header, field: rule.field, convert: rule.convert ?? 'text' };
  }
  const path = header.trim();
  if (API_PATH.test(path)) return { kind: 'field', header, field: path, convert: API_FIELD_CONVERTERS[path] ?? 'text' };
  return { kind: 'unknown', header };
}

/** Maps one row given as (column, value) pairs; empty values are left out. */
export function mapRow(kind: ImportKind, cells: { column: Column; value: unknown }[], options: MapOptions = {}): MappedRow {
  const item: Record<string, unknown> = {};
  const combined: Record<string, string> = {};
  const errors: RowError[] = [];
  for (const { column, value } of cells) {
    if (column.kind !== 'field' || isEmpty(value)) continue;
    const converted = convert(column.convert, value);
    if (!converted.ok) {
      errors.push({ field: apiName(column.field), message: `${column.header} ${JSON.stringify(value)}: ${converted.message}` });
      continue;
    }
    if (column.field.startsWith('$')) combined[column.field] = String(converted.value);
    else setPath(item, column.field, converted.value);
  }

  const subject = (item.subject ?? {}) as Record<string, unknown>;
  if (subject.code === undefined) {
    const uscc = combined.$subjectUscc;
    const documentNumber = combined.$subjectDocumentNumber;
    const code =
      subject.kind === 'NATURAL_PERSON'
        ? (documentNumber ?? uscc)
        : (uscc ?? (subject.kind === 'INDIVIDUAL_BUSINESS' && subject.registrationNumber !== undefined ? NO_USCC_PLACEHOLDER : undefined));
    if (code !== undefined) setPath(item, 'subject.code', code);
  }
  // National feeds fill 证件类型 for organisations too (统一社会信用代码); only a natural person's is sent.
  if (subject.documentType !== undefined && subject.kind !== 'NATURAL_PERSON') delete subject.documentType;
  const certificate = combined.$suspendedCertificate;
  if (certificate !== undefined && kind === 'penalties') {
    const split = splitCertificate(certificate);
    if (split) setPath(item, 'suspendedCertificate', split);
    else {
      errors.push({
        field: 'suspendedCertificate',
        message: `暂扣或吊销证照名称及编号 ${JSON.stringify(certificate)}: give the name and the number, e.g. 食品经营许可证（JY14501000012345）`,
      });
    }
  }
  if (kind === 'penalties' && item.severity === undefined && options.severity !== undefined) item.severity = options.severity;
  return errors.length > 0 ? { ok: false, errors } : { ok: true, item };
}

/**
 * 万元 (as a decimal string) → yuan with two decimals, exactly: `0.2` → `2000.00`, `1.234567` →
 * `12345.67`. Null when it is not a non-negative decimal, or has more than 6 decimals (less than a fen).
 */
export function wanYuanToYuan(value: string): string | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return null;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > 6) return null;
  const digits = fraction.padEnd(6, '0');
  const yuan = BigInt(match[1] + digits.slice(0, 4)).toString();
  return `${yuan}.${digits.slice(4)}`;
}

/** A date in one of the forms feeds use → `YYYY-MM-DD` (calendar validity is the service's check); null otherwise. */
export function normalizeDate(value: string): string | null {
  const text = value.trim();
  const pad = (n: string) => n.padStart(2, '0');
  const separated = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (separated) return `${separated[1]}-${pad(separated[2])}-${pad(separated[3])}`;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  return null;
}

/** 处罚类别 as one cell: separated by ；;、,， or whitespace. */
export function splitCategories(value: string): string[] {
  return value
    .split(/[;；、,，\s]+/)
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

/** `食品经营许可证（JY14501000012345）`, `食品经营许可证 JY14501000012345`, `食品经营许可证，JY…` → name and number. */
export function splitCertificate(value: string): { name: string; number: string } | null {
  const text = value.trim();
  const bracketed = /^(.+?)\s*[（(]\s*([^（）()]+?)\s*[）)]$/.exec(text);
  if (bracketed) return { name: bracketed[1].trim(), number: bracketed[2].trim() };
  const separated = /^(.*\S)\s*(?:[,，;；:：]|\s)\s*([0-9A-Za-z][0-9A-Za-z\-—/〔〕[\]]*)$/.exec(text);
  if (separated) return { name: separated[1].trim(), number: separated[2].trim() };
  return null;
}

type Converted = { ok: true; value: unknown } | { ok: false; message: string };

function convert(converter: Converter, raw: unknown): Converted {
  if (converter === 'categories') {
    if (Array.isArray(raw)) return { ok: true, value: raw.map((c) => (typeof c === 'string' ? c.trim() : c)) };
    return { ok: true, value: splitCategories(String(raw)) };
  }
  if (converter === 'boolean') {
    if (typeof raw === 'boolean') return { ok: true, value: raw };
    const text = String(raw).trim().toLowerCase();
    if (['true', '是', '1', 'yes'].includes(text)) return { ok: true, value: true };
    if (['false', '否', '0', 'no'].includes(text)) return { ok: true, value: false };
    return { ok: false, message: 'is not a yes/no value (true/false, 是/否)' };
  }
  if (typeof raw === 'object' || typeof raw === 'boolean') return { ok: false, message: 'must be text' };
  const text = String(raw).trim();
  switch (converter) {
    case 'text':
      return { ok: true, value: text };
    case 'wanYuan': {
      const yuan = wanYuanToYuan(text);
      return yuan === null
        ? { ok: false, message: 'is not an amount in 万元 (a non-negative decimal such as 0.2, at most 6 decimals: 0.000001 万元 is one fen)' }
        : { ok: true, value: yuan };
    }
    case 'date': {
      const date = normalizeDate(text);
      return date === null ? { ok: false, message: 'is not a date such as 2025-03-10 (2025/3/10, 20250310 and 2025年3月10日 are read too)' } : { ok: true, value: date };
    }
    case 'subjectKind':
      return lookup(SUBJECT_KIND_LABELS, text, '法人及非法人组织, 自然人 or 个体工商户');
    case 'documentType':
      return lookup(DOCUMENT_TYPE_LABELS, text, '身份证, 护照 or 其他');
    case 'severity':
      return lookup(SEVERITY_LABELS, text, '一般 or 严重');
    case 'procedure':
      return lookup(PROCEDURE_LABELS, text, '简易程序 or 普通程序');
    case 'licenseStatus':
      return { ok: true, value: LICENSE_STATUS_CODES[text] ?? text };
  }
}

function lookup(table: Readonly<Record<string, string>>, text: string, expected: string): Converted {
  const value = table[text.replace(/\s+/g, '')] ?? table[text.toUpperCase()];
  return value === undefined ? { ok: false, message: `is not one of ${expected}` } : { ok: true, value };
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/** The API name of a (possibly combined) field, for error reports. */
function apiName(field: string): string {
  return { $subjectUscc: 'subject.code', $subjectDocumentNumber: 'subject.code', $suspendedCertificate: 'suspendedCertificate' }[field] ?? field;
}

/** A JSON object's fields as dotted paths (arrays kept whole), for JSON lines in either layout. */
export function flatten(value: Record<string, unknown>, prefix = ''): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) out.push(...flatten(inner as Record<string, unknown>, path));
    else out.push([path, inner]);
  }
  return out;
}
