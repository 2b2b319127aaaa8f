// @ts-check
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));

/* Dependency arrows (DESIGN §3): apps/* → libs/catalog → libs/domain; apps/* and libs/catalog may
 * use libs/platform and libs/contracts; libs/domain imports nothing from the project; no app
 * imports another app. One rule, `sus/boundaries`, resolves every import (alias or relative path)
 * to the part of the repository it lands in and checks it against the table below, so a wrong
 * arrow fails CI whichever way it is spelled. */

/** Bundled into Temporal's deterministic sandbox: the worker's workflows and the other bundled entry points. */
const workflowRoots = ['apps/worker/src/workflows', 'bench/workflows', 'test/fixtures/workflows'];

/**
 * What each part may import besides its own folder. `project`: libs by @sus/<name> (`lib:<name>`);
 * `typeOnly`: libs it may only `import type` from; `typeOnlyPaths`: folders outside it that workflow
 * code may only `import type` from; `packages`: the npm packages and Node built-ins its production
 * code may use (omitted: any). `*.spec.ts` files are exempt from `packages`, not from the rest.
 * Workflow code may not leave its folder by relative path at all, other than `typeOnlyPaths`.
 * @type {Record<string, { project: string[], typeOnly?: string[], typeOnlyPaths?: string[], packages?: string[], why: string }>}
 */
const policy = {
  'lib:domain': {
    project: [],
    // zod is pure and deterministic: the procedure-model language is a zod schema the workflow
    // sandbox runs too.
    packages: ['zod'],
    why: 'libs/domain is pure: no project imports, no framework, no I/O (zod for schemas only)',
  },
  'lib:platform': { project: [], why: 'libs/platform knows nothing of the other libs' },
  'lib:contracts': {
    project: [],
    typeOnly: ['lib:domain'],
    // @temporalio/common for typed search-attribute keys, which api and worker must spell alike.
    packages: ['@temporalio/workflow', '@temporalio/common'],
    why: 'libs/contracts imports only @temporalio/workflow, @temporalio/common and @sus/domain types',
  },
  'lib:catalog': {
    project: ['lib:domain', 'lib:platform', 'lib:contracts'],
    why: 'libs/catalog imports only libs/domain, libs/platform and libs/contracts',
  },
  workflows: {
    project: ['lib:domain', 'lib:contracts'],
    typeOnlyPaths: ['apps/worker/src/activities'],
    packages: ['@temporalio/workflow'],
    why: 'workflow code imports only @temporalio/workflow, @sus/domain, @sus/contracts and activity types',
  },
  'app:sandbox': {
    project: ['lib:domain', 'lib:platform'],
    why: 'apps/sandbox shares only libs/domain and libs/platform with the product',
  },
  // Any other app (api, worker, ...): every lib, never another app.
  app: {
    project: ['lib:domain', 'lib:platform', 'lib:contracts', 'lib:catalog'],
    why: 'apps import libs, never another app',
  },
  // Any other lib: the shared libs, never an app.
  lib: {
    project: ['lib:domain', 'lib:platform', 'lib:contracts'],
    why: 'a lib imports only libs/domain, libs/platform and libs/contracts, never an app',
  },
};

const builtins = new Set(builtinModules);

/** The part of the repository a file lies in: its policy key, its folder, and the app or lib folder it belongs to. */
function partOf(file) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (rel.startsWith('../') || path.isAbsolute(rel)) return { key: 'outside', dir: rel, owner: rel };
  const workflowRoot = workflowRoots.find((dir) => rel.startsWith(`${dir}/`));
  if (workflowRoot) {
    const owner = workflowRoot.startsWith('apps/')
      ? workflowRoot.split('/').slice(0, 2).join('/')
      : workflowRoot;
    return { key: 'workflows', dir: workflowRoot, owner };
  }
  const [top, name, ...rest] = rel.split('/');
  if ((top === 'apps' || top === 'libs') && rest.length > 0) {
    const dir = `${top}/${name}`;
    return { key: `${top === 'apps' ? 'app' : 'lib'}:${name}`, dir, owner: dir };
  }
  if (name !== undefined && ['test', 'bench', 'scripts'].includes(top))
    return { key: 'harness', dir: top, owner: top };
  return { key: 'root', dir: '', owner: '' };
}

