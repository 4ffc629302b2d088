// Tests without an Adobe licence: a local DCR simulator over real HTTP (`npm i -D @dcrflow/simulator`).
import { createDcrClient, memoryStore } from '@dcrflow/core';
import { startSimulator } from '@dcrflow/simulator/node';

const simulator = await startSimulator(); // http://127.0.0.1:<free port>
try {
  const { software_statement } = await simulator.simulator.mintSoftwareStatement({ client_name: 'my app tests' });
  const client = createDcrClient({
    baseUrl: simulator.url,
    softwareStatement: software_statement,
    store: memoryStore(),
  });
  const { accessToken } = await client.getAccessToken();
  const response = await client.fetch(`${simulator.url}/api/v2/my-sp/configuration`);
  if (accessToken === '' || response.status !== 200) throw new Error(`unexpected answer ${response.status}`);
  client.stop();
} finally {
  await simulator.close();
}
