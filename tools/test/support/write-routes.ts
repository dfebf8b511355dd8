/**
 * Every write route of the platform, in one table: the service, the roles it takes, how to make a
 * valid request to it on a running platform, and who may call it. The authorization matrix runs
 * each row against six callers; the fuzz suite mutates each row's valid body.
 */
import { subjectKeyFor, todayInShanghai } from '@credit/domain-kernel';
import { TOPICS } from '@credit/contracts';
import { bearer, FLOW_DEPARTMENT, freshCitizenId, freshUscc, mintToken, penaltyRequest, queryDatabase, testInfra, waitFor, type JsonResponse, type PlatformService, type RepairPlatform, type RepairSubject } from '@credit/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomInt, randomUUID } from 'node:crypto';

/** Who calls, in the matrix: the owning unit, another department, the subject itself, and the owner with no, the wrong or an expired token. */
export const CALLERS = ['otherDepartment', 'subject', 'noRole', 'wrongRole', 'expired', 'owner'] as const;
export type Caller = (typeof CALLERS)[number];

export interface RouteContext {
  platform: RepairPlatform;
  /** A subject with a published penalty by FLOW_DEPARTMENT, a black-list entry it initiated, a measure of two linkage units and a repair commitment. */
  subject: RepairSubject;
  /** Another department than FLOW_DEPARTMENT. */
  other: string;
}

/** One request to a route, ready to send, and how to read back what it would change. */
export interface Attempt {
  method: 'POST' | 'PUT';
  path: string;
  /** A fresh valid body for each call (codes and decision numbers differ from call to call). */
  body: () => unknown;
  /** The resource as its owner reads it: equal before and after a refused call. */
  read?: () => Promise<unknown>;
}

export interface WriteRoute {
  route: string;
  service: PlatformService;
  /** The roles the owner calls with. */
  roles: string[];
  /** A role the route does not take. */
  wrongRole: string;
  /** The unit that owns the resource (default FLOW_DEPARTMENT). */
  ownerUnit?: (ctx: RouteContext) => string;
  /** The department the `otherDepartment` caller stands for, when not just any other one (default ctx.other). */
  otherUnit?: (ctx: RouteContext) => string;
  prepare: (ctx: RouteContext) => Promise<Attempt>;
  /**
   * A batch answers 200 with a result per item: for the callers listed here that 200 must refuse
   * every item (INVALID, naming the field of the rule) and change nothing, like a refusal.
   */
  refusedPerItem?: { callers: Caller[]; field: string };
  /** The status each caller gets; noRole/wrongRole default to 403, expired to 401. */
  expect: { owner: number; otherDepartment: number; subject: number } & Partial<Record<Caller, number>>;
}

const UNIT = { name: '南宁市市场监督管理局', code: FLOW_DEPARTMENT };
const today = (): string => todayInShanghai();
const serial = (): number => randomInt(1_000_000_000);

const ok = (step: string, response: JsonResponse, ...statuses: number[]): JsonResponse => {
  if (!statuses.includes(response.status)) throw new Error(`${step}: HTTP ${response.status} ${response.text.slice(0, 400)}`);
  return response;
};

const penaltyBody = (code: string) => penaltyRequest({ code, name: '南宁市矩阵测试有限公司', unit: UNIT, decisionNumber: `南市监处罚〔2026〕${serial()}号` });

const licenseBody = (code: string) => ({
  decisionNumber: `南市监许〔2026〕${serial()}号`,
  subject: { name: '南宁市矩阵测试餐饮有限公司', kind: 'LEGAL_PERSON', code },
  licenseName: '食品经营许可证',
  licenseType: '普通',
  content: '预包装食品销售',
  decidedOn: today(),
  validFrom: today(),
  authority: UNIT,
  sourceUnit: UNIT,
});

const actionBody = (code: string) => ({
  actionType: 'INSPECTION',
  decisionNumber: `南市监检〔2026〕${serial()}号`,
  subject: { name: '南宁市矩阵测试有限公司', kind: 'LEGAL_PERSON', code },
  content: '双随机抽查：未发现问题',
  decidedOn: today(),
  authority: UNIT,
  sourceUnit: UNIT,
});

/** A penalty of FLOW_DEPARTMENT on a fresh subject, as the owner records it. */
async function ownersPenalty(ctx: RouteContext): Promise<{ id: string; code: string }> {
  const code = freshUscc();
  const created = ok('record a penalty', await ctx.platform.api['double-publicity']('POST', '/api/v1/penalties', penaltyBody(code), bearer(ctx.platform.tokens.submitter)), 201);
  return { id: created.body.id, code };
}

/** A reader of the owning unit (reads back what a refused call would have changed). */
const readAs = (ctx: RouteContext, service: PlatformService, path: string) => async () => {
  const response = await ctx.platform.api[service]('GET', path, undefined, bearer(ctx.platform.tokens.admin));
  return { status: response.status, body: response.body };
};

/** The city's credit office in the matrix: reviews other departments' nominations. */
const CREDIT_OFFICE = freshUscc('11450100');

/** A financial institution in the matrix: the one the subject authorizes for the outcome route. */
const MATRIX_BANK = freshUscc('91450100');

const supportingBody = (subjectCode: string) => ({
  subjectCode,
  subjectName: '南宁市矩阵测试有限公司',
  category: 'TAX',
  status: 'PAID',
  sourceReference: `SW-${serial()}`,
  period: '2026-10',
  taxGrade: 'B',
  description: '授权矩阵测试：按期足额纳税',
  recordedOn: '2026-11-05',
  sourceUnit: UNIT,
});

const authorizationBody = (subjectCode: string, institutionCode: string) => ({
  subjectCode,
  institution: { name: '矩阵测试银行南宁分行', code: institutionCode },
  purpose: 'FINANCING',
  categories: ['TAX'],
  validFrom: today(),
  validUntil: today(),
});

