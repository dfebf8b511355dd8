import type { CommitmentConsequence, CommitmentType, Page } from '@credit/contracts';
import { maskIdNumbersInText, normalizeUnitCode } from '@credit/domain-kernel';
import { EventStore, handleCommand } from '@credit/event-store';
import { assertSourceUnit, commandMetaOf, FieldValidationProblem, NotFoundProblem, offsetOf, type RequestContext } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { commitmentMatterDecider, commitmentMatterStream } from './commitment-matter.decider';
import type { CommitmentMatterQueryDto, RegisterCommitmentMatterDto } from './commitment-matter.dto';
import { unknownPlaceholders } from './commitment-matter.rules';
import { projectCommitmentMatterEvents } from './commitment-matters.projection';
import { countCommitmentMatters, pageOfCurrentCommitmentMatters, versionsOfCommitmentMatter, type CommitmentMatterRow } from './commitment-matters.repository';

export interface CommitmentMatterVersionView {
  version: number;
  name: string;
  type: CommitmentType;
  legalBasis: string;
  template: string;
  verification: { workingDays: number; evidenceRequired: string[] };
  consequenceOnBreach: CommitmentConsequence;
  public: boolean;
  registeredAt: string;
}

export interface CommitmentMatterView extends CommitmentMatterVersionView {
  department: { name: string; code: string };
  code: string;
  /** Every version, oldest first (the last is the current one). */
  versions: CommitmentMatterVersionView[];
}

@Injectable()
export class CommitmentMattersService {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
  ) {}

  async register(dto: RegisterCommitmentMatterDto, ctx: RequestContext): Promise<CommitmentMatterView> {
    const departmentCode = normalizeUnitCode(dto.department.code);
    const errors = [];
    if (departmentCode === null) errors.push({ field: 'department.code', message: 'must be a unified social credit code (GB 32100) with a valid check character' });
    const unknown = unknownPlaceholders(dto.template);
    if (unknown.length > 0) {
      errors.push({ field: 'template', message: `unknown placeholder(s) ${unknown.map((p) => `{${p}}`).join(', ')}: use {subjectName}, {matterName}, {date}, {acceptingUnitName}` });
    }
    if (departmentCode === null || errors.length > 0) throw new FieldValidationProblem(errors);
    // A department keeps its own list (domain.md §6); admin may keep any.
    assertSourceUnit(ctx.principal, departmentCode);
    const data = {
      departmentCode,
      departmentName: maskIdNumbersInText(dto.department.name.trim()),
      code: dto.code,
      name: maskIdNumbersInText(dto.name.trim()),
      type: dto.type,
      legalBasis: maskIdNumbersInText(dto.legalBasis.trim()),
      template: maskIdNumbersInText(dto.template.trim()),
      verification: { workingDays: dto.verification.workingDays, evidenceRequired: dto.verification.evidenceRequired.map((e) => maskIdNumbersInText(e.trim())) },
      consequenceOnBreach: dto.consequenceOnBreach,
      public: dto.public,
    };
    const meta = commandMetaOf(ctx.principal, ctx.correlationId, null);
    await this.store.transaction(async (tx) => {
      const { events } = await handleCommand(
        tx,
        commitmentMatterStream(departmentCode, dto.code),
        commitmentMatterDecider,
        { type: 'RegisterMatter', data, ...(dto.expectedVersion !== undefined && { expectedVersion: dto.expectedVersion }) },
        meta,
      );
      await projectCommitmentMatterEvents(tx.manager, events);
    });
    const matter = await this.matter(departmentCode, dto.code);
    if (!matter) throw new NotFoundProblem(`no commitment matter ${dto.code} of ${departmentCode}`);
    return matter;
  }

  /** The current version of each matter, with its earlier versions, ordered by department and code. */
  async list(query: CommitmentMatterQueryDto): Promise<Page<CommitmentMatterView>> {
    const department = query.department === undefined ? undefined : (normalizeUnitCode(query.department) ?? query.department.trim().toUpperCase());
    const rows = await pageOfCurrentCommitmentMatters(this.dataSource, department, query.pageSize, offsetOf(query));
    const items: CommitmentMatterView[] = [];
    for (const row of rows) {
      const matter = await this.matter(row.department_code, row.code);
      if (matter) items.push(matter);
    }
    const total = rows.length > 0 ? Number(rows[0].total) : await countCommitmentMatters(this.dataSource, department);
    return { items, page: query.page, pageSize: query.pageSize, total };
  }

  private async matter(departmentCode: string, code: string): Promise<CommitmentMatterView | undefined> {
    const rows = await versionsOfCommitmentMatter(this.dataSource, departmentCode, code);
    if (rows.length === 0) return undefined;
    const versions = rows.map(versionView);
    const current = rows[rows.length - 1];
    return { department: { name: current.department_name, code: departmentCode }, code, ...versions[versions.length - 1], versions };
  }
}

const versionView = (r: CommitmentMatterRow): CommitmentMatterVersionView => ({
  version: r.matter_version,
  name: r.name,
  type: r.type as CommitmentType,
  legalBasis: r.legal_basis,
  template: r.template,
  verification: { workingDays: r.verification_working_days, evidenceRequired: r.evidence_required },
  consequenceOnBreach: r.consequence_on_breach as CommitmentConsequence,
  public: r.public,
  registeredAt: new Date(r.registered_at).toISOString(),
});
