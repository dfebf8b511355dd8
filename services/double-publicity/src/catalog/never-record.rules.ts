/**
 * Matters that may never be recorded as credit information without a law (domain.md §2, seed 000):
 * kept as data in one place, matched in a matter's name.
 */
export const NEVER_RECORD_MATTERS: readonly { term: string; label: string }[] = [
  { term: '信访', label: 'petitions (信访)' },
  { term: '拆迁', label: 'demolition disputes (拆迁)' },
  { term: '闯红灯', label: 'running red lights (闯红灯)' },
  { term: '不文明养犬', label: 'uncivil dog-keeping (不文明养犬)' },
  { term: '欠缴物业费', label: 'unpaid property fees (欠缴物业费)' },
  { term: '未执行垃圾分类', label: 'not sorting rubbish (未执行垃圾分类)' },
];

/** The first never-record term the name contains, or null. Whitespace inside the name does not hide a term. */
export function neverRecordMatterIn(name: string): { term: string; label: string } | null {
  const compact = name.replace(/\s+/gu, '');
  return NEVER_RECORD_MATTERS.find((m) => compact.includes(m.term)) ?? null;
}
