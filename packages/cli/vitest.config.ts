import { packageTestConfig } from '../../scripts/vitest.preset.ts';

// The end-to-end tests spawn the CLI from source (one Node process each), so they get a little more room than the
// preset's default on a 2-core machine.
export default packageTestConfig({ testTimeout: 30_000 });
