import { packageTestConfig } from '../../scripts/vitest.preset.ts';

export default packageTestConfig();
