/**
 * Masking of personal data for public display, events and logs (domain rule: all but the first 6
 * and last 4 characters of an ID number; a natural person's given name). Every function errs on
 * the side of hiding too much.
 *
 * What a citizen ID number looks like in text is defined once, in the contracts
 * (`citizen-id-pattern.ts`): the event contracts refuse exactly what this masking removes.
 */
import {
  CANONICAL_CITIZEN_ID_NUMBER,
  CITIZEN_ID_LENGTH,
  CITIZEN_ID_SHAPE,
  MASK_CHARACTER,
  MASKED_ID_KEPT_PREFIX,
  MASKED_ID_KEPT_SUFFIX,
  WRITTEN_CHECK_CHARACTER,
  WRITTEN_DIGIT_RUN,
} from '@credit/contracts';

const MASK = MASK_CHARACTER;
const KEPT_PREFIX = MASKED_ID_KEPT_PREFIX;
const KEPT_SUFFIX = MASKED_ID_KEPT_SUFFIX;

/** A digit or check letter as written (ASCII or full-width, x in either case). */
const WRITTEN_CHARACTER = new RegExp(`^${WRITTEN_CHECK_CHARACTER}$`, 'u');

/**
 * The canonical form of one written digit or check letter (`７` → `7`, `ｘ` → `X`): its NFKC
 * form, upper-cased. Anything else is returned as is.
 */
function canonicalCharacter(character: string): string {
  return WRITTEN_CHARACTER.test(character) ? character.normalize('NFKC').toUpperCase() : character;
}

/**
 * `450102199003071238` → `450102********1238` (full-width digits and a lower-case x come out in
 * their canonical form). Anything too short to keep 6 + 4 is masked entirely.
 */
export function maskIdNumber(idNumber: string): string {
  const chars = Array.from(idNumber.trim().toUpperCase(), canonicalCharacter);
  if (chars.length <= KEPT_PREFIX + KEPT_SUFFIX) return MASK.repeat(chars.length);
  return (
    chars.slice(0, KEPT_PREFIX).join('') +
    MASK.repeat(chars.length - KEPT_PREFIX - KEPT_SUFFIX) +
    chars.slice(-KEPT_SUFFIX).join('')
  );
}

/**
 * Common compound surnames (复姓): the surname stays readable and only the given name is masked, as
 * the display rule says, so `欧阳娜娜` shows as `欧阳**`, not `欧***`.
 */
const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯',
  '轩辕', '令狐', '端木', '西门', '南宫', '独孤', '万俟', '闻人', '澹台', '公冶', '宗政', '濮阳', '太叔',
  '申屠', '钟离', '鲜于', '闾丘', '司空', '亓官', '司寇', '子车', '颛孙', '漆雕', '乐正', '谷梁', '拓跋',
  '百里', '呼延', '东郭', '左丘', '第五', '赫连', '公羊', '公西', '梁丘', '微生', '羊舌',
]);

/**
 * `张三` → `张*`, `欧阳娜娜` → `欧阳**`: the surname (one character, or a compound surname when a
 * given name follows it) and one mask per remaining character. A name of a single character would
 * be shown whole, so it is masked entirely.
 */
export function maskPersonName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return MASK.repeat(chars.length);
  const surnameLength = chars.length > 2 && COMPOUND_SURNAMES.has(chars[0] + chars[1]) ? 2 : 1;
  return chars.slice(0, surnameLength).join('') + MASK.repeat(chars.length - surnameLength);
}

/** Runs of written digits (with spaces, hyphens, dots or invisible characters between them): where a number can be. */
const DIGIT_RUN = new RegExp(WRITTEN_DIGIT_RUN, 'gu');

/**
 * Unbroken digits (no separator between them): 18 or more digits, or 17 or more followed by X.
 * Every citizen ID whatever its check digit, but also longer digit runs, inside which an ID could
 * hide (a bank card number next to an ID, an ID glued to other digits). Such runs are masked whole.
 */
