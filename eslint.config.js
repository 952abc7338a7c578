import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';

/** Lint rules: typed TypeScript, Vue, and the layer boundaries of STYLE.md. */
export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'dist-web/**', 'test-results/**', 'playwright-report/**', 'sample-data/fab/**', '.bench/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/html-indent': 'off',
      'vue/first-attribute-linebreak': 'off',
      'vue/attributes-order': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:*', 'fs', 'path', 'os', 'child_process'], message: 'shared/ is pure TypeScript: no Node APIs.' },
        { group: ['electron', 'vue', 'pinia', 'echarts', 'echarts/*', '@duckdb/duckdb-wasm', '@duckdb/*'], message: 'shared/ must not depend on the app layers or the engine.' },
        { group: ['**/renderer/**', '**/electron/**', '**/cli/**'], message: 'dependencies point one way: shared/ imports nothing above it.' },
      ] }],
    },
  },
  {
    files: ['node/**/*.ts', 'cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron', '**/electron/**', '**/renderer/**'], message: 'node/ and cli/ run without Electron: shared Node code lives in node/.' },
      ] }],
    },
  },
  {
    files: ['node/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron', '**/electron/**', '**/renderer/**', '**/cli/**'], message: 'node/ is shared by the CLI, serve and Electron main: it imports only shared/.' },
      ] }],
    },
  },
  {
    files: ['renderer/src/views/**', 'renderer/src/components/**', 'renderer/src/stores/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@duckdb/*'], message: 'only renderer/src/engine/ imports duckdb-wasm.' }] }],
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['electron', 'node:*'], message: 'the renderer reaches the outside world only through the host API.' }] }],
    },
  },
  {
    files: ['renderer/**', 'electron/**'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='shell'][property.name='openExternal']", message: 'use the one trusted wrapper for shell.openExternal.' }],
    },
  },
);
