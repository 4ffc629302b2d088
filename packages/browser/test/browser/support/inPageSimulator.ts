import { createSimulator, type Simulator } from '@dcrflow/simulator';

export interface InPageSimulator {
  readonly simulator: Simulator;
  readonly baseUrl: string;
  readonly softwareStatement: string;
  /** A fetch that answers from the simulator's handler inside this page (no server needed). */
  readonly fetch: typeof globalThis.fetch;
}

/** The real simulator running in the test page, with one minted software statement. */
export async function inPageSimulator(): Promise<InPageSimulator> {
  const simulator = createSimulator({ throttle: false });
  const { software_statement } = await simulator.mintSoftwareStatement();
  const fetch: typeof globalThis.fetch = (input, init) => simulator.fetch(new Request(input, init));
  return { simulator, baseUrl: 'https://simulator.test', softwareStatement: software_statement, fetch };
}