const LONG_UNBROKEN = new RegExp(`^(?:\\d{${CITIZEN_ID_LENGTH},}X?|\\d{${CITIZEN_ID_LENGTH - 1}}X)$`);

/** Exactly the 18 characters of a number, whatever its birth date or check character. */
const ID_SHAPED = new RegExp(`^${CITIZEN_ID_SHAPE}$`);

/** A plausible number (address code, birth date) anywhere in a canonical run. */
const STRUCTURED_ID = new RegExp(CANONICAL_CITIZEN_ID_NUMBER, 'g');

/**
 * One pass over one run of written digits. The run is read in canonical form (the digits and X
 * alone, full-width turned ASCII); masked are:
 * - every unbroken piece of 18 or more digits (or 17 and an X), as before separators were read;
 * - the whole run when, separators left out, it is exactly ID-shaped (`110101 19900307 7715`);
 * - every plausible number inside a longer run (`0771-1234567 110101-1990-0307-7715` masks the
 *   number and leaves the telephone number).
 * A masked stretch is written in the canonical masked form (`110101********7715`), separators
 * dropped; everything outside it is left exactly as written.
 */
function maskRun(run: string): string {
  let canonical = '';
  // For each canonical character: where it starts and ends in `run`, and whether a separator precedes it.
  const starts: number[] = [];
  const ends: number[] = [];
  const brokenBefore: boolean[] = [];
  let separated = false;
  for (let i = 0; i < run.length; ) {
    const character = String.fromCodePoint(run.codePointAt(i) ?? 0);
    if (WRITTEN_CHARACTER.test(character)) {
      canonical += canonicalCharacter(character);
      starts.push(i);
      ends.push(i + character.length);
      brokenBefore.push(separated && starts.length > 1);
      separated = false;
    } else {
      separated = true;
    }
    i += character.length;
  }
  // Fewer characters than a number has: nothing to mask (the common case of any number in a text).
  if (canonical.length < CITIZEN_ID_LENGTH) return run;

  const spans: [number, number][] = [];
  let pieceStart = 0;
  for (let k = 1; k <= canonical.length; k++) {
    if (k < canonical.length && !brokenBefore[k]) continue;
    if (LONG_UNBROKEN.test(canonical.slice(pieceStart, k))) spans.push([pieceStart, k]);
    pieceStart = k;
  }
  if (brokenBefore.includes(true) && ID_SHAPED.test(canonical)) spans.push([0, canonical.length]);
  for (const match of canonical.matchAll(STRUCTURED_ID)) spans.push([match.index, match.index + match[0].length]);
  if (spans.length === 0) return run;

  // Overlapping stretches are masked as one, so that no kept prefix or suffix uncovers masked digits.
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of spans) {
    const last = merged[merged.length - 1];
    if (last && from < last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  let masked = '';
  let done = 0;
  for (const [from, to] of merged) {
    masked += run.slice(done, starts[from]) + maskIdNumber(canonical.slice(from, to));
    done = ends[to - 1];
  }
  return masked + run.slice(done);
}

/**
 * Masks every citizen ID number in free text (log lines, URLs such as `/subjects/450102199003071238`,
 * text fields of events), however it is written: full-width digits (`１１０１０１…`), a lower-case
 * x, or spaces, hyphens, dots or invisible characters between the digits (`110101 19900307 7715`).
 * Only the first 6 and last 4 characters of a masked stretch survive, so the text is left with no
 * clear number a reader could recover and nothing the contracts' `CITIZEN_ID_NUMBER_INSIDE`
 * refuses. Text without such a number (dates, amounts, telephone numbers) is returned unchanged.
 */
export function maskIdNumbersInText(text: string): string {
  // Masking a stretch can leave its kept digits next to other digits of the run; another pass
  // masks whatever they form. Each pass that changes the text removes digits, so this ends.
  let current = text;
  for (;;) {
    const next = current.replace(DIGIT_RUN, maskRun);
    if (next === current) return current;
    current = next;
  }
}
