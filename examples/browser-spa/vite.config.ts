import { defaultClientConditions, defineConfig } from 'vite';

// '@dcrflow/source' lets the example run against the workspace sources without building the packages first.
export default defineConfig({ resolve: { conditions: ['@dcrflow/source', ...defaultClientConditions] } });
