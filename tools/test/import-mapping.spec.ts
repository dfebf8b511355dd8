import { join } from 'node:path';
import { mapRow, normalizeDate, resolveColumn, splitCategories, splitCertificate, wanYuanToYuan } from '../src/import/mapping';
import { NATIONAL_FIELDS } from '../src/import/national-fields';
import { readFeed, type FeedRow } from '../src/import/rows';

const row = (kind: 'penalties' | 'licenses', cells: Record<string, unknown>, options = {}) =>
  mapRow(
    kind,
    Object.entries(cells).map(([header, value]) => ({ column: resolveColumn(kind, header), value })),
    options,
  );

describe('import: 万元 → yuan', () => {
  it.each([
    ['0.2', '2000.00'],
    ['1.5', '15000.00'],
    ['5', '50000.00'],
    ['0', '0.00'],
    ['0.125', '1250.00'],
    ['1.234567', '12345.67'],
    ['0.000001', '0.01'],
    ['12345678.9', '123456789000.00'],
    ['0.20000000', '2000.00'],
    [' 3.1 ', '31000.00'],
    // Beyond double precision: string arithmetic keeps every digit.
    ['9007199254.740993', '90071992547409.93'],
  ])('%s 万元 = %s yuan', (wan, yuan) => {
    expect(wanYuanToYuan(wan)).toBe(yuan);
  });

  it.each(['0.0000001', '-1', '1e3', 'abc', '', '1.', '.5', '1,000', '0x10'])('refuses %j', (wan) => {
    expect(wanYuanToYuan(wan)).toBeNull();
  });
});

describe('import: dates, categories and certificates', () => {
  it('reads the date forms feeds use and refuses others', () => {
    for (const text of ['2025-03-10', '2025/3/10', '2025.03.10', '20250310', '2025年3月10日', '2025-03-10 00:00:00', '2025-03-10T08:00:00+08:00']) {
      expect(normalizeDate(text)).toBe('2025-03-10');
    }
    for (const text of ['10/03/2025', '2025-3', '3月10日', 'yesterday', '2025031']) expect(normalizeDate(text)).toBeNull();
  });

  it('splits 处罚类别 on the usual separators', () => {
    expect(splitCategories('罚款;没收违法所得')).toEqual(['罚款', '没收违法所得']);
    expect(splitCategories('警告、罚款，没收非法财物; 暂扣许可证件')).toEqual(['警告', '罚款', '没收非法财物', '暂扣许可证件']);
  });

  it('splits 暂扣或吊销证照名称及编号 into name and number', () => {
    expect(splitCertificate('食品经营许可证（JY14501000012345）')).toEqual({ name: '食品经营许可证', number: 'JY14501000012345' });
    expect(splitCertificate('营业执照(91450100MA5K12347C)')).toEqual({ name: '营业执照', number: '91450100MA5K12347C' });
    expect(splitCertificate('食品经营许可证 JY14501000012345')).toEqual({ name: '食品经营许可证', number: 'JY14501000012345' });
    expect(splitCertificate('食品经营许可证，JY14501000012345')).toEqual({ name: '食品经营许可证', number: 'JY14501000012345' });
    expect(splitCertificate('食品经营许可证')).toBeNull();
  });
});

