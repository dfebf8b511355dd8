import type { PenaltyPublishedV1 } from '@credit/contracts';

const MARKET_REGULATION = { name: '南宁市市场监督管理局', code: '11450100007712342F' };

/** A market-regulation penalty of an organisation, in publicity until 2099: a grade factor from its publication. */
export const penaltyPublished = (subjectCode: string, penaltyId: string, severity: 'GENERAL' | 'SERIOUS'): PenaltyPublishedV1 => ({
  penaltyId,
  decisionNumber: `南市监罚〔2025〕${Math.floor(Math.random() * 1000)}号`,
  subject: { kind: 'LEGAL_PERSON', code: subjectCode, maskedCode: subjectCode, name: '南宁市示例科技有限公司' },
  violationType: '虚假宣传',
  violationFacts: '在网站发布虚假广告',
  basis: '《中华人民共和国广告法》第五十五条',
  categories: ['警告'],
  content: '警告',
  decidedOn: '2025-06-02',
  severity,
  procedure: 'ORDINARY',
  authority: MARKET_REGULATION,
  sourceUnit: MARKET_REGULATION,
  timely: true,
  publicity: { status: 'PUBLISHED', regime: '2021', from: '2025-06-03', minimumUntil: '2025-09-02', maximumUntil: '2099-06-02' },
});
