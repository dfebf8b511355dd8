import { join } from 'node:path';
import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint, Linter } from 'eslint';
import { repoRoot } from '@credit/testing';

/**
 * The module-boundary lint itself (eslint.config.js), on planted sources at real paths of the tree:
 * deciders, rule files and libs/credit-rules are pure (no Nest, TypeORM, Kafka, pg, platform,
 * messaging, no adapter; only the Decider type of the event store); services do not import each
 * other; the deep-import ban still holds everywhere, rule files included.
 */
const BOUNDARY_RULES = ['no-restricted-imports', '@typescript-eslint/no-restricted-imports', '@nx/enforce-module-boundaries'];

const DECIDER = 'services/joint-punishment/src/measures/measure.decider.ts';
const RULES = 'services/joint-punishment/src/nominations/nomination.rules.ts';
const ADAPTER = 'services/joint-punishment/src/measures/measures.service.ts';
const CREDIT_RULES = 'libs/credit-rules/src/dates.rules.ts';

describe('lint: module boundaries', () => {
  let eslint: ESLint;

  beforeAll(async () => {
    // @nx/enforce-module-boundaries reads the cached project graph (and skips itself without one).
    process.env.NX_DAEMON = 'false';
    await createProjectGraphAsync({ exitOnError: false });
    // The workspace's own eslint.config.js, required here: ESLint would load it with a dynamic
    // import(), which jest's module sandbox does not run.
    const root = repoRoot();
    eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: require(join(root, 'eslint.config.js')) });
  }, 300_000);

  async function lint(filePath: string, code: string): Promise<Linter.LintMessage[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return result.messages;
  }

  async function boundaryErrors(filePath: string, code: string): Promise<Array<{ rule: string | null; message: string }>> {
    const messages = await lint(filePath, code);
    return messages
      .filter((m) => m.severity === 2 && m.ruleId !== null && BOUNDARY_RULES.includes(m.ruleId))
      .map((m) => ({ rule: m.ruleId, message: m.message }));
  }

  it('refuses Nest in a decider', async () => {
    const errors = await boundaryErrors(DECIDER, `import { Injectable } from '@nestjs/common';\nexport const decorate = Injectable;\n`);
    expect(errors).toEqual([{ rule: 'no-restricted-imports', message: expect.stringMatching(/'@nestjs\/common'.*no Nest/) }]);
  });

  it('lets a clean decider through: contracts, credit rules, kernel, and the Decider type of the event store', async () => {
    const code = [
      `import type { Decider } from '@credit/event-store';`,
      `import { DomainRuleError } from '@credit/credit-rules';`,
      ``,
      `type Command = { type: 'Close'; reason: string };`,
      `type Event = { type: 'Closed'; reason: string };`,
      `type State = { closed: boolean };`,
      ``,
      `export const closing: Decider<Command, Event, State> = {`,
      `  initialState: () => ({ closed: false }),`,
      `  decide: (command, state) => {`,
      `    if (state.closed) throw new DomainRuleError('already closed', { rule: 'closed' });`,
      `    return [{ type: 'Closed', reason: command.reason }];`,
      `  },`,
      `  evolve: (_state, _event) => ({ closed: true }),`,
      `};`,
      ``,
    ].join('\n');
    const messages = await lint(DECIDER, code);
    expect(messages.filter((m) => m.severity === 2)).toEqual([]);
  });

  it('refuses a value import of the event store in a decider (only its types may be named)', async () => {
    const errors = await boundaryErrors(DECIDER, `import { handleCommand } from '@credit/event-store';\nexport const run = handleCommand;\n`);
    expect(errors).toEqual([{ rule: '@typescript-eslint/no-restricted-imports', message: expect.stringContaining('@credit/event-store') }]);
  });

  it.each([
    ['TypeORM', RULES, `import { DataSource } from 'typeorm';\nexport const source = DataSource;\n`],
    ['kafkajs', RULES, `import { Kafka } from 'kafkajs';\nexport const client = Kafka;\n`],
    ['pg', DECIDER, `import { Pool } from 'pg';\nexport const pool = Pool;\n`],
    ['@credit/platform', DECIDER, `import { DomainRuleError } from '@credit/platform';\nexport const refusal = DomainRuleError;\n`],
    ['@credit/messaging', RULES, `import { EventNotReadyError } from '@credit/messaging';\nexport const wait = EventNotReadyError;\n`],
    ['a type from Nest', RULES, `import type { INestApplication } from '@nestjs/common';\nexport type App = INestApplication;\n`],
  ])('refuses %s in a decider or rule file', async (_what, filePath, code) => {
    const errors = await boundaryErrors(filePath, code);
    expect(errors).toEqual([expect.objectContaining({ rule: 'no-restricted-imports', message: expect.stringContaining('Deciders and rules are pure') })]);
  });

  it.each([
    ['a repository', `import { MeasureRepository } from './measure.repository';\nexport const repository = MeasureRepository;\n`],
    ['a service', `import { MeasuresService } from './measures.service';\nexport const service = MeasuresService;\n`],
    ['a controller', `import { MeasuresController } from './measures.controller';\nexport const controller = MeasuresController;\n`],
    ['an adapter', `import { NationalAdapter } from '../national/national.adapter';\nexport const adapter = NationalAdapter;\n`],
  ])('rules may not import adapters: %s', async (_what, code) => {
    const errors = await boundaryErrors(DECIDER, code);
    expect(errors).toEqual([{ rule: 'no-restricted-imports', message: expect.stringContaining('rules may not import adapters') }]);
  });

  it('keeps the deep-import ban in rule files (their own no-restricted-imports carries its pattern too)', async () => {
    const errors = await boundaryErrors(DECIDER, `import { sameUnit } from '@credit/credit-rules/src/units.rules';\nexport const same = sameUnit;\n`);
    expect(errors).toEqual([expect.objectContaining({ rule: 'no-restricted-imports', message: expect.stringContaining('by its name only') })]);
  });

  it('keeps the deep-import ban elsewhere, and lets adapters use Nest and the platform', async () => {
    expect(await boundaryErrors(ADAPTER, `import { backoffDelay } from '@credit/messaging/src/backoff';\nexport const delay = backoffDelay;\n`)).toEqual([
      expect.objectContaining({ rule: 'no-restricted-imports', message: expect.stringContaining('by its name only') }),
    ]);
    const adapter = `import { Injectable } from '@nestjs/common';\nimport { DomainRuleError } from '@credit/platform';\nexport const parts = [Injectable, DomainRuleError];\n`;
    expect(await boundaryErrors(ADAPTER, adapter)).toEqual([]);
  });

  it('refuses a service importing another service, by package name or by path', async () => {
    const byName = await boundaryErrors(ADAPTER, `import { AppModule } from '@credit/double-publicity';\nexport const other = AppModule;\n`);
    expect(byName).toEqual([expect.objectContaining({ rule: '@nx/enforce-module-boundaries', message: expect.stringContaining('type:service') })]);
    const byPath = await boundaryErrors(ADAPTER, `import { AppModule } from '../../../double-publicity/src/app.module';\nexport const other = AppModule;\n`);
    expect(byPath).toEqual([expect.objectContaining({ rule: '@nx/enforce-module-boundaries', message: expect.stringContaining('relative or absolute path') })]);
  });

  it('refuses @credit/platform in libs/credit-rules', async () => {
    const errors = await boundaryErrors(CREDIT_RULES, `import { DomainRuleError } from '@credit/platform';\nexport const refusal = DomainRuleError;\n`);
    expect(errors).toContainEqual({ rule: 'no-restricted-imports', message: expect.stringContaining('not @credit/platform') });
    // The tag constraint (type:rules on the kernel and the contracts only) refuses it too.
    expect(errors.map((e) => e.rule)).toContain('@nx/enforce-module-boundaries');
  });

  it('refuses Nest and the event store in libs/credit-rules', async () => {
    expect(await boundaryErrors(CREDIT_RULES, `import { Injectable } from '@nestjs/common';\nexport const decorate = Injectable;\n`)).toContainEqual(
      expect.objectContaining({ rule: 'no-restricted-imports' }),
    );
    expect(await boundaryErrors(CREDIT_RULES, `import { handleCommand } from '@credit/event-store';\nexport const run = handleCommand;\n`)).toContainEqual(
      expect.objectContaining({ rule: '@typescript-eslint/no-restricted-imports' }),
    );
  });
});