describe('import: national labels → API fields', () => {
  const penaltyRow = {
    行政相对人名称: '南宁市示例科技有限公司',
    行政相对人类别: '法人及非法人组织',
    统一社会信用代码: '914501008T8B5E3W50',
    法定代表人: '张三',
    法定代表人证件类型: '身份证',
    法定代表人证件号码: '11010519491231002X',
    行政处罚决定书文号: '南市监处罚〔2025〕101号',
    违法行为类型: '虚假宣传',
    违法事实: '在官网发布虚假宣传内容',
    处罚依据: '《反不正当竞争法》第二十条',
    处罚类别: '罚款、暂扣许可证件',
    处罚内容: '罚款二千元',
    '罚款金额（万元）': '0.2',
    '没收违法所得、没收非法财物的金额（万元）': '0.125',
    暂扣或吊销证照名称及编号: '食品经营许可证（JY14501000012345）',
    处罚决定日期: '2025/3/10',
    处罚有效期: '2026年3月10日',
    公示截止期: '2028-03-10',
    处罚机关: '南宁市市场监督管理局',
    处罚机关统一社会信用代码: '11450100007712342F',
    数据来源单位: '南宁市市场监督管理局',
    数据来源单位统一社会信用代码: '11450100007712342F',
    备注: '已缴纳',
    失信严重程度: '一般',
  };

  it('maps a penalty row of the national layout to the API item', () => {
    expect(row('penalties', penaltyRow)).toEqual({
      ok: true,
      item: {
        subject: {
          name: '南宁市示例科技有限公司',
          kind: 'LEGAL_PERSON',
          code: '914501008T8B5E3W50',
          legalRepresentative: '张三',
          legalRepresentativeDocument: { type: 'ID_CARD', number: '11010519491231002X' },
        },
        decisionNumber: '南市监处罚〔2025〕101号',
        violationType: '虚假宣传',
        violationFacts: '在官网发布虚假宣传内容',
        basis: '《反不正当竞争法》第二十条',
        categories: ['罚款', '暂扣许可证件'],
        content: '罚款二千元',
        fineAmount: '2000.00',
        confiscatedAmount: '1250.00',
        suspendedCertificate: { name: '食品经营许可证', number: 'JY14501000012345' },
        decidedOn: '2025-03-10',
        validUntil: '2026-03-10',
        authority: { name: '南宁市市场监督管理局', code: '11450100007712342F' },
        sourceUnit: { name: '南宁市市场监督管理局', code: '11450100007712342F' },
        remarks: '已缴纳',
        severity: 'GENERAL',
      },
    });
  });

  it('takes a natural person’s code from 证件号码, and the placeholder for an individual business with only a registration number', () => {
    const person = row('penalties', { 行政相对人类别: '自然人', 统一社会信用代码: '', 证件类型: '居民身份证', 证件号码: '11010519491231002X' });
    expect(person).toMatchObject({ ok: true, item: { subject: { kind: 'NATURAL_PERSON', code: '11010519491231002X', documentType: 'ID_CARD' } } });
    const business = row('penalties', { 行政相对人类别: '个体工商户', 工商注册号: '450100000012345' });
    expect(business).toMatchObject({ ok: true, item: { subject: { kind: 'INDIVIDUAL_BUSINESS', code: '00000000000000000X', registrationNumber: '450100000012345' } } });
    expect(row('penalties', { 行政相对人类别: '非法人组织', 统一社会信用代码: '914501008T8B5E3W50' })).toMatchObject({
      ok: true,
      item: { subject: { kind: 'OTHER_ORGANIZATION', code: '914501008T8B5E3W50' } },
    });
    // 证件类型 filled in for an organisation is not sent: the service takes it for natural persons only.
    const organisation = row('penalties', { 行政相对人类别: '法人及非法人组织', 统一社会信用代码: '914501008T8B5E3W50', 证件类型: '居民身份证' });
    expect(organisation.ok && (organisation.item.subject as Record<string, unknown>).documentType).toBeUndefined();
  });

  it('accepts the API field names, mixed with labels, and the severity option for rows without one', () => {
    const mapped = row(
      'penalties',
      { decisionNumber: 'X-1', 'subject.name': '甲', 'subject.kind': 'LEGAL_PERSON', categories: '警告;罚款', fineAmount: '5000.00', 'disclosure.public': '否', 处罚决定日期: '20250310' },
      { severity: 'SERIOUS' },
    );
    expect(mapped).toEqual({
      ok: true,
      item: {
        decisionNumber: 'X-1',
        subject: { name: '甲', kind: 'LEGAL_PERSON' },
        categories: ['警告', '罚款'],
        fineAmount: '5000.00', // API field: yuan as given, not converted
        disclosure: { public: false },
        decidedOn: '2025-03-10',
        severity: 'SERIOUS',
      },
    });
  });

  it('refuses a row whose cells cannot be converted, naming field, label and value', () => {
    const mapped = row('penalties', { ...penaltyRow, '罚款金额（万元）': '二千', 行政相对人类别: '公司', 处罚决定日期: '去年', 暂扣或吊销证照名称及编号: '许可证' });
    expect(mapped.ok).toBe(false);
    const errors = mapped.ok ? [] : mapped.errors;
    expect(errors.map((e) => e.field).sort()).toEqual(['decidedOn', 'fineAmount', 'subject.kind', 'suspendedCertificate']);
    expect(errors.find((e) => e.field === 'fineAmount')?.message).toContain('罚款金额（万元） "二千"');
  });

  it('maps a licence row, with the status code and the labels of licensing', () => {
    expect(
      row('licenses', {
        行政许可决定文书名称: '食品经营许可决定书',
        行政许可决定文书号: '南市监许〔2025〕201号',
        许可类别: '普通',
        许可证书名称: '食品经营许可证',
        许可编号: 'JY14501000020001',
        许可内容: '预包装食品销售',
        许可决定日期: '2025-04-01',
        有效期自: '2025/4/1',
        有效期至: '2030-03-31',
        许可机关: '南宁市市场监督管理局',
        许可机关统一社会信用代码: '11450100007712342F',
        当前状态: '1',
      }),
    ).toEqual({
      ok: true,
      item: {
        licenseName: '食品经营许可决定书',
        decisionNumber: '南市监许〔2025〕201号',
        licenseType: '普通',
        certificateName: '食品经营许可证',
        licenseNumber: 'JY14501000020001',
        content: '预包装食品销售',
        decidedOn: '2025-04-01',
        validFrom: '2025-04-01',
        validUntil: '2030-03-31',
        authority: { name: '南宁市市场监督管理局', code: '11450100007712342F' },
        status: '有效',
      },
    });
  });

  it('recognises labels with half-width brackets or spaces, and tells labels of the other record type from API names', () => {
    expect(resolveColumn('penalties', ' 罚款金额(万元) ')).toMatchObject({ kind: 'field', field: 'fineAmount', convert: 'wanYuan' });
    expect(resolveColumn('penalties', '公示截止期')).toMatchObject({ kind: 'ignored' });
    expect(resolveColumn('licenses', '处罚类别')).toEqual({ kind: 'unknown', header: '处罚类别' });
    expect(resolveColumn('licenses', 'licenseType')).toMatchObject({ kind: 'field', field: 'licenseType', convert: 'text' });
  });

  it('has one meaning per label and record type in the table', () => {
    for (const kind of ['penalties', 'licenses'] as const) {
      const seen = new Map<string, string | null>();
      for (const rule of NATIONAL_FIELDS.filter((r) => r.kinds.includes(kind))) {
        for (const label of rule.labels) {
          expect(seen.has(label) ? `${label} twice` : 'once').toBe('once');
          seen.set(label, rule.field);
        }
      }
    }
  });
});

