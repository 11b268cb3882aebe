// Layer boundaries (see README "Architecture"): arrows point one way.
// scenario/loader → engine → drivers; core, expression, matchers, virtual, edi are leaves;
// reporters read results, never drivers; only drivers touch undici/playwright.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// No layer but the CLI imports the tenant preflight (src/preflight): it runs before Playwright
// starts and builds on the drivers and the runner's tenant client, so an import back would be a circle.
const PREFLIGHT = '**/preflight/**';
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [...forbidden, PREFLIGHT].map((group) => ({ group: [group], message })) },
    ],
  },
});

const DRIVER_LIBS = ['undici', 'playwright', 'playwright-core', '@playwright/test'];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'allure-results/',
      'allure-report/',
      '.rehearse/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        fetch: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
        Headers: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
  layer(
    ['src/core/**'],
    [
      '**/expression/**',
      '**/matchers/**',
      '**/schema/**',
      '**/loader/**',
      '**/engine/**',
      '**/drivers/**',
      '**/playwright/**',
      '**/cli/**',
      '**/virtual/**',
      '**/edi/**',
      ...DRIVER_LIBS,
    ],
    'src/core is the base layer: it imports no other layer and no driver library.',
  ),
  layer(
    ['src/expression/**', 'src/matchers/**', 'src/edi/**'],
    [
      '**/schema/**',
      '**/loader/**',
      '**/engine/**',
      '**/drivers/**',
      '**/playwright/**',
      '**/cli/**',
      '**/virtual/**',
      ...DRIVER_LIBS,
    ],
    'Leaf layers import only src/core.',
  ),
  layer(
    ['src/virtual/**'],
    ['**/loader/**', '**/engine/**', '**/drivers/**', '**/playwright/**', '**/cli/**', '@playwright/test'],
    'src/virtual is a leaf: it imports src/core (and msw/undici/playwright routing types only).',
  ),
  layer(
    ['src/schema/**'],
    ['**/loader/**', '**/engine/**', '**/drivers/**', '**/playwright/**', '**/cli/**', ...DRIVER_LIBS],
    'Schemas describe files; they import no runtime layer.',
  ),
  layer(
    ['src/loader/**'],
    ['**/engine/**', '**/drivers/**', '**/playwright/**', '**/cli/**', ...DRIVER_LIBS],
    'The loader reads and validates files; it does not run them.',
  ),
  layer(
    ['src/engine/**'],
    ['**/drivers/**', '**/playwright/**', '**/cli/**', ...DRIVER_LIBS],
    'The engine talks to drivers through its Driver interface only.',
  ),
  layer(
    ['src/drivers/**'],
    ['**/playwright/**', '**/cli/**', '**/loader/**'],
    'Drivers do not reach up into the runner, CLI or loader.',
  ),
  layer(
    ['src/report/**'],
    ['**/drivers/**', '**/playwright/**', '**/cli/**', '**/engine/run*', ...DRIVER_LIBS],
    'src/report turns results into summaries; it runs nothing and knows no runner.',
  ),
  layer(
    ['src/load/**'],
    ['**/drivers/**', '**/playwright/**', '**/cli/**', '**/engine/**', '**/loader/**', ...DRIVER_LIBS],
    'src/load applies a profile to an iteration it is handed and measures it; it knows no engine, driver or runner.',
  ),
  layer(
    ['src/playwright/**', 'src/environment/**'],
    [],
    'Only the CLI calls the tenant preflight (src/preflight): it builds on these, not they on it.',
  ),
  {
    // Not layer(): the folder may import its own files. A bare 'playwright' pattern would match
    // the src/playwright folder, whose tenant client the preflight reuses; the libraries are named.
    files: ['src/preflight/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ['**/cli/**', 'undici', '@playwright/test', 'playwright-core'].map((group) => ({
            group: [group],
            message:
              'src/preflight checks tenants before Playwright starts, through the API driver; only the CLI calls it.',
          })),
          paths: [{ name: 'playwright', message: 'src/preflight runs before Playwright starts.' }],
        },
      ],
    },
  },
  layer(
    ['src/drill/**'],
    ['**/playwright/**', '**/cli/**', ...DRIVER_LIBS],
    'src/drill measures a drill through the ports it is handed (the CLI wires the engine in); it knows no runner or CLI.',
  ),
  layer(
    ['reporters/**'],
    ['**/drivers/**', '**/engine/run*', ...DRIVER_LIBS.filter((l) => l !== '@playwright/test')],
    'Reporters read results, never drivers.',
  ),
  layer(
    ['sandbox/**'],
    ['**/src/engine/**', '**/src/loader/**', '**/src/drivers/**', '**/src/playwright/**', '**/src/cli/**'],
    'The sandbox is the system under test: it may reuse src/core and src/edi only.',
  ),
  {
    // Libraries of many small modules are loaded through their seam in src/core, which the build
    // bundles into one file (scripts/build.mjs). Types may come from the package itself.
    files: ['src/**', 'sandbox/**', 'virtual-services/**', 'reporters/**'],
    ignores: ['src/core/typebox.ts', 'src/core/yaml-library.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@sinclair/typebox', message: 'Import TypeBox from src/core/typebox.js.', allowTypeImports: true },
            {
              name: '@sinclair/typebox/value',
              message: 'Import Value from src/core/typebox.js.',
              allowTypeImports: true,
            },
            { name: 'yaml', message: 'Import yaml from src/core/yaml-library.js.', allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
