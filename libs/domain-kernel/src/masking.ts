/**
 * Masking of personal data for public display, events and logs (domain rule: all but the first 6
 * and last 4 characters of an ID number; a natural person's given name). Every function errs on
 * the side of hiding too much.
 */

const MASK = '*';
const KEPT_PREFIX = 6;
const KEPT_SUFFIX = 4;

/** `450102199003071238` → `450102********1238`. Anything too short to keep 6 + 4 is masked entirely. */
export function maskIdNumber(idNumber: string): string {
  const chars = Array.from(idNumber.trim().toUpperCase());
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

/**
 * Any run of 18 or more digits, or 17 or more digits followed by X: every citizen ID whatever its
 * check digit, but also longer digit runs, inside which an ID could hide (a bank card number next
 * to an ID, an ID glued to other digits). Such runs are masked too.
 */
const ID_SHAPED_RUN = /\d{18,}[Xx]?|\d{17}[Xx]/g;

/**
 * Masks every citizen-ID-shaped run in free text (log lines, URLs such as
 * `/subjects/450102199003071238`). Only the first 6 and last 4 characters of a run survive, so no
 * 18-character window of the output is an ID number.
 */
export function maskIdNumbersInText(text: string): string {
  return text.replace(ID_SHAPED_RUN, (run) => maskIdNumber(run));
}
