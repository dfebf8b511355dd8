/**
 * 修复退出 on withdrawal (domain.md §5): a list entry stands on the records named in its basis. It
 * exits only when every one of them has left publicity (repaired, revoked, or an objection
 * upheld), whatever the order of the withdrawals; while one record is still in publicity, it stays.
 */
export function everyBasisRecordWithdrawn(basisRecordIds: readonly string[], withdrawn: ReadonlySet<string>): boolean {
  return basisRecordIds.length > 0 && basisRecordIds.every((id) => withdrawn.has(id));
}
