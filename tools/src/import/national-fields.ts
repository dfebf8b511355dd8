/**
 * The national 双公示 field layout (行政处罚 / 行政许可 data standard, as department feeds label
 * their columns) mapped to the fields of `POST /api/v1/penalties` and `POST /api/v1/licenses`: the
 * one table the import reads. A column may be labelled with a national label or with the API's own
 * field path (`decisionNumber`, `subject.name`, ...); both land on `field`, through `convert`.
 *
 * Fields starting with `$` are not sent as such: they are combined when a row is mapped (the subject
 * code comes from 统一社会信用代码 or, for a natural person, 证件号码; one column holds both the name
 * and the number of a suspended certificate). `field: null` marks a label that is recognised but not
 * sent, with the reason.
 */

export type ImportKind = 'penalties' | 'licenses';

export type Converter =
  /** 万元 → yuan, exactly (`0.2` → `"2000.00"`). */
  | 'wanYuan'
  /** Yuan as given (`5000` → `"5000.00"` is left to the service; only trimmed). */
  | 'text'
  /** `2025-03-10`, `2025/3/10`, `2025.03.10`, `20250310`, `2025年3月10日`, a timestamp's date → `2025-03-10`. */
  | 'date'
  /** 法人及非法人组织 / 自然人 / 个体工商户 (and the API's kinds) → the API's subject kind. */
  | 'subjectKind'
  /** 身份证 / 护照 / 其他 (and the API's types) → the API's document type. */
  | 'documentType'
  /** Penalty categories separated by ；;、,， or spaces → a list. */
  | 'categories'
  /** 一般 / 严重 (and the API's values) → GENERAL / SERIOUS. */
  | 'severity'
  /** 简易程序 / 普通程序 (and the API's values) → SUMMARY / ORDINARY. */
  | 'procedure'
  /** The standard's status codes 1 / 2 → 有效 / 无效; any other text as given. */
  | 'licenseStatus'
  /** `true` / `false` / 是 / 否 → a boolean. */
  | 'boolean';

export interface FieldRule {
  /** The API field path the column fills; `$...` combined when mapping; null = recognised, not sent. */
  field: string | null;
  /** The national labels of the column (matched after removing spaces; ASCII and full-width brackets alike). */
  labels: string[];
  kinds: readonly ImportKind[];
  convert?: Converter;
  /** Why a recognised label is not sent (field null). */
  note?: string;
}

const BOTH: readonly ImportKind[] = ['penalties', 'licenses'];
const PENALTIES: readonly ImportKind[] = ['penalties'];
const LICENSES: readonly ImportKind[] = ['licenses'];

