/**
 * What a breach of a listed commitment matter triggers (承诺事项清单, domain.md §5 and §6), end to
 * end: a department lists a 容缺受理 matter whose breach leads to a list nomination; a commitment
 * signed under it lapses (its papers not supplied by the verification day), and the deficiency scan
 * records it BREACHED; joint-punishment proposes the nomination the matter names; the department
 * nominates on the proposal and another department's reviewer approves; the credit check then
 * applies the black list's measure, and the grade counts the breach as a factor. Every service its
 * own compiled process on a real Kafka broker and real PostgreSQL databases. Build first
 * (`npm run build`).
 */
import { todayInShanghai } from '@credit/domain-kernel';
import { bearer, FLOW_DEPARTMENT, freshUscc, mintToken, RepairPlatform, waitFor } from '@credit/testing';

describe('the consequence of a breach follows the matter it was signed under', () => {
  let platform: RepairPlatform;
  /** A reviewer of another department: the nominating department never reviews its own nomination. */
  let officeReviewer: string;

  beforeAll(async () => {
    // A short scan, so that a lapsed 容缺受理 commitment is breached within seconds. Eight services
    // start on a shared machine: each may take its time to become healthy.
    platform = await RepairPlatform.start({ env: { DEFICIENCY_SCAN_SECONDS: '1' }, healthTimeoutMs: 480_000 });
    officeReviewer = await mintToken({ sub: freshUscc('11450100'), name: 'e2e-credit-office', roles: ['reviewer'] });
  }, 1_500_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('a lapsed 容缺受理 commitment of a LIST_NOMINATION matter is proposed, listed on review, checked and graded', async () => {
    const { api, tokens } = platform;
    const unit = { name: '南宁市市场监督管理局', code: FLOW_DEPARTMENT };
    const code = freshUscc();
    const name = `南宁市承诺测试${code.slice(10, 16)}有限公司`;
    const matterCode = `RQSL-${code.slice(10, 17)}`;
    const measureCode = `M-${code.slice(8, 17)}`;
    const status = (step: string, response: { status: number; text: string }, ...expected: number[]) => {
      if (!expected.includes(response.status)) throw new Error(`${step}: HTTP ${response.status} ${response.text.slice(0, 500)}`);
      return response;
    };

    status('register the subject', await api['subject-registry']('POST', '/api/v1/subjects', { code, name, kind: 'LEGAL_PERSON' }, bearer(tokens.submitter)), 201);
    for (const linkageUnit of platform.linkageUnits) {
      status('define a linkage unit', await api['joint-punishment']('POST', '/api/v1/linkage-units', { code: linkageUnit, name: `联动单位 ${linkageUnit}` }, bearer(tokens.admin)), 200, 201);
    }
    status(
      'define the list category',
      await api['joint-punishment'](
        'POST',
        '/api/v1/list-categories',
        { code: 'MARKET_SERIOUS_ILLEGAL', name: '市场监督管理严重违法失信名单', list: 'BLACK', legalBasis: '《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）' },
        bearer(tokens.admin),
      ),
      200,
      201,
    );
    status(
      'define the measure',
      await api['joint-punishment'](
        'POST',
        '/api/v1/measures',
        {
          code: measureCode,
          name: '限制参与政府采购活动',
          kind: 'PUNISHMENT',
          appliesTo: 'BLACK',
          unitCodes: platform.linkageUnits,
          scenarios: ['GOVERNMENT_PROCUREMENT'],
          legalBasis: '《中华人民共和国政府采购法》第二十二条',
        },
        bearer(tokens.admin),
      ),
      201,
    );

    // The department's list: a 容缺受理 matter whose breach names a list nomination.
    const matter = await api['commitments'](
      'POST',
      '/api/v1/commitment-matters',
      {
        department: unit,
        code: matterCode,
        name: '食品经营许可容缺受理',
        type: 'DEFICIENCY_TOLERANCE',
        legalBasis: '《优化营商环境条例》第十九条',
        template: '{subjectName}就{matterName}郑重承诺：在核查期限内补齐所缺材料，逾期未补愿承担相应责任。承诺日期：{date}',
        verification: { workingDays: 1, evidenceRequired: ['补正材料'] },
        consequenceOnBreach: 'LIST_NOMINATION',
        public: true,
        expectedVersion: 0,
      },
      bearer(tokens.submitter),
    );
    status('list the matter', matter, 201);

    // Signed long enough ago that its verification day has passed: the scan breaches it.
    const signed = await api['commitments'](
      'POST',
      '/api/v1/commitments',
      { subjectCode: code, subjectName: name, matterCode, signedOn: '2026-11-02', acceptingUnit: unit },
      bearer(tokens.submitter),
    );
    status('sign under the matter', signed, 201);
    const commitmentId: string = signed.body.id;
    expect(signed.body).toMatchObject({ consequenceOnBreach: 'LIST_NOMINATION', type: 'DEFICIENCY_TOLERANCE' });

    const breached = await waitFor(
      async () => {
        const read = await api['commitments']('GET', `/api/v1/commitments/${commitmentId}`, undefined, bearer(tokens.submitter));
        return read.status === 200 && read.body.status === 'BREACHED' ? read.body : undefined;
      },
      { timeoutMs: 180_000, description: 'the deficiency scan breaches the lapsed commitment' },
    );
    expect(breached.lifecycle).toMatchObject({ status: 'BREACHED', decidedBy: { unitCode: FLOW_DEPARTMENT, user: 'deficiency-scheduler' } });

    // joint-punishment proposes the nomination the matter names.
    const proposal = await waitFor(
      async () => {
        const listed = await api['joint-punishment']('GET', '/api/v1/nomination-proposals?page=1&pageSize=500', undefined, bearer(tokens.reviewer));
        status('read the proposals', listed, 200);
        return (listed.body.items as { id: string; subjectCode: string; rule: string; status: string; list: string; commitmentIds: string[] }[]).find(
          (p) => p.subjectCode === code,
        );
      },
      { timeoutMs: 180_000, description: 'a nomination proposal for the breached commitment' },
    );
    expect(proposal).toMatchObject({ rule: 'MATTER_LIST_NOMINATION', list: 'BLACK', status: 'OPEN', commitmentIds: [commitmentId] });

    // The department nominates on the proposal (认定发起); another department's reviewer approves.
    const nominated = await api['joint-punishment'](
      'POST',
      '/api/v1/nominations',
      {
        subjectCode: code,
        list: 'BLACK',
        category: 'MARKET_SERIOUS_ILLEGAL',
        basis: { recordIds: [commitmentId], documents: [{ name: '列入严重违法失信名单决定书', number: `南市监列严〔2026〕${code.slice(12)}号` }] },
        decidedOn: todayInShanghai(),
        proposalId: proposal.id,
      },
      bearer(tokens.submitter),
    );
    status('nominate on the proposal', nominated, 201);
    const reviewed = await api['joint-punishment']('POST', `/api/v1/nominations/${nominated.body.id}/review`, { approved: true, note: '违诺事实清楚，同意列入' }, bearer(officeReviewer));
    status('approve the nomination', reviewed, 200);
    expect(reviewed.body).toMatchObject({ status: 'APPROVED', listEntryId: expect.any(String) });
    const taken = await api['joint-punishment']('GET', '/api/v1/nomination-proposals?page=1&pageSize=500', undefined, bearer(tokens.reviewer));
    expect(taken.body.items.find((p: { id: string }) => p.id === proposal.id)).toMatchObject({ status: 'NOMINATED', nominationId: nominated.body.id });

    // The credit check applies the black list's measure.
    const check = await api['joint-punishment']('GET', `/api/v1/credit-check/${code}?scenario=GOVERNMENT_PROCUREMENT`, undefined, bearer(tokens.reader));
    status('credit check', check, 200);
    expect(check.body.measures.map((m: { measureCode: string }) => m.measureCode)).toContain(measureCode);

    // And the grade counts the breach as a factor.
    const grade = await waitFor(
      async () => {
        const got = await api['grading-supervision']('GET', `/api/v1/grades/${code}`, undefined, bearer(tokens.reader));
        return got.status === 200 && got.body.factors.some((f: { recordId: string }) => f.recordId === commitmentId) ? got.body : undefined;
      },
      { timeoutMs: 180_000, description: 'the grade counts the breach' },
    );
    expect(grade.factors).toContainEqual(expect.objectContaining({ source: 'commitments.commitment-fulfilment-recorded', recordId: commitmentId, effect: expect.any(Number) }));
    expect(grade.factors.find((f: { recordId: string }) => f.recordId === commitmentId).effect).toBeLessThan(0);
  }, 900_000);
});
