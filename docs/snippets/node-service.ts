// A Node service: credentials in a file (mode 0600) that survives restarts, safe with several processes on one host.
import { createDcrClient } from '@dcrflow/core';
import { fileCoordinator, fileStore, nodeDeviceInfo } from '@dcrflow/node/file';

const softwareStatement = process.env.SOFTWARE_STATEMENT;
if (softwareStatement === undefined) throw new Error('Set SOFTWARE_STATEMENT to your software statement.');

const path = '/var/lib/my-service/dcrflow.json';
const client = createDcrClient({
  baseUrl: 'https://sp.auth.adobe.com',
  softwareStatement,
  store: fileStore({ path }), // keep credentials FOREVER: losing them costs every user a new sign-in
  coordinator: fileCoordinator({ path }), // one registration and one refresh across this host's processes
  deviceInfo: nodeDeviceInfo({ applicationId: 'my-service' }),
});

client.on('revoked', () => console.error('The software statement was revoked: ship a new one.'));

const { accessToken, expiresAt } = await client.getAccessToken();
console.log(`token …${accessToken.slice(-4)} valid until ${new Date(expiresAt).toISOString()}`);
client.stop();
