// ESLint with type information (typescript-eslint's type-checked rules), run by `npm test`.
// A rule is switched off only with a comment saying why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**', 'media/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // Three projects: the extension, the CLI and the tests (Node), the page script (DOM), and the test host (Node, with callbacks run in the page).
      parserOptions: { project: ['./tsconfig.json', './tsconfig.webview.json', './tsconfig.testhost.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Unused names prefixed with an underscore document what is deliberately left out of a destructuring.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // One import statement per module (a type-only one beside it is allowed).
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests and the benchmark read the CLI's JSON output and VS Code's untyped command results;
      // their assertions check the shape, which a type annotation on `any` would only pretend to.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // Hostile-input tests build strings with control characters on purpose.
      'no-control-regex': 'off',
      // Stand-ins for file systems and VS Code APIs implement Promise-returning interfaces with
      // nothing to await.
      '@typescript-eslint/require-await': 'off',
      // Tests load modules after stubbing `vscode` in Node's loader, and the Playwright copy the
      // host installed; both need require() at run time.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
