// ESLint (flat config): `npm run lint` runs it with --max-warnings 0, and CI runs `npm run lint`.
// TypeScript is linted with type information (typescript-eslint's project service over the
// tsconfig project of each file). The import boundaries of docs/architecture.md are rules here:
//   - the engine (server/src/engine) never imports vscode, the LSP libraries, lsp/, cli/ or client/;
//   - the language server and the command line import the engine only through its façade
//     (server/src/engine/index.ts);
//   - the client never imports server/; shared/ imports neither side.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const restricted = (...patterns) => ['error', { patterns }];

const VSCODE = { group: ['vscode', 'vscode-*'], message: 'The engine is editor-free: vscode and the LSP libraries belong to server/src/lsp and client/.' };
const SIDE = (dir, message) => ({ regex: `(^|/)${dir}(/|$)`, message });

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'out/',
      'node_modules/',
      'examples/',
      'test/fixtures/',
      'test/e2e/workspace/',
      'test/e2e/workspace-extra/',
      'test/e2e/run/',
      'test/e2e/shots/',
      'test/bench/generated/',
      '.tmp/',
      '**/*.d.ts',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits loses its errors: await it, or say `void` where that is meant.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test tracks the promises of test(), describe(), it() and suite() itself.
          allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['server/src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted(
        VSCODE,
        SIDE('lsp', 'The engine does not know the language server: it answers, server/src/lsp asks.'),
        SIDE('cli', 'The engine does not know the command line: it answers, server/src/cli asks.'),
        SIDE('client', 'The engine does not know the VS Code extension.'),
      ),
    },
  },
  {
    files: ['server/src/lsp/**/*.ts', 'server/src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted(
        { regex: '(^|/)engine/', message: "Import the engine through its façade ('../engine', server/src/engine/index.ts); add what is missing there." },
        SIDE('client', 'The server does not import the VS Code extension.'),
      ),
    },
  },
  {
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted(SIDE('server', 'The client talks to the server through shared/ (requests and notifications), never its code.')),
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted(
        { group: ['vscode'], message: 'shared/ is used by the server and the engine too: no vscode.' },
        SIDE('server', 'shared/ depends on neither side.'),
        SIDE('client', 'shared/ depends on neither side.'),
      ),
    },
  },
  {
    // Tests read and send JSON-RPC payloads as the wire has them (some deliberately malformed), so
    // `any` stands for "whatever the other side sent"; the product code gets no such leave.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The server talks through the connection (its console goes to the client's output) and the
    // command line through its Io; a stray console.log would corrupt the stdio transport.
    files: ['server/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
  {
    // Functions playwright runs in the workbench page.
    files: ['test/e2e/run-ui-tests.mjs', 'test/e2e/ui-environment.mjs'],
    languageOptions: { globals: { document: 'readonly' } },
  },
  {
    // Mocha suites that run inside the VS Code extension host.
    files: ['test/e2e/ext-tests/**/*.js'],
    languageOptions: { globals: { ...globals.mocha }, sourceType: 'commonjs' },
  },
);