describe('import: the sample files', () => {
  const collect = async (file: string, format: 'csv' | 'jsonl', kind: 'penalties' | 'licenses') => {
    const rows: FeedRow[] = [];
    for await (const r of readFeed(join(__dirname, '../src/import/samples', file), format, kind)) rows.push(r);
    return rows;
  };

  it('maps every row of samples/penalties.csv, with its line numbers', async () => {
    const rows = await collect('penalties.csv', 'csv', 'penalties');
    expect(rows.map((r) => r.line)).toEqual([2, 3, 5, 6]);
    const mapped = rows.map((r) => ('cells' in r ? mapRow('penalties', r.cells) : null));
    expect(mapped.every((m) => m?.ok)).toBe(true);
    const items = mapped.map((m) => (m?.ok ? m.item : {}));
    expect(items.map((i) => i.fineAmount)).toEqual(['2000.00', '15000.00', '50000.00', undefined]);
    expect(items[1].violationFacts).toBe('销售过期食品，货值金额1,250元\n涉及批次：2');
    expect(items[3]).toMatchObject({ subject: { kind: 'NATURAL_PERSON', code: '11010519491231002X' }, categories: ['警告'], decidedOn: '2025-03-17' });
  });

  it('maps both layouts of samples/licenses.jsonl', async () => {
    const rows = await collect('licenses.jsonl', 'jsonl', 'licenses');
    const mapped = rows.map((r) => ('cells' in r ? mapRow('licenses', r.cells) : null));
    expect(mapped.map((m) => m?.ok && (m.item.subject as { code: string }).code)).toEqual(['91450100DF8EPRQW4Q', '914501001D2RRYCD6R']);
  });
});
