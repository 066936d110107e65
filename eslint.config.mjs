// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Domain code never imports the app shell (server/src/http/: middleware order, routes, front-end
 * serving); what it needs from HTTP (the Koa state type, input validation, the console principal,
 * metrics) is in server/src/http-kit/. Only app.ts and the shell itself import http/. Relative
 * specifiers are matched per folder depth, so a connector's own `./http/` folder is not the shell.
 */
const SHELL_MESSAGE = 'server/src/http/ is the app shell: domain code imports server/src/http-kit/ instead (see issue 12, item 4).';
const shellImportRules = [0, 1, 2, 3, 4, 5].map((depth) => {
  const toSrc = depth === 0 ? './' : '../'.repeat(depth);
  return {
    files: [`server/src/${'*/'.repeat(depth)}*.ts`],
    ignores: ['server/src/http/**', 'server/src/app.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: [`${toSrc}http`, `${toSrc}http/**`], message: SHELL_MESSAGE }] }] },
  };
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '**/*.js', '**/*.mjs', 'coverage/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...shellImportRules,
);