export const NATIONAL_FIELDS: readonly FieldRule[] = [
  // The subject (行政相对人) block, the same for both record types.
  { field: 'subject.name', labels: ['行政相对人名称'], kinds: BOTH },
  { field: 'subject.kind', labels: ['行政相对人类别'], kinds: BOTH, convert: 'subjectKind' },
  { field: '$subjectUscc', labels: ['统一社会信用代码', '行政相对人代码_1(统一社会信用代码)'], kinds: BOTH },
  { field: 'subject.registrationNumber', labels: ['工商注册号', '行政相对人代码_2(工商注册号)'], kinds: BOTH },
  { field: 'subject.organizationCode', labels: ['组织机构代码', '行政相对人代码_3(组织机构代码)'], kinds: BOTH },
  { field: 'subject.taxNumber', labels: ['税务登记号', '行政相对人代码_4(税务登记号)'], kinds: BOTH },
  { field: 'subject.institutionCertificateNumber', labels: ['事业单位证书号', '行政相对人代码_5(事业单位证书号)'], kinds: BOTH },
  { field: 'subject.socialOrganizationNumber', labels: ['社会组织登记证号', '行政相对人代码_6(社会组织登记证号)'], kinds: BOTH },
  { field: 'subject.legalRepresentative', labels: ['法定代表人', '法定代表人姓名'], kinds: BOTH },
  { field: 'subject.legalRepresentativeDocument.type', labels: ['法定代表人证件类型'], kinds: BOTH, convert: 'documentType' },
  { field: 'subject.legalRepresentativeDocument.number', labels: ['法定代表人证件号码'], kinds: BOTH },
  { field: 'subject.documentType', labels: ['证件类型'], kinds: BOTH, convert: 'documentType' },
  { field: '$subjectDocumentNumber', labels: ['证件号码'], kinds: BOTH },

  // 行政处罚
  { field: 'decisionNumber', labels: ['行政处罚决定书文号'], kinds: PENALTIES },
  { field: 'violationType', labels: ['违法行为类型'], kinds: PENALTIES },
  { field: 'violationFacts', labels: ['违法事实'], kinds: PENALTIES },
  { field: 'basis', labels: ['处罚依据'], kinds: PENALTIES },
  { field: 'categories', labels: ['处罚类别'], kinds: PENALTIES, convert: 'categories' },
  { field: 'content', labels: ['处罚内容'], kinds: PENALTIES },
  { field: 'fineAmount', labels: ['罚款金额（万元）', '罚款金额'], kinds: PENALTIES, convert: 'wanYuan' },
  {
    field: 'confiscatedAmount',
    labels: ['没收违法所得、没收非法财物的金额（万元）', '没收违法所得、没收非法财物的金额'],
    kinds: PENALTIES,
    convert: 'wanYuan',
  },
  { field: '$suspendedCertificate', labels: ['暂扣或吊销证照名称及编号'], kinds: PENALTIES },
  { field: 'decidedOn', labels: ['处罚决定日期'], kinds: PENALTIES, convert: 'date' },
  { field: 'validUntil', labels: ['处罚有效期'], kinds: PENALTIES, convert: 'date' },
  { field: null, labels: ['公示截止期'], kinds: PENALTIES, note: 'the platform computes the publicity period from the rules in force' },
  { field: 'authority.name', labels: ['处罚机关'], kinds: PENALTIES },
  { field: 'authority.code', labels: ['处罚机关统一社会信用代码'], kinds: PENALTIES },
  { field: 'severity', labels: ['失信严重程度', '严重程度'], kinds: PENALTIES, convert: 'severity' },
  { field: 'procedure', labels: ['处罚程序', '程序类型'], kinds: PENALTIES, convert: 'procedure' },

  // 行政许可
  { field: 'licenseName', labels: ['行政许可决定文书名称'], kinds: LICENSES },
  { field: 'decisionNumber', labels: ['行政许可决定文书号'], kinds: LICENSES },
  { field: 'licenseType', labels: ['许可类别'], kinds: LICENSES },
  { field: 'certificateName', labels: ['许可证书名称'], kinds: LICENSES },
  { field: 'licenseNumber', labels: ['许可编号'], kinds: LICENSES },
  { field: 'content', labels: ['许可内容'], kinds: LICENSES },
  { field: 'decidedOn', labels: ['许可决定日期'], kinds: LICENSES, convert: 'date' },
  { field: 'validFrom', labels: ['有效期自'], kinds: LICENSES, convert: 'date' },
  { field: 'validUntil', labels: ['有效期至'], kinds: LICENSES, convert: 'date' },
  { field: 'authority.name', labels: ['许可机关'], kinds: LICENSES },
  { field: 'authority.code', labels: ['许可机关统一社会信用代码'], kinds: LICENSES },
  { field: 'status', labels: ['当前状态'], kinds: LICENSES, convert: 'licenseStatus' },

  // Both again: source unit, catalog matter, remarks.
  { field: 'sourceUnit.name', labels: ['数据来源单位'], kinds: BOTH },
  { field: 'sourceUnit.code', labels: ['数据来源单位统一社会信用代码'], kinds: BOTH },
  { field: 'matterCode', labels: ['事项编码'], kinds: BOTH },
  { field: 'matterName', labels: ['事项名称'], kinds: BOTH },
  { field: 'remarks', labels: ['备注'], kinds: BOTH },
];

/**
 * Columns named by the API's own field path that are not plain text. Every other API path (a
 * dotted camelCase name) is sent as given and checked by the service.
 */
export const API_FIELD_CONVERTERS: Readonly<Record<string, Converter>> = {
  categories: 'categories',
  'disclosure.public': 'boolean',
};

/** 行政相对人类别 labels (and the API's own kinds). 法人及非法人组织 is the standard's one class for both. */
export const SUBJECT_KIND_LABELS: Readonly<Record<string, string>> = {
  法人及非法人组织: 'LEGAL_PERSON',
  法人: 'LEGAL_PERSON',
  法人组织: 'LEGAL_PERSON',
  非法人组织: 'OTHER_ORGANIZATION',
  其他组织: 'OTHER_ORGANIZATION',
  自然人: 'NATURAL_PERSON',
  个体工商户: 'INDIVIDUAL_BUSINESS',
  LEGAL_PERSON: 'LEGAL_PERSON',
  OTHER_ORGANIZATION: 'OTHER_ORGANIZATION',
  NATURAL_PERSON: 'NATURAL_PERSON',
  INDIVIDUAL_BUSINESS: 'INDIVIDUAL_BUSINESS',
};

export const DOCUMENT_TYPE_LABELS: Readonly<Record<string, string>> = {
  身份证: 'ID_CARD',
  居民身份证: 'ID_CARD',
  中华人民共和国居民身份证: 'ID_CARD',
  护照: 'PASSPORT',
  其他: 'OTHER',
  ID_CARD: 'ID_CARD',
  PASSPORT: 'PASSPORT',
  OTHER: 'OTHER',
};

export const SEVERITY_LABELS: Readonly<Record<string, string>> = {
  一般: 'GENERAL',
  一般失信: 'GENERAL',
  严重: 'SERIOUS',
  严重失信: 'SERIOUS',
  GENERAL: 'GENERAL',
  SERIOUS: 'SERIOUS',
};

export const PROCEDURE_LABELS: Readonly<Record<string, string>> = {
  简易程序: 'SUMMARY',
  普通程序: 'ORDINARY',
  SUMMARY: 'SUMMARY',
  ORDINARY: 'ORDINARY',
};

/** 当前状态 in the standard: 1 有效, 2 无效. */
export const LICENSE_STATUS_CODES: Readonly<Record<string, string>> = { '1': '有效', '2': '无效' };

/** The subject code of an individual business without a USCC (the feed standard's placeholder). */
export const NO_USCC_PLACEHOLDER = '00000000000000000X';
