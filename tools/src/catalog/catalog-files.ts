/**
 * The starter catalog's data files (tools/catalog/*.json): one file per kind, read and checked
 * before anything is sent. The files are the repository's own copy of the facts (names, legal bases,
 * the documents they come from); nothing here reads outside the repository.
 *
 *   sources.json          the documents every entry's `source` names (ids)
 *   linkage-units.json    联动单位: { code, name, contact?, placeholder?, source }
 *   list-categories.json  名单类别: { code, name, list, legalBasis, decidingUnitKinds?, earliestExitAfterMonths?, autoExitAfterMonths?, source }
 *   measures.json         奖惩措施: { code, name, kind, appliesTo, category?, unitCodes, scenarios, legalBasis, source }
 */
import { CREDIT_CHECK_SCENARIOS, LIST_KINDS, MEASURE_KINDS, type CreditCheckScenario, type ListKind, type MeasureKind } from '@credit/contracts';
import { validateUscc } from '@credit/domain-kernel';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** tools/catalog, from the sources (tools/src/catalog) and from the compiled output (tools/dist/catalog) alike. */
export const DEFAULT_CATALOG_DIR = resolve(__dirname, '../../catalog');

export const CATALOG_FILES = {
  sources: 'sources.json',
  units: 'linkage-units.json',
  categories: 'list-categories.json',
  measures: 'measures.json',
} as const;

/** Codes of categories, measures and unit kinds, as joint-punishment accepts them (catalog.dto CATALOG_CODE). */
const CATALOG_CODE = /^[A-Z0-9][A-Z0-9_.-]{0,63}$/;

export interface CatalogSource {
  id: string;
  title: string;
  number?: string;
  issuer?: string;
  year?: number;
  note?: string;
}

export interface LinkageUnitEntry {
  code: string;
  name: string;
  contact?: string;
  /** A local placeholder code, to be replaced by the unit's real USCC. */
  placeholder?: boolean;
  source: string[];
}

export interface ListCategoryEntry {
  code: string;
  name: string;
  list: ListKind;
  legalBasis: string;
  decidingUnitKinds?: string[];
  earliestExitAfterMonths?: number;
  autoExitAfterMonths?: number;
  source: string[];
}

export interface MeasureEntry {
  code: string;
  name: string;
  kind: MeasureKind;
  appliesTo: ListKind;
  category?: string;
  unitCodes: string[];
  scenarios: CreditCheckScenario[];
  legalBasis: string;
  source: string[];
}

export interface StarterCatalog {
  dir: string;
  sources: CatalogSource[];
  units: LinkageUnitEntry[];
  categories: ListCategoryEntry[];
  measures: MeasureEntry[];
}

