// ESLint flat config: `npm run lint` (and `npm test`, which runs it first).
// TypeScript is linted with type information (the root tsconfig.json, which covers src/, test/ and bench/);
// scripts and other plain JavaScript without it.
// Rules are typescript-eslint's strict-type-checked and stylistic-type-checked sets; each rule turned
// off or re-tuned below says why.
// `npm run lint` caches results per file (node_modules/.cache/eslint/). The cache keys on a file's own
// text, so a finding that only a change in another file causes shows up once the file itself changes,
// in CI's fresh clone, or after `rm -rf node_modules/.cache/eslint`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'dist-vsix/**', 'out/**', 'bench/out/**', '.bench/**', '.vscode-test/**', 'node_modules/**'],
  },
  {
    // A disable comment that no longer disables anything is itself a finding.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.strictTypeChecked, ...tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers and booleans read fine in messages; objects, nullish values and `any` still do not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `(x) => doSomething(x)` as a callback is the house shorthand; returning a void call elsewhere is still flagged.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `T[]` for simple element types, `Array<{ ... }>` for object and union element types, as the code writes them.
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
      // Parameters and destructured slots named `_x` are deliberately unused (callback signatures, tuple skips).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      // tsconfig has no noUncheckedIndexedAccess, so every `array[i] ?? fallback` and every guard on data from
      // JSON, settings or the VS Code API looks "unnecessary" to this rule; those guards are the point.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // `x!` after a check the compiler cannot follow (map lookups, regex groups) is used deliberately.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Prefers `x!` over `x as T`; with non-null assertions a matter of taste, left to the author.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
      // `.catch((error) => …)` callbacks pass the error on to functions that take `unknown`; the no-unsafe-* rules
      // already flag any member access on it.
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'off',
      // VS Code's API types `Disposable`, `FileDecoration`, ... as classes but accepts any object of that shape;
      // `{ dispose() { … } }` is the documented idiom.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // No-op callbacks (`deactivate`, logger and listener fakes) are deliberate.
      '@typescript-eslint/no-empty-function': 'off',
      // Records keyed by id (`Record<string, …>` in state and reports) delete entries by key.
      '@typescript-eslint/no-dynamic-delete': 'off',
      // Key and path validation deliberately matches control characters (`[\x00-\x1f]`).
      'no-control-regex': 'off',
      // `x && x.y` guards read as clearly as `x?.y`; rewriting them is churn, not a fix.
      '@typescript-eslint/prefer-optional-chain': 'off',
      // `||` between optional booleans is a logical or, and on strings it deliberately treats '' as missing.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true, boolean: true } }],
      // Settings are read with `get<boolean>()` but can hold any JSON value; `=== true` / `!== false` normalise them.
      '@typescript-eslint/no-unnecessary-boolean-literal-compare': 'off',
      // `userValue<T>(key)` and `lazyEntry<T>(name)` are typed getters: the caller names the type it reads.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      // Rejections pass on what Node or an AbortSignal handed over (typed `unknown` or, for `signal.reason`, `any`), unchanged.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true, allowThrowingAny: true }],
    },
  },
  {
    // Tests and benchmarks pick apart parsed JSON (SARIF logs, package.json, bench reports, CDP answers) whose
    // shape the assertions themselves check; typing every step would only restate the assertions.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Callbacks these scripts hand to Playwright's page.evaluate run in the browser.
    files: ['test/ui/**/*.mjs', 'bench/runInHost.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