const inside = (rel, dir) => rel === dir || rel.startsWith(`${dir}/`);

/** @type {import('eslint').Rule.RuleModule} */
const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the dependency arrows between apps and libs (DESIGN §3).' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = partOf(file);
    // test/, bench/ and scripts/ wire the apps together and may import anything.
    if (!['app', 'lib', 'workflows'].includes(from.key.split(':')[0])) return {};
    const rules = policy[from.key] ?? policy[from.key.split(':')[0]];
    const isSpec = file.endsWith('.spec.ts');
    const mayUse = (part) => rules.project.includes(part) || rules.typeOnly?.includes(part);

    /** @returns {string | undefined} why the import breaks an arrow */
    function violation(source, typeOnly) {
      const typesOnly = `use \`import type\`: ${rules.why}`;
      if (source.startsWith('.') || source.startsWith('/')) {
        const target = path.resolve(path.dirname(file), source);
        const rel = path.relative(root, target).split(path.sep).join('/');
        const to = partOf(target);
        if (from.key === 'workflows') {
          if (inside(rel, from.dir)) return undefined;
          if (rules.typeOnlyPaths?.some((dir) => inside(rel, dir))) return typeOnly ? undefined : typesOnly;
          return rules.why;
        }
        if (to.owner === from.owner) return undefined;
        if (to.key === 'harness')
          return isSpec ? undefined : 'production code does not import test/, bench/ or scripts/';
        if (to.key.startsWith('lib:') && mayUse(to.key))
          return `use the @sus/${to.key.slice(4)} alias, not a path out of ${from.dir}`;
        return rules.why;
      }
      if (source.startsWith('@sus/')) {
        const to = `lib:${source.split('/')[1]}`;
        if (to === from.key)
          return isSpec
            ? undefined
            : `import ${from.dir}'s own files by relative path, not through its alias`;
        if (rules.project.includes(to)) return undefined;
        if (rules.typeOnly?.includes(to)) return typeOnly ? undefined : typesOnly;
        return rules.why;
      }
      if (!rules.packages || isSpec) return undefined;
      const pkg = source.startsWith('node:')
        ? source
        : source
            .split('/')
            .slice(0, source.startsWith('@') ? 2 : 1)
            .join('/');
      if (rules.packages.includes(pkg)) return undefined;
      const kind = pkg.startsWith('node:') || builtins.has(pkg) ? 'Node built-in' : 'package';
      return `${kind} not allowed: ${rules.why}`;
    }

    function check(node, source, typeOnly) {
      const why = violation(source, typeOnly);
      if (why) context.report({ node, message: `'${source}': ${why}.` });
    }
    const literal = (node) =>
      node?.type === 'Literal' && typeof node.value === 'string' ? node.value : null;
    // `import type` / `export type` (TypeScript's importKind and exportKind; absent in plain ESTree).
    const typeOnly = (node) =>
      ('importKind' in node && node.importKind === 'type') ||
      ('exportKind' in node && node.exportKind === 'type');
    const fromSource = (node) => {
      const source = literal(node.source);
      if (source) check(node, source, typeOnly(node));
    };
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: fromSource,
      TSImportEqualsDeclaration(node) {
        const ref = node.moduleReference;
        const source = ref.type === 'TSExternalModuleReference' ? literal(ref.expression) : null;
        if (source) check(node, source, typeOnly(node));
      },
      TSImportType(node) {
        const source = literal(
          node.argument.type === 'TSLiteralType' ? node.argument.literal : node.argument,
        );
        if (source) check(node, source, true);
      },
      CallExpression(node) {
        const { callee, arguments: args } = node;
        const source = callee.type === 'Identifier' && callee.name === 'require' ? literal(args[0]) : null;
        if (source) check(node, source, false);
      },
    };
  },
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.data/',
      '.tools/',
      'coverage/',
      // Generated from apps/api/schema.gql by graphql-codegen (npm run schema).
      'apps/portal/web/src/gql/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { sus: { rules: { boundaries } } },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      'sus/boundaries': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // The portal's browser code (its own tsconfig: DOM, JSX).
    files: ['apps/portal/web/**/*.ts', 'apps/portal/web/**/*.tsx'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['scripts/**/*.mjs', 'jest.config.js', 'bench/jest.config.js', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
