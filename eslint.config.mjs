// ESLint flat config: typescript-eslint's recommended rules plus the project's house rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeGlobals = { require: 'readonly', module: 'writable', __dirname: 'readonly', console: 'readonly', process: 'readonly' };

export default tseslint.config(
  { ignores: ['dist/**', 'cdk.out/**', 'node_modules/**', '*.js', '*.mjs', '**/cdk.out/**', 'test/readme-snippets/**', 'examples/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
      'prefer-const': 'error',
    },
  },
  {
    // The library names aws-cdk-lib's modules through its root (`import { aws_iam as iam } from 'aws-cdk-lib'`): a module loads
    // when the library first uses it, not when a file of the library that mentions it loads (docs/performance.md).
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['aws-cdk-lib/*'], message: "Import aws-cdk-lib's modules from its root, `import { aws_iam as iam } from 'aws-cdk-lib'`: they then load when first used." },
          // The package's declarations are compiled from lib/: a type imported from a package users do not install fails their type check.
          { group: ['@aws-sdk/*'], message: 'lib/ needs no AWS SDK, not even its types: the request shapes are in lib/api/api-request.ts.' },
        ],
      }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: nodeGlobals },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
