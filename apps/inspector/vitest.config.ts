import { packageTestConfig } from '../../scripts/vitest.preset.ts';

// Node environment: view-model tests are DOM-free, and the end-to-end test drives real Chromium itself.
export default packageTestConfig({ environment: 'node', include: ['test/**/*.test.ts'] });
