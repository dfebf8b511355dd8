/** The credit report as a PDF, with the platform's PDF writer (libs/platform, its CJK font and licence). */
import { pdfWriter } from '@credit/platform';
import type { IssuedReport } from './credit-report';

const LIST_LABELS: Record<string, string> = { BLACK: '严重失信主体名单（黑名单）', RED: '守信激励名单（红名单）' };
const FULFILMENT_LABELS: Record<string, string> = { FULFILLED: '已履约', BREACHED: '违诺', FALSE: '虚假承诺' };
const KIND_LABELS: Record<string, string> = {
  LEGAL_PERSON: '法人',
  OTHER_ORGANIZATION: '非法人组织',
  INDIVIDUAL_BUSINESS: '个体工商户',
  NATURAL_PERSON: '自然人',
};

export function renderReportPdf(report: IssuedReport): Promise<Buffer> {
  const { doc, write, heading, line, none, end } = pdfWriter({ Title: `${report.title} ${report.number}`, Subject: report.purposeLabel, Creator: 'credit-portal' });

  doc.fontSize(20);
  write(report.title, { align: 'center' });
  doc.moveDown(0.5).fontSize(10);
  line(`报告编号：${report.number}`);
  line(`报告用途：${report.purposeLabel}`);
  line(`出具时间：${report.issuedAt}`);
  line(`数据截至：${report.asOf ?? '—'}（公示状态按 ${report.shownOn} 计）`);
  line(`验证码：${report.verificationCode}`);
  line(`内容摘要（SHA-256）：${report.contentHash}`);

  heading('一、主体信息');
  line(`名称：${report.subject.name ?? '—'}`);
  line(`统一社会信用代码/身份证号码：${report.subject.code}`);
  line(`主体类型：${KIND_LABELS[report.subject.kind ?? ''] ?? report.subject.kind ?? '—'}`);
  if (report.registration) {
    const r = report.registration;
    if (r.legalRepresentative) line(`法定代表人（负责人）：${r.legalRepresentative}`);
    if (r.registeredOn) line(`成立（登记）日期：${r.registeredOn}`);
    if (r.registrationAuthority) line(`登记机关：${r.registrationAuthority}`);
  }

  let n = 1;
  const numerals = ['二', '三', '四', '五', '六', '七', '八'];
  const section = (title: string) => heading(`${numerals[n++ - 1]}、${title}`);

  if (report.licenses) {
    section('行政许可信息');
    if (report.licenses.length === 0) none();
    report.licenses.forEach((l, i) => {
      line(`${i + 1}. ${l.licenseName}（${l.licenseType}） 决定文书号：${l.decisionNumber}${l.licenseNumber ? ` 许可编号：${l.licenseNumber}` : ''}`);
      line(`   许可机关：${l.authority.name} 决定日期：${l.decidedOn} 有效期：${l.validFrom} 至 ${l.validUntil ?? '长期'}${l.status ? ` 状态：${l.status}` : ''}`);
      line(`   许可内容：${l.content}`);
    });
  }
  if (report.penalties) {
    section('行政处罚信息（公示期内）');
    if (report.penalties.length === 0) none();
    report.penalties.forEach((p, i) => {
      line(`${i + 1}. 决定文书号：${p.decisionNumber} 处罚机关：${p.authority.name} 决定日期：${p.decidedOn}`);
      line(`   违法行为类型：${p.violationType} 处罚类别：${p.categories.join('、')}${p.fineAmount ? ` 罚款：${p.fineAmount} 元` : ''}`);
      line(`   违法事实：${p.violationFacts}`);
      line(`   处罚依据：${p.basis} 处罚内容：${p.content}`);
      line(`   公示期：${p.publicity.from} 起，${p.publicity.until} 停止公示`);
    });
  }
  if (report.lists) {
    section('红黑名单信息（有效期内）');
    if (report.lists.length === 0) none();
    report.lists.forEach((l, i) => {
      line(`${i + 1}. ${LIST_LABELS[l.list] ?? l.list} 类别：${l.category} 认定文书：${l.document}`);
      line(`   认定单位：${l.initiatingUnit?.name ?? '—'} 认定日期：${l.decidedOn} 有效期至：${l.validUntil ?? '—'}`);
    });
  }
  if (report.commitments) {
    section('信用承诺及履约信息');
    if (report.commitments.length === 0) none();
    report.commitments.forEach((c, i) => {
      line(`${i + 1}. 承诺事项：${c.matter}（${c.type}） 承诺日期：${c.signedOn}${c.validUntil ? ` 有效期至：${c.validUntil}` : ''}`);
      line(`   受理单位：${c.acceptingUnit?.name ?? '—'} 履约情况：${c.fulfilment ? FULFILMENT_LABELS[c.fulfilment] ?? c.fulfilment : '履约中（未有认定）'}`);
    });
  }
  if (report.grade !== undefined) {
    section('公共信用综合评价');
    if (report.grade === null) line('暂无评价结果。');
    else {
      line(`评价等级：${report.grade.grade} 分数：${report.grade.score}（规则版本 ${report.grade.ruleVersion}）`);
      for (const f of report.grade.factors) line(`   ${f.source} ${f.recordId}：${f.effect > 0 ? '+' : ''}${f.effect}`);
    }
  }
  section('说明');
  for (const s of report.notShown) line(`· ${s.text}`);
  line(`· 本报告可凭报告编号与验证码在 /api/v1/public/reports/${report.number}/verify 核验。`);

  return end();
}