/** An authorization the matrix subject gives `institutionCode` with its own token; its id. */
async function grantedAuthorization(ctx: RouteContext, institutionCode: string): Promise<string> {
  const token = await mintToken({ sub: ctx.subject.code, name: 'the-subject', roles: ['submitter'] });
  const granted = ok('grant', await ctx.platform.api['credit-sharing']('POST', '/api/v1/authorizations', authorizationBody(ctx.subject.code, institutionCode), bearer(token)), 201);
  return granted.body.id as string;
}

const categoryBody = (code: string) => ({ code, name: '授权矩阵测试失信名单', list: 'BLACK', legalBasis: '《市场监督管理严重违法失信名单管理办法》' });

/** A black-list category of its own, so that each listing of the prepared subject is its first in it. */
async function newCategory(ctx: RouteContext): Promise<string> {
  const code = `MX${serial()}`;
  ok('define a list category', await ctx.platform.api['joint-punishment']('POST', '/api/v1/list-categories', categoryBody(code), bearer(ctx.platform.tokens.admin)), 200, 201);
  return code;
}

/** The prepared subject listed by FLOW_DEPARTMENT on its own penalty. */
const listEntryBody = (ctx: RouteContext, category: string) => ({
  subjectCode: ctx.subject.code,
  list: 'BLACK',
  category,
  basis: { recordIds: [ctx.subject.penaltyId], document: `南市监列严〔2026〕${serial()}号` },
  initiatingUnit: UNIT,
  decidedOn: today(),
});

const nominationBody = (ctx: RouteContext, category: string) => ({
  subjectCode: ctx.subject.code,
  list: 'BLACK',
  category,
  decidedOn: today(),
  basis: { recordIds: [ctx.subject.penaltyId], documents: [{ name: '行政处罚决定书', number: `南市监处罚〔2025〕${serial()}号` }] },
});

