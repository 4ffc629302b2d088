// Run: SOFTWARE_STATEMENT=<jwt> DCR_BASE_URL=http://127.0.0.1:4010 pnpm start
// then: curl http://127.0.0.1:8080/devices/stb-42/configuration
import { mkdirSync } from 'node:fs';
import { createGateway } from './createGateway.ts';

const statement = process.env.SOFTWARE_STATEMENT;
if (!statement) {
  console.error('Set SOFTWARE_STATEMENT (e.g. the one `dcrflow simulate` prints).');
  process.exit(2);
}
const credentialsDir = process.env.CREDENTIALS_DIR ?? './.credentials';
mkdirSync(credentialsDir, { recursive: true, mode: 0o700 });

const gateway = createGateway({
  baseUrl: process.env.DCR_BASE_URL ?? 'https://sp.auth.adobe.com',
  softwareStatement: statement,
  credentialsDir,
  serviceProvider: process.env.SERVICE_PROVIDER ?? 'example-sp',
});
gateway.server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
  console.log(`gateway on http://127.0.0.1:${process.env.PORT ?? 8080}/devices/<id>/configuration`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void gateway.close());
