import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import walls from './eslint/module-walls.js';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'bench/results', 'web/dist', '.foyer*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { foyer: walls },
    rules: {
      'foyer/module-walls': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration in src/platform/config only.' }],
    },
  },
  {
    files: ['src/platform/config/**', 'test/**', 'bench/**', 'vitest*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