export const WRITE_ROUTES: WriteRoute[] = [
  // subject-registry: any department registers the subjects it deals with; the calendar is the credit office's (admin).
  {
    route: 'POST /api/v1/subjects',
    service: 'subject-registry',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async () => ({ method: 'POST', path: '/api/v1/subjects', body: () => ({ code: freshUscc(), name: '南宁市矩阵测试有限公司', kind: 'LEGAL_PERSON' }) }),
    expect: { owner: 201, otherDepartment: 201, subject: 201 },
  },
  {
    route: 'POST /api/v1/subjects/batch',
    service: 'subject-registry',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async () => ({ method: 'POST', path: '/api/v1/subjects/batch', body: () => ({ items: [{ code: freshUscc(), name: '南宁市矩阵测试有限公司', kind: 'LEGAL_PERSON' }] }) }),
    expect: { owner: 200, otherDepartment: 200, subject: 200 },
  },
  {
    route: 'POST /api/v1/subjects/{code}/legacy-codes',
    service: 'subject-registry',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async (ctx) => ({
      method: 'POST',
      path: `/api/v1/subjects/${ctx.subject.code}/legacy-codes`,
      body: () => ({ scheme: 'REGISTRATION_NO', value: String(450100000000000 + serial()).slice(0, 15) }),
      read: readAs(ctx, 'subject-registry', `/api/v1/subjects/${ctx.subject.code}`),
    }),
    expect: { owner: 201, otherDepartment: 201, subject: 201 },
  },
  {
    route: 'PUT /api/v1/calendar/years/{year}',
    service: 'subject-registry',
    roles: ['admin'],
    wrongRole: 'submitter',
    prepare: async (ctx) => ({
      method: 'PUT',
      path: '/api/v1/calendar/years/2097',
      body: () => ({ source: '授权矩阵测试（2097）', holidays: [['2097-01-01', '2097-01-01']], workingWeekendDays: [] }),
      read: readAs(ctx, 'subject-registry', '/api/v1/calendar/years/2097'),
    }),
    // An administrator acts for the platform, whichever unit it belongs to.
    expect: { owner: 200, otherDepartment: 200, subject: 200 },
  },
  {
    route: 'PUT /api/v1/vault/{subjectKey}',
    service: 'subject-registry',
    roles: ['service'],
    wrongRole: 'ops',
    prepare: async (ctx) => {
      const idNumber = freshCitizenId();
      const key = subjectKeyFor('NATURAL_PERSON', idNumber, ctx.platform.services['subject-registry'].env.SUBJECT_KEY_SECRET);
      return { method: 'PUT', path: `/api/v1/vault/${encodeURIComponent(key)}`, body: () => ({ idNumber }) };
    },
    // The platform's own service tokens only: role `service`, which no department token carries.
    expect: { owner: 200, otherDepartment: 200, subject: 200, wrongRole: 403 },
  },

  // double-publicity: a department writes, corrects and revokes only records whose source unit it is.
  {
    route: 'POST /api/v1/penalties',
    service: 'double-publicity',
    roles: ['submitter'],
    wrongRole: 'reviewer',
    prepare: async () => ({ method: 'POST', path: '/api/v1/penalties', body: () => penaltyBody(freshUscc()) }),
    expect: { owner: 201, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/penalties/batch',
    service: 'double-publicity',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async () => ({ method: 'POST', path: '/api/v1/penalties/batch', body: () => ({ items: [penaltyBody(freshUscc())] }) }),
    // Per item: each one in another unit's name is INVALID (sourceUnit.code), nothing is stored.
    refusedPerItem: { callers: ['otherDepartment', 'subject'], field: 'sourceUnit.code' },
    expect: { owner: 200, otherDepartment: 200, subject: 200 },
  },
  {
    route: 'POST /api/v1/licenses',
    service: 'double-publicity',
    roles: ['submitter'],
    wrongRole: 'reviewer',
    prepare: async () => ({ method: 'POST', path: '/api/v1/licenses', body: () => licenseBody(freshUscc()) }),
    expect: { owner: 201, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/licenses/batch',
    service: 'double-publicity',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async () => ({ method: 'POST', path: '/api/v1/licenses/batch', body: () => ({ items: [licenseBody(freshUscc())] }) }),
    // Per item: each one in another unit's name is INVALID (sourceUnit.code), nothing is stored.
    refusedPerItem: { callers: ['otherDepartment', 'subject'], field: 'sourceUnit.code' },
    expect: { owner: 200, otherDepartment: 200, subject: 200 },
  },
  {
    route: 'POST /api/v1/administrative-actions',
    service: 'double-publicity',
    roles: ['submitter'],
    wrongRole: 'reviewer',
    prepare: async () => ({ method: 'POST', path: '/api/v1/administrative-actions', body: () => actionBody(freshUscc()) }),
    expect: { owner: 201, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/administrative-actions/batch',
    service: 'double-publicity',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async () => ({ method: 'POST', path: '/api/v1/administrative-actions/batch', body: () => ({ items: [actionBody(freshUscc())] }) }),
    // Per item: each one in another unit's name is INVALID (sourceUnit.code), nothing is stored.
    refusedPerItem: { callers: ['otherDepartment', 'subject'], field: 'sourceUnit.code' },
    expect: { owner: 200, otherDepartment: 200, subject: 200 },
  },
  {
    route: 'POST /api/v1/catalog',
    service: 'double-publicity',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async () => ({
      method: 'POST',
      path: '/api/v1/catalog',
      body: () => ({ departmentCode: FLOW_DEPARTMENT, kind: 'PENALTY', code: `MX${serial()}`, name: '虚假宣传行为的处罚', legalBasis: '《中华人民共和国反不正当竞争法》第二十条' }),
    }),
    expect: { owner: 201, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/penalties/{id}/corrections',
    service: 'double-publicity',
    roles: ['submitter'],
    wrongRole: 'reviewer',
    prepare: async (ctx) => {
      const penalty = await ownersPenalty(ctx);
      return {
        method: 'POST',
        path: `/api/v1/penalties/${penalty.id}/corrections`,
        body: () => ({ fields: { fineAmount: '1.00', content: '罚款人民币壹元' }, reason: '更正罚款金额' }),
        read: readAs(ctx, 'double-publicity', `/api/v1/penalties/${penalty.id}`),
      };
    },
    expect: { owner: 200, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/licenses/{id}/corrections',
    service: 'double-publicity',
    roles: ['submitter'],
    wrongRole: 'reviewer',
    prepare: async (ctx) => {
      const created = ok('record a licence', await ctx.platform.api['double-publicity']('POST', '/api/v1/licenses', licenseBody(freshUscc()), bearer(ctx.platform.tokens.submitter)), 201);
      return {
        method: 'POST',
        path: `/api/v1/licenses/${created.body.id}/corrections`,
        body: () => ({ fields: { content: '预包装食品销售（含冷藏冷冻食品）' }, reason: '更正许可内容' }),
        read: readAs(ctx, 'double-publicity', `/api/v1/licenses/${created.body.id}`),
      };
    },
    expect: { owner: 200, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/penalties/{id}/revocation',
    service: 'double-publicity',
    roles: ['submitter'],
    wrongRole: 'reviewer',
    prepare: async (ctx) => {
      const penalty = await ownersPenalty(ctx);
      return {
        method: 'POST',
        path: `/api/v1/penalties/${penalty.id}/revocation`,
        body: () => ({ reason: '行政复议决定撤销原处罚决定', document: `南府复决〔2026〕${serial()}号` }),
        read: readAs(ctx, 'double-publicity', `/api/v1/penalties/${penalty.id}`),
      };
    },
    expect: { owner: 200, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/objections',
    service: 'double-publicity',
    roles: ['reader'],
    wrongRole: 'service',
    prepare: async (ctx) => {
      const penalty = await ownersPenalty(ctx);
      return {
        method: 'POST',
        path: '/api/v1/objections',
        body: () => ({ recordId: penalty.id, subjectCode: penalty.code, reason: '罚款金额有误', contact: '0771-1234567' }),
      };
    },
    // A subject objects through any department system, or its own: knowing the record and the subject's code is the rule.
    expect: { owner: 201, otherDepartment: 201, subject: 201 },
  },
  {
    route: 'POST /api/v1/objections/{id}/resolution',
    service: 'double-publicity',
    roles: ['reviewer'],
    wrongRole: 'submitter',
    prepare: async (ctx) => {
      const penalty = await ownersPenalty(ctx);
      const filed = ok(
        'file an objection',
        await ctx.platform.api['double-publicity']('POST', '/api/v1/objections', { recordId: penalty.id, subjectCode: penalty.code, reason: '罚款金额有误', contact: 'x' }, bearer(ctx.platform.tokens.reader)),
        201,
      );
      return {
        method: 'POST',
        path: `/api/v1/objections/${filed.body.id}/resolution`,
        body: () => ({ outcome: 'UPHELD', note: '经核实罚款金额有误', corrections: { fineAmount: '1.00' } }),
        read: readAs(ctx, 'double-publicity', `/api/v1/penalties/${penalty.id}`),
      };
    },
    expect: { owner: 200, otherDepartment: 403, subject: 403 },
  },

  // commitments: the accepting unit records what was committed before it, and its fulfilment.
  {
    route: 'POST /api/v1/commitments',
    service: 'commitments',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async () => ({
      method: 'POST',
      path: '/api/v1/commitments',
      body: () => ({
        subjectCode: freshUscc(),
        type: 'CREDIT_REPAIR',
        matter: '信用修复',
        text: '本单位承诺已纠正失信行为并履行相关义务，如有虚假愿承担相应责任。',
        signedOn: '2026-01-05',
        public: true,
        acceptingUnit: UNIT,
      }),
    }),
    expect: { owner: 201, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/commitments/{id}/fulfilment',
    service: 'commitments',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async (ctx) => {
      const signed = ok(
        'sign a commitment',
        await ctx.platform.api['commitments'](
          'POST',
          '/api/v1/commitments',
          { subjectCode: freshUscc(), type: 'INDUSTRY_SELF_DISCIPLINE', matter: '食品安全承诺', text: '本单位承诺依法经营。', signedOn: '2026-01-05', public: true, acceptingUnit: UNIT },
          bearer(ctx.platform.tokens.submitter),
        ),
        201,
      );
      return {
        method: 'POST',
        path: `/api/v1/commitments/${signed.body.id}/fulfilment`,
        body: () => ({ outcome: 'BREACHED', note: '未按承诺整改', decidedOn: today() }),
        read: readAs(ctx, 'commitments', `/api/v1/commitments/${signed.body.id}`),
      };
    },
    expect: { owner: 200, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/commitments/{id}/closure',
    service: 'commitments',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async (ctx) => {
      const signed = ok(
        'sign a commitment',
        await ctx.platform.api['commitments'](
          'POST',
          '/api/v1/commitments',
          { subjectCode: freshUscc(), type: 'INDUSTRY_SELF_DISCIPLINE', matter: '食品安全承诺', text: '本单位承诺依法经营。', signedOn: '2026-01-05', public: true, acceptingUnit: UNIT },
          bearer(ctx.platform.tokens.submitter),
        ),
        201,
      );
      return {
        method: 'POST',
        path: `/api/v1/commitments/${signed.body.id}/closure`,
        body: () => ({ status: 'WITHDRAWN', reason: '申请人主动撤回承诺', decidedOn: today() }),
        read: readAs(ctx, 'commitments', `/api/v1/commitments/${signed.body.id}`),
      };
    },
    expect: { owner: 200, otherDepartment: 403, subject: 403 },
  },
  // The list of commitment matters (承诺事项清单) is each department's own.
  {
    route: 'POST /api/v1/commitment-matters',
    service: 'commitments',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async (ctx) => ({
      method: 'POST',
      path: '/api/v1/commitment-matters',
      body: () => ({
        department: UNIT,
        code: `MX-${serial()}`,
        name: '食品经营许可告知承诺',
        type: 'APPROVAL_REPLACEMENT',
        legalBasis: '《优化营商环境条例》第十九条',
        template: '{subjectName}就{matterName}郑重承诺：所提交材料真实有效。承诺日期：{date}',
        verification: { workingDays: 20, evidenceRequired: ['现场核查记录'] },
        consequenceOnBreach: 'LIST_NOMINATION',
        public: true,
      }),
      read: readAs(ctx, 'commitments', `/api/v1/commitment-matters?department=${FLOW_DEPARTMENT}&pageSize=200`),
    }),
    expect: { owner: 201, otherDepartment: 403, subject: 403 },
  },

  // joint-punishment: the catalogs are the credit office's (admin); a list entry is posted, exited and
  // its measures reported only in the caller's own name; a nomination is reviewed by anyone but its
  // nominating department and its subject.
  {
    route: 'POST /api/v1/list-categories',
    service: 'joint-punishment',
    roles: ['admin'],
    wrongRole: 'reviewer',
    prepare: async () => ({ method: 'POST', path: '/api/v1/list-categories', body: () => categoryBody(`MX${serial()}`) }),
    expect: { owner: 201, otherDepartment: 201, subject: 201 },
  },
  {
    route: 'POST /api/v1/linkage-units',
    service: 'joint-punishment',
    roles: ['admin'],
    wrongRole: 'reviewer',
    prepare: async () => ({ method: 'POST', path: '/api/v1/linkage-units', body: () => ({ code: freshUscc('11450100'), name: '矩阵测试联动单位' }) }),
    expect: { owner: 201, otherDepartment: 201, subject: 201 },
  },
  {
    route: 'POST /api/v1/measures',
    service: 'joint-punishment',
    roles: ['admin'],
    wrongRole: 'reviewer',
    prepare: async (ctx) => ({
      method: 'POST',
      path: '/api/v1/measures',
      body: () => ({
        code: `M-MX${serial()}`,
        name: '限制参与政府采购活动',
        kind: 'PUNISHMENT',
        appliesTo: 'BLACK',
        unitCodes: ctx.platform.linkageUnits,
        scenarios: ['GOVERNMENT_PROCUREMENT'],
        legalBasis: '《中华人民共和国政府采购法》第二十二条',
      }),
    }),
    expect: { owner: 201, otherDepartment: 201, subject: 201 },
  },
  {
    route: 'POST /api/v1/list-entries',
    service: 'joint-punishment',
    roles: ['reviewer'],
    wrongRole: 'submitter',
    prepare: async (ctx) => {
      const category = await newCategory(ctx);
      return { method: 'POST', path: '/api/v1/list-entries', body: () => listEntryBody(ctx, category) };
    },
    expect: { owner: 201, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/list-entries/{id}/exit',
    service: 'joint-punishment',
    roles: ['reviewer'],
    wrongRole: 'submitter',
    prepare: async (ctx) => {
      const listed = ok('list the subject', await ctx.platform.api['joint-punishment']('POST', '/api/v1/list-entries', listEntryBody(ctx, await newCategory(ctx)), bearer(ctx.platform.tokens.reviewer)), 201);
      return {
        method: 'POST',
        path: `/api/v1/list-entries/${listed.body.id}/exit`,
        body: () => ({ reason: '主体已完成整改，经认定单位审核移出' }),
        read: readAs(ctx, 'joint-punishment', `/api/v1/list-entries/${listed.body.id}`),
      };
    },
    expect: { owner: 200, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/nominations',
    service: 'joint-punishment',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async (ctx) => {
      const category = await newCategory(ctx);
      return { method: 'POST', path: '/api/v1/nominations', body: () => nominationBody(ctx, category) };
    },
    // The nominating department is the caller, whichever it is: any department may nominate.
    expect: { owner: 201, otherDepartment: 201, subject: 201 },
  },
  {
    route: 'POST /api/v1/nominations/{id}/review',
    service: 'joint-punishment',
    roles: ['reviewer'],
    wrongRole: 'submitter',
    // Reviewed by another department (here the credit office), never by the nominating one.
    ownerUnit: () => CREDIT_OFFICE,
    otherUnit: () => FLOW_DEPARTMENT,
    prepare: async (ctx) => {
      const nominated = ok(
        'nominate the subject',
        await ctx.platform.api['joint-punishment']('POST', '/api/v1/nominations', nominationBody(ctx, await newCategory(ctx)), bearer(ctx.platform.tokens.submitter)),
        201,
      );
      return {
        method: 'POST',
        path: `/api/v1/nominations/${nominated.body.id}/review`,
        body: () => ({ approved: false, note: '认定依据不足，不予列入' }),
        read: readAs(ctx, 'joint-punishment', `/api/v1/nominations/${nominated.body.id}`),
      };
    },
    expect: { owner: 200, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/measure-executions',
    service: 'joint-punishment',
    roles: ['submitter'],
    wrongRole: 'reader',
    // The linkage unit that applies the measure reports its execution.
    ownerUnit: (ctx) => ctx.platform.linkageUnits[0],
    prepare: async (ctx) => ({
      method: 'POST',
      path: '/api/v1/measure-executions',
      body: () => ({ listEntryId: ctx.subject.listEntryId, measureCode: ctx.subject.measureCode, unitCode: ctx.platform.linkageUnits[0], outcome: 'APPLIED', note: '已在采购资格审查中执行' }),
    }),
    expect: { owner: 201, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/credit-check/batch',
    service: 'joint-punishment',
    roles: ['reader'],
    wrongRole: 'submitter',
    prepare: async (ctx) => ({ method: 'POST', path: '/api/v1/credit-check/batch', body: () => ({ subjectCodes: [ctx.subject.code], scenario: 'GOVERNMENT_PROCUREMENT' }) }),
    // Any department checks a subject before it acts (each check recorded under the caller).
    expect: { owner: 200, otherDepartment: 200, subject: 200 },
  },
  {
    route: 'POST /api/v1/credit-checks/{checkId}/use',
    service: 'joint-punishment',
    roles: ['reader'],
    wrongRole: 'submitter',
    prepare: async (ctx) => {
      const check = ok(
        'check the subject',
        await ctx.platform.api['joint-punishment']('GET', `/api/v1/credit-check/${ctx.subject.code}?scenario=GOVERNMENT_PROCUREMENT`, undefined, bearer(ctx.platform.tokens.reader)),
        200,
      );
      return { method: 'POST', path: `/api/v1/credit-checks/${check.body.checkId}/use`, body: () => ({ decision: 'EXCLUDED_FROM_PROCUREMENT', note: '依据联合惩戒措施' }) };
    },
    // Only the department that made the check records what it did with the answer.
    expect: { owner: 201, otherDepartment: 403, subject: 403 },
  },

  // grading-supervision: a department draws its own 双随机 plans and reports their results; the
  // scoring rule's versions are the credit office's (admin), effective today or later.
  {
    route: 'POST /api/v1/inspection-plans',
    service: 'grading-supervision',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async (ctx) => ({
      method: 'POST',
      path: '/api/v1/inspection-plans',
      body: () => ({ department: UNIT, subjectCodes: [freshUscc(), ctx.subject.code], baseRatio: 0.5, inspectors: ['执法员甲', '执法员乙', '执法员丙'], seed: `matrix-${serial()}` }),
    }),
    expect: { owner: 201, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/inspection-plans/{id}/results',
    service: 'grading-supervision',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async (ctx) => {
      const inspected = freshUscc();
      const plan = ok(
        'draw an inspection plan',
        await ctx.platform.api['grading-supervision'](
          'POST',
          '/api/v1/inspection-plans',
          { department: UNIT, subjectCodes: [inspected], baseRatio: 1, inspectors: ['执法员甲', '执法员乙'] },
          bearer(ctx.platform.tokens.submitter),
        ),
        201,
      );
      return {
        method: 'POST',
        path: `/api/v1/inspection-plans/${plan.body.id}/results`,
        body: () => ({ results: [{ subjectCode: inspected, outcome: 'PROBLEM_FOUND', note: '未按规定公示年度报告' }] }),
        read: readAs(ctx, 'grading-supervision', `/api/v1/inspection-plans/${plan.body.id}`),
      };
    },
    // Only the plan's department reports; its first report is the owner's (the owner calls last).
    expect: { owner: 200, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/industry-evaluations',
    service: 'grading-supervision',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async () => {
      const subjectCode = freshUscc();
      return {
        method: 'POST',
        path: '/api/v1/industry-evaluations',
        body: () => ({ subjectCode, department: UNIT, industry: '食品经营', grade: 'B', validUntil: '2099-12-31', basis: '《食品经营企业信用评价办法》' }),
      };
    },
    expect: { owner: 201, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/scoring-rules',
    service: 'grading-supervision',
    roles: ['admin'],
    wrongRole: 'submitter',
    prepare: async (ctx) => ({
      method: 'POST',
      path: '/api/v1/scoring-rules',
      // Version 1's weights, from a day far ahead: the platform's grades stay as they are.
      body: () => ({
        effectiveFrom: '2099-01-01',
        penalty: { GENERAL: -10, SERIOUS: -25 },
        listEntry: { BLACK: -40, RED: 10 },
        commitment: { BREACHED: -15, FALSE: -15 },
        inspection: { NO_PROBLEM: 0, PROBLEM_FOUND: -10, NOT_FOUND: -15 },
        thresholds: { A: 90, B: 70, C: 50 },
        reason: '授权矩阵测试',
      }),
      read: readAs(ctx, 'grading-supervision', '/api/v1/scoring-rules'),
    }),
    // The credit office acts for the platform, whichever unit its token names.
    expect: { owner: 201, otherDepartment: 201, subject: 201 },
  },

  // credit-repair: 谁认定、谁修复 — the unit that decided the record decides its repair, never the applicant.
  {
    route: 'POST /api/v1/repair-applications',
    service: 'credit-repair',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async (ctx) => ({
      method: 'POST',
      path: '/api/v1/repair-applications',
      body: () => ({
        subjectCode: ctx.subject.code,
        target: { type: 'LIST_ENTRY', id: ctx.subject.listEntryId },
        commitmentId: ctx.subject.commitmentId,
        evidence: [{ kind: 'PAYMENT_RECEIPT', description: '罚款缴纳凭证' }],
      }),
    }),
    // A department system applies on the subject's behalf, or the subject itself: the first caller's
    // application is open, and the next ones conflict with it (409).
    expect: { otherDepartment: 201, subject: 409, owner: 409 },
  },
  {
    route: 'POST /api/v1/repair-applications/{id}/decision',
    service: 'credit-repair',
    roles: ['reviewer'],
    wrongRole: 'submitter',
    prepare: async (ctx) => {
      const applicationId = await ctx.platform.applyForRepair(ctx.subject);
      return {
        method: 'POST',
        path: `/api/v1/repair-applications/${applicationId}/decision`,
        body: () => ({ approved: false, reason: '材料不全，请补充缴纳凭证' }),
        read: readAs(ctx, 'credit-repair', `/api/v1/repair-applications/${applicationId}`),
      };
    },
    expect: { owner: 200, otherDepartment: 403, subject: 403 },
  },

  // national-connector: operations put a failed delivery back in the queue.
  {
    route: 'POST /api/v1/deliveries/{id}/retry',
    service: 'national-connector',
    roles: ['ops'],
    wrongRole: 'admin',
    prepare: async (ctx) => {
      const delivery = await waitFor(
        async () => {
          const page = await ctx.platform.api['national-connector']('GET', '/api/v1/deliveries?status=DELIVERED&pageSize=1', undefined, bearer(await opsToken()));
          return page.body?.items?.[0] as { id: string } | undefined;
        },
        { timeoutMs: 60_000, description: 'a delivered delivery' },
      );
      return {
        method: 'POST',
        path: `/api/v1/deliveries/${delivery.id}/retry`,
        body: () => ({}),
        read: async () => (await ctx.platform.api['national-connector']('GET', `/api/v1/deliveries?status=DELIVERED&pageSize=500`, undefined, bearer(await opsToken()))).body,
      };
    },
    // Operations act for the platform, whichever unit; a delivered delivery is not retried (409).
    expect: { owner: 409, otherDepartment: 409, subject: 409 },
  },
  // national-connector: operations reconcile the ledger with the national side (report only: the
  // matrix's own runs must not put deliveries back in the queue).
  {
    route: 'POST /api/v1/reconciliation/runs',
    service: 'national-connector',
    roles: ['ops'],
    wrongRole: 'admin',
    prepare: async (ctx) => ({
      method: 'POST',
      path: '/api/v1/reconciliation/runs',
      body: () => ({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString(), redeliver: false }),
      // What a redelivering run would put back in the queue: the FAILED deliveries.
      read: async () => (await ctx.platform.api['national-connector']('GET', '/api/v1/deliveries?status=FAILED&pageSize=500', undefined, bearer(await opsToken()))).body,
    }),
    // Operations act for the platform, whichever unit.
    expect: { owner: 201, otherDepartment: 201, subject: 201 },
  },
  // credit-sharing: departments push 信易贷 supporting records of their own; only the subject
  // authorizes (its own token) and revokes; only the institution an authorization names reports outcomes.
  {
    route: 'POST /api/v1/supporting-records',
    service: 'credit-sharing',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async () => ({ method: 'POST', path: '/api/v1/supporting-records', body: () => supportingBody(freshUscc()) }),
    expect: { owner: 201, otherDepartment: 403, subject: 403 },
  },
  {
    route: 'POST /api/v1/supporting-records/batch',
    service: 'credit-sharing',
    roles: ['submitter'],
    wrongRole: 'reader',
    prepare: async () => ({ method: 'POST', path: '/api/v1/supporting-records/batch', body: () => ({ items: [supportingBody(freshUscc())] }) }),
    refusedPerItem: { callers: ['otherDepartment', 'subject'], field: 'sourceUnit.code' },
    expect: { owner: 200, otherDepartment: 200, subject: 200 },
  },
  {
    route: 'POST /api/v1/authorizations',
    service: 'credit-sharing',
    roles: ['submitter'],
    wrongRole: 'reader',
    ownerUnit: (ctx) => ctx.subject.code,
    prepare: async (ctx) => ({ method: 'POST', path: '/api/v1/authorizations', body: () => authorizationBody(ctx.subject.code, freshUscc()) }),
    // The subject itself is the owner: no department authorizes for it.
    expect: { owner: 201, otherDepartment: 403, subject: 201 },
  },
  {
    route: 'POST /api/v1/authorizations/{id}/revocation',
    service: 'credit-sharing',
    roles: ['submitter'],
    wrongRole: 'reader',
    ownerUnit: (ctx) => ctx.subject.code,
    prepare: async (ctx) => {
      const id = await grantedAuthorization(ctx, freshUscc());
      return {
        method: 'POST',
        path: `/api/v1/authorizations/${id}/revocation`,
        body: () => ({ reason: '授权矩阵测试：撤回授权' }),
        read: async () => (await ctx.platform.api['credit-sharing']('GET', `/api/v1/authorizations/${id}`, undefined, bearer(await opsToken()))).body,
      };
    },
    // The subject's own token revokes (it is also the owner, who then finds it revoked: 409).
    expect: { owner: 409, otherDepartment: 403, subject: 200 },
  },
  {
    route: 'POST /api/v1/financing/outcomes',
    service: 'credit-sharing',
    roles: ['institution'],
    wrongRole: 'submitter',
    ownerUnit: () => MATRIX_BANK,
    prepare: async (ctx) => {
      const id = await grantedAuthorization(ctx, MATRIX_BANK);
      const bank = await mintToken({ sub: MATRIX_BANK, name: 'matrix-bank', roles: ['institution'] });
      ok('institution read', await ctx.platform.api['credit-sharing']('GET', `/api/v1/financing/subjects/${ctx.subject.code}?authorizationId=${id}`, undefined, bearer(bank)), 200);
      return {
        method: 'POST',
        path: '/api/v1/financing/outcomes',
        body: () => ({ authorizationId: id, outcome: 'GRANTED', loanKind: 'CREDIT', amount: 100000, decidedOn: today() }),
        read: async () => (await ctx.platform.api['credit-sharing']('GET', `/api/v1/authorizations/${id}`, undefined, bearer(await opsToken()))).body,
      };
    },
    // Only the institution the authorization names: another institution (or the subject with that role) 403.
    expect: { owner: 201, otherDepartment: 403, subject: 403 },
  },
  // Operations on a service's dead letters (role ops, platform-wide), audited as events.
  {
    route: 'POST /api/v1/ops/dead-letters/{id}/discard',
    service: 'credit-portal',
    roles: ['ops'],
    wrongRole: 'admin',
    prepare: async (ctx) => {
      const id = await newDeadLetter(ctx, 'credit-portal');
      return {
        method: 'POST',
        path: `/api/v1/ops/dead-letters/${id}/discard`,
        body: () => ({ note: '上游误发的测试报文，不是事件' }),
        read: () => queryDatabase(ctx.platform.databases['credit-portal'].url, `SELECT resolution, resolution_note FROM dead_letters WHERE id = $1`, [id]),
      };
    },
    // Operations act for the platform: the first ops caller discards it, later ones find it discarded.
    expect: { otherDepartment: 200, subject: 409, owner: 409 },
  },
  {
    route: 'POST /api/v1/ops/dead-letters/{id}/redrive',
    service: 'joint-punishment',
    roles: ['ops'],
    wrongRole: 'admin',
    prepare: async (ctx) => {
      const id = await newDeadLetter(ctx, 'joint-punishment');
      return {
        method: 'POST',
        path: `/api/v1/ops/dead-letters/${id}/redrive`,
        body: () => ({}),
        read: () => queryDatabase(ctx.platform.databases['joint-punishment'].url, `SELECT resolution FROM dead_letters WHERE id = $1`, [id]),
      };
    },
    // Not JSON: no fix applies it, so every ops caller's redrive is refused again (422).
    expect: { owner: 422, otherDepartment: 422, subject: 422 },
  },
  {
    route: 'POST /api/v1/ops/republish',
    service: 'double-publicity',
    roles: ['ops'],
    wrongRole: 'admin',
    prepare: async (ctx) => ({ method: 'POST', path: '/api/v1/ops/republish', body: () => ({ fromPosition: 1, stream: `penalty-${ctx.subject.penaltyId}` }) }),
    // Operations act for the platform; each re-publication is recorded (consumers drop the duplicates).
    expect: { owner: 200, otherDepartment: 200, subject: 200 },
  },
  // Replays of a topic range through a service's handlers (role ops), audited as events when they end.
  {
    route: 'POST /api/v1/ops/replays',
    service: 'credit-portal',
    roles: ['ops'],
    wrongRole: 'admin',
    prepare: async (ctx) => ({
      method: 'POST',
      path: '/api/v1/ops/replays',
      // A dry run from an instant to come: the topics hold nothing there yet.
      body: () => ({ from: '2099-01-01T00:00:00Z', dryRun: true }),
      read: () => queryDatabase(ctx.platform.databases['credit-portal'].url, `SELECT id, status FROM event_replays ORDER BY started_at, id`),
    }),
    // Operations act for the platform; an empty range is refused (422) for every ops caller, and nothing starts.
    expect: { owner: 422, otherDepartment: 422, subject: 422 },
  },
  {
    route: 'POST /api/v1/ops/replays/{id}/cancel',
    service: 'credit-portal',
    roles: ['ops'],
    wrongRole: 'admin',
    prepare: async (ctx) => {
      const id = await endedReplay(ctx, 'credit-portal');
      return {
        method: 'POST',
        path: `/api/v1/ops/replays/${id}/cancel`,
        body: () => ({}),
        read: () => queryDatabase(ctx.platform.databases['credit-portal'].url, `SELECT status, processed, finished_at FROM event_replays WHERE id = $1`, [id]),
      };
    },
    // The replay has ended: every ops caller's cancel is refused (409), and it stays as it ended.
    expect: { owner: 409, otherDepartment: 409, subject: 409 },
  },
  // Blue/green rebuilds of a service's projections (role ops), each step audited as an event.
  {
    route: 'POST /api/v1/ops/rebuilds',
    service: 'credit-portal',
    roles: ['ops'],
    wrongRole: 'admin',
    prepare: async (ctx) => ({
      method: 'POST',
      path: '/api/v1/ops/rebuilds',
      // Slow on purpose: the first ops caller starts it, the next ones find it running.
      body: () => ({ projection: 'subject-views', batchSize: 1, maxEventsPerSecond: 1 }),
      read: () => rebuildRows(ctx, 'credit-portal'),
    }),
    expect: { otherDepartment: 202, subject: 409, owner: 409 },
  },
  {
    route: 'POST /api/v1/ops/rebuilds/{id}/cancel',
    service: 'joint-punishment',
    roles: ['ops'],
    wrongRole: 'admin',
    prepare: async (ctx) => {
      const id = await startRebuild(ctx, 'catalog', { maxEventsPerSecond: 1 });
      return { method: 'POST', path: `/api/v1/ops/rebuilds/${id}/cancel`, body: () => ({}), read: () => rebuildRows(ctx, 'joint-punishment') };
    },
    // The first ops caller interrupts it; it is then no longer running.
    expect: { otherDepartment: 200, subject: 409, owner: 409 },
  },
  {
    route: 'POST /api/v1/ops/rebuilds/{id}/resume',
    service: 'joint-punishment',
    roles: ['ops'],
    wrongRole: 'admin',
    prepare: async (ctx) => {
      const id = await startRebuild(ctx, 'measures', { maxEventsPerSecond: 1 });
      ok('interrupt the rebuild', await ctx.platform.api['joint-punishment']('POST', `/api/v1/ops/rebuilds/${id}/cancel`, {}, bearer(await opsToken())), 200);
      return { method: 'POST', path: `/api/v1/ops/rebuilds/${id}/resume`, body: () => ({}), read: () => rebuildRows(ctx, 'joint-punishment') };
    },
    // The first ops caller resumes it (slowly); the next ones find it running.
    expect: { otherDepartment: 202, subject: 409, owner: 409 },
  },
  {
    route: 'POST /api/v1/ops/rebuilds/{id}/drop-retired',
    service: 'joint-punishment',
    roles: ['ops'],
    wrongRole: 'admin',
    prepare: async (ctx) => {
      const id = await startRebuild(ctx, 'list-entries', {});
      await waitFor(
        async () => {
          const got = await ctx.platform.api['joint-punishment']('GET', `/api/v1/ops/rebuilds/${id}`, undefined, bearer(await opsToken()));
          return got.body?.status === 'DONE' || undefined;
        },
        { timeoutMs: 60_000, description: 'the rebuild switches' },
      );
      return { method: 'POST', path: `/api/v1/ops/rebuilds/${id}/drop-retired`, body: () => ({}), read: () => rebuildRows(ctx, 'joint-punishment') };
    },
    expect: { otherDepartment: 200, subject: 409, owner: 409 },
  },
];

/** Starts a rebuild of one of joint-punishment's projections as ops; its id. */
async function startRebuild(ctx: RouteContext, projection: string, options: Record<string, unknown>): Promise<string> {
  // One of the matrix's slow rebuilds of the projection may still run: interrupt it first.
  const running = await queryDatabase<{ id: string }>(ctx.platform.databases['joint-punishment'].url, `SELECT id FROM projection_rebuilds WHERE projection = $1 AND status = 'RUNNING'`, [projection]);
  for (const { id } of running) await ctx.platform.api['joint-punishment']('POST', `/api/v1/ops/rebuilds/${id}/cancel`, {}, bearer(await opsToken()));
  const started = await ctx.platform.api['joint-punishment']('POST', '/api/v1/ops/rebuilds', { projection, ...options }, bearer(await opsToken()));
  return ok(`start a rebuild of ${projection}`, started, 202).body.id as string;
}

/** The rebuilds a service has recorded and whether their old tables are dropped (not their progress, which a running one advances). */
const rebuildRows = (ctx: RouteContext, service: PlatformService) =>
  queryDatabase(ctx.platform.databases[service].url, `SELECT id, state->>'retiredDropped' AS dropped FROM projection_rebuilds ORDER BY id`);

/** A dry-run replay of the last record of the subject topic, run to its end as ops; its id. */
async function endedReplay(ctx: RouteContext, service: PlatformService): Promise<string> {
  const admin = new Kafka({ clientId: 'write-routes', brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const last = (await admin.fetchTopicOffsets(TOPICS.subjectEvents)).find((p) => BigInt(p.high) > BigInt(p.low));
  await admin.disconnect();
  if (!last) throw new Error(`${TOPICS.subjectEvents} holds no record to replay`);
  const at = (offset: bigint) => `${TOPICS.subjectEvents}/${last.partition}:${offset}`;
  const body = { from: at(BigInt(last.high) - 1n), to: at(BigInt(last.high)), topic: TOPICS.subjectEvents, dryRun: true };
  // One replay at a time per service: one still running (the fuzz may have started one) is waited for.
  const id = await waitFor(
    async () => {
      const started = await ctx.platform.api[service]('POST', '/api/v1/ops/replays', body, bearer(await opsToken()));
      return started.status === 409 ? undefined : (ok('start a dry-run replay', started, 202).body.replayId as string);
    },
    { timeoutMs: 120_000, description: 'a dry-run replay starts' },
  );
  await waitFor(
    async () => (await ctx.platform.api[service]('GET', `/api/v1/ops/replays/${id}`, undefined, bearer(await opsToken()))).body?.status === 'DONE' || undefined,
    { timeoutMs: 60_000, description: 'the dry-run replay ends' },
  );
  return id;
}

/** A record that is not JSON, published on the subject topic: every consumer dead-letters it. Its id in `service`. */
async function newDeadLetter(ctx: RouteContext, service: PlatformService): Promise<string> {
  const marker = randomUUID();
  const producer = new Kafka({ clientId: 'write-routes', brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  await producer.send({ topic: TOPICS.subjectEvents, messages: [{ key: `poison-${marker}`, value: `{"not json ${marker}` }] });
  await producer.disconnect();
  return waitFor(
    async () => {
      const [row] = await queryDatabase<{ id: string }>(ctx.platform.databases[service].url, `SELECT id::text FROM dead_letters WHERE message_key = $1`, [`poison-${marker}`]);
      return row?.id;
    },
    { timeoutMs: 60_000, description: `${service} dead-letters the poison record` },
  );
}

const opsToken = (): Promise<string> => mintToken({ sub: FLOW_DEPARTMENT, name: 'platform-ops', roles: ['ops'] });

/** The token of one caller of a route. */
export async function tokenOf(caller: Caller, route: WriteRoute, ctx: RouteContext): Promise<string> {
  const owner = route.ownerUnit?.(ctx) ?? FLOW_DEPARTMENT;
  switch (caller) {
    case 'owner':
      return mintToken({ sub: owner, name: 'owning-unit', roles: route.roles });
    case 'otherDepartment':
      // Named like the owner: only the token's sub may decide.
      return mintToken({ sub: route.otherUnit?.(ctx) ?? ctx.other, name: 'owning-unit', roles: route.roles });
    case 'subject':
      return mintToken({ sub: ctx.subject.code, name: 'the-subject', roles: route.roles });
    case 'noRole':
      return mintToken({ sub: owner, name: 'owning-unit', roles: [] });
    case 'wrongRole':
      return mintToken({ sub: owner, name: 'owning-unit', roles: [route.wrongRole] });
    case 'expired':
      return mintToken({ sub: owner, name: 'owning-unit', roles: route.roles, expiresIn: -120 });
  }
}

export const expectedStatus = (route: WriteRoute, caller: Caller): number =>
  route.expect[caller] ?? (caller === 'expired' ? 401 : caller === 'noRole' || caller === 'wrongRole' ? 403 : 403);

export { randomUUID };
