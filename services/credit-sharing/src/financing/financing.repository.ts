import type { DataSource } from 'typeorm';

/** The 信易贷 figures of the outcomes decided and the queries answered from..to (Asia/Shanghai days). */
export async function financingFigures(db: DataSource, from: string, to: string) {
  const [outcomes] = await db.query(
    `SELECT count(*) FILTER (WHERE outcome = 'GRANTED')::int AS granted,
            count(*) FILTER (WHERE outcome = 'REFUSED')::int AS refused,
            coalesce(sum(amount) FILTER (WHERE outcome = 'GRANTED' AND loan_kind = 'CREDIT'), 0)::text AS credit_amount,
            coalesce(sum(amount) FILTER (WHERE outcome = 'GRANTED' AND loan_kind = 'SECURED'), 0)::text AS secured_amount,
            count(DISTINCT subject_key) FILTER (WHERE outcome = 'GRANTED')::int AS subjects_financed
       FROM financing_outcomes WHERE decided_on BETWEEN $1 AND $2`,
    [from, to],
  );
  const [queries] = await db.query(
    `SELECT count(*)::int AS queries, count(DISTINCT subject_key)::int AS subjects_queried, count(DISTINCT institution_code)::int AS institutions
       FROM shared_queries WHERE (queried_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1 AND $2`,
    [from, to],
  );
  const credit = Number(outcomes.credit_amount);
  const secured = Number(outcomes.secured_amount);
  const decided = outcomes.granted + outcomes.refused;
  return {
    loans: { granted: outcomes.granted, refused: outcomes.refused, grantRate: decided === 0 ? null : Math.round((outcomes.granted / decided) * 10_000) / 10_000 },
    amounts: { credit, secured, total: Math.round((credit + secured) * 100) / 100 },
    subjectsFinanced: outcomes.subjects_financed,
    queries: queries.queries,
    subjectsQueried: queries.subjects_queried,
    institutions: queries.institutions,
  };
}
