import { ESLint } from 'eslint';
import { projectRoot } from '@sus/platform';

/**
 * The dependency arrows of DESIGN §3 are enforced by the `sus/boundaries` rule of eslint.config.mjs.
 * Each case lints a few lines as if they were a file in one part of the repository; the files are
 * virtual, so the normal lint run never sees these deliberate violations. Only the boundary rule
 * runs, without type information (the type-aware rules need files the TypeScript project knows).
 */
const RULE = 'sus/boundaries';

describe('lint: dependency arrows (sus/boundaries)', () => {
  const eslint = new ESLint({
    cwd: projectRoot(),
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
    ruleFilter: ({ ruleId }) => ruleId === RULE,
  });

  async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    const fatal = result.messages.filter((message) => message.fatal);
    if (fatal.length > 0) throw new Error(`${filePath} did not parse: ${fatal[0].message}`);
    return result.messages.filter((message) => message.ruleId === RULE).map((message) => message.message);
  }

  it.each([
    [
      'libs/domain → @sus/catalog',
      'libs/domain/src/__fixture__.ts',
      "import { EntiService } from '@sus/catalog';",
    ],
    [
      'libs/domain → a path out of libs/domain',
      'libs/domain/src/__fixture__.ts',
      "import { x } from '../../platform/src';",
    ],
    [
      'libs/domain → a framework',
      'libs/domain/src/__fixture__.ts',
      "import { Injectable } from '@nestjs/common';",
    ],
    ['libs/domain → Node I/O', 'libs/domain/src/__fixture__.ts', "import { readFileSync } from 'node:fs';"],
    [
      'libs/platform → @sus/domain',
      'libs/platform/src/__fixture__.ts',
      "import { Money } from '@sus/domain';",
    ],
    [
      'libs/platform → a path out of libs/platform',
      'libs/platform/src/__fixture__.ts',
      "import { CatalogModule } from '../../catalog/src';",
    ],
    [
      'libs/contracts → @sus/platform',
      'libs/contracts/src/__fixture__.ts',
      "import type { SusError } from '@sus/platform';",
    ],
    [
      'libs/contracts → a value from @sus/domain',
      'libs/contracts/src/__fixture__.ts',
      "import { Money } from '@sus/domain';",
    ],
    [
      'libs/contracts → @temporalio/client',
      'libs/contracts/src/__fixture__.ts',
      "import { Client } from '@temporalio/client';",
    ],
    [
      'workflows → @sus/catalog',
      'apps/worker/src/workflows/__fixture__.ts',
      "import { PaymentRepository } from '@sus/catalog';",
    ],
    [
      'workflows → a value from ../activities',
      'apps/worker/src/workflows/__fixture__.ts',
      "import { createActivities } from '../activities';",
    ],
    [
      'workflows → worker code beside them',
      'apps/worker/src/workflows/__fixture__.ts',
      "import { workerConfig } from '../config';",
    ],
    [
      'workflows → @temporalio/activity',
      'apps/worker/src/workflows/__fixture__.ts',
      "import { Context } from '@temporalio/activity';",
    ],
    [
      'apps/api → apps/worker by relative path',
      'apps/api/src/payments/__fixture__.ts',
      "import { createActivities } from '../../../worker/src/activities';",
    ],
    [
      'apps/api → apps/sandbox by relative path',
      'apps/api/src/__fixture__.ts',
      "import { sandboxConfig } from '../../sandbox/src/config';",
    ],
    [
      'apps/api → test/',
      'apps/api/src/__fixture__.ts',
      "import { createTestDatabase } from '../../../test/support/database';",
    ],
    [
      'apps/sandbox → @sus/catalog',
      'apps/sandbox/src/__fixture__.ts',
      "import { CatalogModule } from '@sus/catalog';",
    ],
    [
      'apps/sandbox → @sus/contracts',
      'apps/sandbox/src/__fixture__.ts',
      "import { paymentWorkflowType } from '@sus/contracts';",
    ],
    [
      'libs/catalog → apps/api',
      'libs/catalog/src/__fixture__.ts',
      "import { apiConfig } from '../../../apps/api/src/config';",
    ],
    [
      'libs/catalog → apps/worker by require()',
      'libs/catalog/src/__fixture__.ts',
      "const worker = require('../../../apps/worker/src/config');",
    ],
  ])('rejects %s', async (_arrow, filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toHaveLength(1);
  });

  it.each([
    ['libs/domain → its own files', 'libs/domain/src/__fixture__.ts', "import { Money } from './money';"],
    ['libs/domain → zod (its schemas)', 'libs/domain/src/__fixture__.ts', "import { z } from 'zod';"],
    [
      'libs/domain spec → its public surface and fast-check',
      'libs/domain/src/__fixture__.spec.ts',
      "import fc from 'fast-check';\nimport { Money } from '@sus/domain';",
    ],
    [
      'libs/platform → pino and Node',
      'libs/platform/src/__fixture__.ts',
      "import pino from 'pino';\nimport { join } from 'node:path';",
    ],
    [
      'libs/contracts → @temporalio/workflow and @sus/domain types',
      'libs/contracts/src/__fixture__.ts',
      "import { defineSignal } from '@temporalio/workflow';\nimport type { PaymentStatus } from '@sus/domain';",
    ],
    [
      'libs/catalog → domain, platform, contracts',
      'libs/catalog/src/__fixture__.ts',
      "import { Money } from '@sus/domain';\nimport { SusError } from '@sus/platform';\nimport type { PaymentInput } from '@sus/contracts';",
    ],
    [
      'workflows → their imports',
      'apps/worker/src/workflows/__fixture__.ts',
      "import { proxyActivities } from '@temporalio/workflow';\nimport { Money } from '@sus/domain';\nimport { paymentWorkflowType } from '@sus/contracts';\nimport type { Activities } from '../activities';\nimport { defaultActivity } from './activity-options';",
    ],
    [
      'apps/api → libs and its own files',
      'apps/api/src/payments/__fixture__.ts',
      "import { CatalogModule } from '@sus/catalog';\nimport { paymentWorkflowType } from '@sus/contracts';\nimport { PageInfo } from '../pagination/page-info.model';",
    ],
    [
      'apps/worker → its activities and workflows',
      'apps/worker/src/temporal/__fixture__.ts',
      "import { createActivities } from '../activities';\nimport { paymentWorkflow } from '../workflows';",
    ],
    [
      'apps/sandbox → domain and platform',
      'apps/sandbox/src/__fixture__.ts',
      "import { Money } from '@sus/domain';\nimport { projectRoot } from '@sus/platform';",
    ],
    [
      'test/ → the apps it wires up',
      'test/__fixture__.test.ts',
      "import { bootstrap } from '../apps/api/src/bootstrap';\nimport { createActivities } from '../apps/worker/src/activities';",
    ],
  ])('allows %s', async (_arrow, filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });
});
