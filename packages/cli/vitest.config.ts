import { packageTestConfig } from '../../scripts/vitest.preset.ts';

// The end-to-end tests spawn the CLI from source (one Node process each, several per test), so they get more room
// than the preset's default: one reset test timed out at 30 s beside a busy CPU.
export default packageTestConfig({ testTimeout: 120_000 });