function readJson(dir: string, file: string): Record<string, unknown> {
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function arrayOf<T>(doc: Record<string, unknown>, key: string, file: string): T[] {
  const value = doc[key];
  if (!Array.isArray(value)) throw new Error(`${file}: expected a top-level "${key}" array`);
  return value as T[];
}

/** Reads the four files (not checked: see `catalogProblems`). */
export function readStarterCatalog(dir: string = DEFAULT_CATALOG_DIR): StarterCatalog {
  return {
    dir,
    sources: arrayOf(readJson(dir, CATALOG_FILES.sources), 'sources', CATALOG_FILES.sources),
    units: arrayOf(readJson(dir, CATALOG_FILES.units), 'units', CATALOG_FILES.units),
    categories: arrayOf(readJson(dir, CATALOG_FILES.categories), 'categories', CATALOG_FILES.categories),
    measures: arrayOf(readJson(dir, CATALOG_FILES.measures), 'measures', CATALOG_FILES.measures),
  };
}

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.trim().length > 0 && value === value.trim() && [...value].length <= max;

/**
 * Everything wrong with the files, one message each (empty: the files are loadable): every entry
 * names known sources; codes are well formed and unique; every measure's linkage units and list
 * category are in the files (the category of the measure's own list); scenarios, kinds and lists are
 * values the services accept; legal bases are present. The service checks the same again.
 */
export function catalogProblems(catalog: StarterCatalog): string[] {
  const problems: string[] = [];
  const sourceIds = new Set<string>();
  for (const [i, s] of catalog.sources.entries()) {
    if (!isText(s.id, 64) || !isText(s.title, 500)) problems.push(`sources[${i}]: id and title are required`);
    else if (sourceIds.has(s.id)) problems.push(`sources[${i}]: duplicate id ${s.id}`);
    sourceIds.add(s.id);
  }
  const checkSource = (where: string, source: unknown) => {
    if (!Array.isArray(source) || source.length === 0) {
      problems.push(`${where}: source must name at least one document of ${CATALOG_FILES.sources}`);
      return;
    }
    for (const id of source) if (!sourceIds.has(id as string)) problems.push(`${where}: source ${String(id)} is not in ${CATALOG_FILES.sources}`);
  };
  const unique = (where: string, seen: Set<string>, code: string) => {
    if (seen.has(code)) problems.push(`${where}: duplicate code ${code}`);
    seen.add(code);
  };

  const unitCodes = new Set<string>();
  for (const [i, u] of catalog.units.entries()) {
    const where = `${CATALOG_FILES.units} units[${i}] ${u.code}`;
    const check = typeof u.code === 'string' ? validateUscc(u.code) : undefined;
    if (!check?.valid || check.normalized !== u.code) problems.push(`${where}: code must be a valid unified social credit code (GB 32100), upper case`);
    if (!isText(u.name, 200)) problems.push(`${where}: name is required (up to 200 characters, no surrounding spaces)`);
    if (u.contact !== undefined && !isText(u.contact, 200)) problems.push(`${where}: contact must be text of up to 200 characters`);
    checkSource(where, u.source);
    unique(where, unitCodes, u.code);
  }

  const categories = new Map<string, ListCategoryEntry>();
  for (const [i, c] of catalog.categories.entries()) {
    const where = `${CATALOG_FILES.categories} categories[${i}] ${c.code}`;
    if (typeof c.code !== 'string' || !CATALOG_CODE.test(c.code)) problems.push(`${where}: code must be upper case letters, digits, _, . or - (up to 64)`);
    if (!isText(c.name, 200)) problems.push(`${where}: name is required (up to 200 characters)`);
    if (!LIST_KINDS.includes(c.list)) problems.push(`${where}: list must be one of ${LIST_KINDS.join(', ')}`);
    if (!isText(c.legalBasis, 2000)) problems.push(`${where}: legalBasis is required`);
    if (c.decidingUnitKinds !== undefined && (!Array.isArray(c.decidingUnitKinds) || c.decidingUnitKinds.some((k) => !CATALOG_CODE.test(k)))) {
      problems.push(`${where}: decidingUnitKinds must be codes of upper case letters, digits, _, . or -`);
    }
    for (const term of ['earliestExitAfterMonths', 'autoExitAfterMonths'] as const) {
      const months = c[term];
      if (months !== undefined && !(Number.isInteger(months) && months >= 1 && months <= 120)) problems.push(`${where}: ${term} must be a whole number of months from 1 to 120`);
    }
    if (c.earliestExitAfterMonths !== undefined && c.autoExitAfterMonths !== undefined && c.earliestExitAfterMonths > c.autoExitAfterMonths) {
      problems.push(`${where}: earliestExitAfterMonths must not exceed autoExitAfterMonths`);
    }
    checkSource(where, c.source);
    if (categories.has(c.code)) problems.push(`${where}: duplicate code ${c.code}`);
    categories.set(c.code, c);
  }

  const measureCodes = new Set<string>();
  for (const [i, m] of catalog.measures.entries()) {
    const where = `${CATALOG_FILES.measures} measures[${i}] ${m.code}`;
    if (typeof m.code !== 'string' || !CATALOG_CODE.test(m.code)) problems.push(`${where}: code must be upper case letters, digits, _, . or - (up to 64)`);
    if (!isText(m.name, 200)) problems.push(`${where}: name is required (up to 200 characters)`);
    if (!MEASURE_KINDS.includes(m.kind)) problems.push(`${where}: kind must be one of ${MEASURE_KINDS.join(', ')}`);
    if (!LIST_KINDS.includes(m.appliesTo)) problems.push(`${where}: appliesTo must be one of ${LIST_KINDS.join(', ')}`);
    if ((m.kind === 'PUNISHMENT') !== (m.appliesTo === 'BLACK')) problems.push(`${where}: punishments follow the black list, incentives the red list`);
    if (!isText(m.legalBasis, 2000)) problems.push(`${where}: legalBasis is required: a measure enters the catalog only with its legal basis`);
    if (m.category !== undefined) {
      const category = categories.get(m.category);
      if (category === undefined) problems.push(`${where}: category ${m.category} is not in ${CATALOG_FILES.categories}`);
      else if (category.list !== m.appliesTo) problems.push(`${where}: category ${m.category} belongs to the ${category.list} list, not ${m.appliesTo}`);
    }
    if (!Array.isArray(m.unitCodes) || m.unitCodes.length === 0) problems.push(`${where}: unitCodes must name at least one linkage unit`);
    else {
      for (const code of m.unitCodes) if (!unitCodes.has(code)) problems.push(`${where}: linkage unit ${code} is not in ${CATALOG_FILES.units}`);
      if (new Set(m.unitCodes).size !== m.unitCodes.length) problems.push(`${where}: unitCodes repeat a unit`);
    }
    if (!Array.isArray(m.scenarios) || m.scenarios.length === 0) problems.push(`${where}: scenarios must name at least one credit-check scenario`);
    else {
      for (const s of m.scenarios) if (!CREDIT_CHECK_SCENARIOS.includes(s)) problems.push(`${where}: scenario ${String(s)} is not one of ${CREDIT_CHECK_SCENARIOS.join(', ')}`);
      if (new Set(m.scenarios).size !== m.scenarios.length) problems.push(`${where}: scenarios repeat a value`);
    }
    checkSource(where, m.source);
    unique(where, measureCodes, m.code);
  }
  return problems;
}

/** The body a credit office would POST for the entry: the file's fields without its bookkeeping (`source`, `placeholder`). */
export function unitBody(u: LinkageUnitEntry): Record<string, unknown> {
  return { code: u.code, name: u.name, ...(u.contact !== undefined && { contact: u.contact }) };
}

export function categoryBody(c: ListCategoryEntry): Record<string, unknown> {
  return {
    code: c.code,
    name: c.name,
    list: c.list,
    legalBasis: c.legalBasis,
    ...(c.decidingUnitKinds !== undefined && { decidingUnitKinds: c.decidingUnitKinds }),
    ...(c.earliestExitAfterMonths !== undefined && { earliestExitAfterMonths: c.earliestExitAfterMonths }),
    ...(c.autoExitAfterMonths !== undefined && { autoExitAfterMonths: c.autoExitAfterMonths }),
  };
}

export function measureBody(m: MeasureEntry): Record<string, unknown> {
  return {
    code: m.code,
    name: m.name,
    kind: m.kind,
    appliesTo: m.appliesTo,
    ...(m.category !== undefined && { category: m.category }),
    unitCodes: m.unitCodes,
    scenarios: m.scenarios,
    legalBasis: m.legalBasis,
  };
}
