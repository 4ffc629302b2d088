// Runs the CLI from source: pnpm exec node --conditions=@dcrflow/source packages/cli/src/bin.ts <command> …
import { runProcess } from './cli.ts';

await runProcess();
