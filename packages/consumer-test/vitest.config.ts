import { packageTestConfig } from '../../scripts/vitest.preset.ts';

// One scratch project for the whole file: packing and `npm install` happen once in beforeAll (bounded at 7 min on a
// loaded 2-core machine; ~30 s with a warm npm cache), then each test uses it.
export default packageTestConfig({ testTimeout: 90_000, hookTimeout: 420_000 });
