/** The monthly credit monitoring report (信用监测报告) as a PDF, with the platform's PDF writer. */
import type { MonitoringReportCompiledV1 } from '@credit/contracts';
import { pdfWriter } from '@credit/platform';

const RULE_LABELS: Record<string, string> = {
  REPEATED_PENALTIES: '主体多次受罚预警',
  SERIOUS_PENALTY_SURGE: '行业严重失信处罚激增预警',
  TIMELINESS_DROP: '部门报送及时率下降预警',
};
const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

export function renderMonitoringReportPdf(report: MonitoringReportCompiledV1 & { compiledAt: string }): Promise<Buffer> {
  const { doc, write, heading, line, none, end } = pdfWriter({ Title: `信用监测报告 ${report.month}`, Creator: 'credit-sharing' });
  doc.fontSize(20);
  write(`${report.month} 信用监测报告`, { align: 'center' });
  doc.moveDown(0.5);
  line(`编制日期：${report.compiledOn}（${report.compiledAt}）`);

  heading('一、各部门信息归集质量及排名');
  if (report.departments.length === 0) none();
  for (const d of report.departments) {
    line(`${d.rank}. ${d.departmentCode} 综合得分 ${percent(d.score)}`);
    line(
      `   报送率 ${percent(d.reportingRate)}（${d.mattersReported}/${d.catalogMatters} 项事项） 及时率 ${percent(d.timelinessRate)}（${d.timely}/${d.stored}） ` +
        `准确率 ${percent(d.accuracyRate)}（更正 ${d.corrected}） 入库率 ${percent(d.storageRate)}（${d.stored}/${d.received}）`,
    );
  }
  heading('二、信用预警');
  const warnings = Object.entries(report.warnings);
  if (warnings.length === 0) none();
  for (const [rule, n] of warnings) line(`· ${RULE_LABELS[rule] ?? rule}：${n} 条`);
  heading('三、说明');
  line('· 报送率：本月有记录报送的目录事项占部门事项目录的比例；及时率：决定后 7 个工作日内归集的比例；');
  line('  准确率：归集后未经更正的比例；入库率：入库记录占报送记录（含被拒收条目）的比例。');
  return end();
}
