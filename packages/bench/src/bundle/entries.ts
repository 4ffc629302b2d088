/** One bundle to measure: its source (an ES module that re-exports what an app would import) and its role. */
export interface BundleEntry {
  readonly id: string;
  readonly label: string;
  readonly source: string;
}

const TYPICAL = `export { createDcrClient } from '@dcrflow/core';
export { browserCoordinator, webStore } from '@dcrflow/browser';`;

/** The typical browser entry the 25 KB target is about. */
export const TYPICAL_ENTRY: BundleEntry = {
  id: 'typical',
  label: 'dcrflow typical browser entry: `createDcrClient` + `webStore` + `browserCoordinator`',
  source: TYPICAL,
};

/** The optional browser imports, each measured on top of the typical entry. */
export const OPTIONAL_ENTRIES: readonly BundleEntry[] = [
  {
    id: 'indexedDb',
    label: '… + `indexedDbStore`',
    source: `${TYPICAL}\nexport { indexedDbStore } from '@dcrflow/browser';`,
  },
  {
    id: 'encrypted',
    label: '… + `encrypted` (AES-GCM at rest)',
    source: `${TYPICAL}\nexport { encrypted } from '@dcrflow/browser';`,
  },
  {
    id: 'kyFetch',
    label: '… + `kyFetch` (DCR requests through ky 2, `@dcrflow/protocol/ky`; decision 0017)',
    source: `${TYPICAL}\nexport { kyFetch } from '@dcrflow/protocol/ky';`,
  },
  {
    id: 'all',
    label: '… + `indexedDbStore` + `encrypted` + `browserSignals` + `browserDeviceInfo`',
    source: `${TYPICAL}\nexport { browserDeviceInfo, browserSignals, encrypted, indexedDbStore } from '@dcrflow/browser';`,
  },
];

/** Baselines, bundled the same way in the same run. */
export const BASELINE_ENTRIES: readonly BundleEntry[] = [
  {
    id: 'xstate',
    label: 'xstate alone (`setup`, `createActor`, `fromPromise`, `assign`, `fromCallback`)',
    source: `export { assign, createActor, fromCallback, fromPromise, setup } from 'xstate';`,
  },
  {
    id: 'zodMini',
    label: '`zod/mini` with two object schemas',
    source: `import * as z from 'zod/mini';
export const registered = z.object({ client_id: z.string(), client_secret: z.string(), client_id_issued_at: z.optional(z.number()) });
export const token = z.object({ access_token: z.string(), token_type: z.string(), expires_in: z.number() });`,
  },
  {
    id: 'zodFull',
    label: '`zod` (classic API) with the same two schemas — what a plain `import { z } from "zod"` costs',
    source: `import { z } from 'zod';
export const registered = z.object({ client_id: z.string(), client_secret: z.string(), client_id_issued_at: z.number().optional() });
export const token = z.object({ access_token: z.string(), token_type: z.string(), expires_in: z.number() });`,
  },
  { id: 'ky', label: 'ky 2.1 alone', source: `export { default } from 'ky';` },
  {
    id: 'oidc',
    label: 'oidc-client-ts 3.5 `UserManager` (the baseline)',
    source: `export { UserManager } from 'oidc-client-ts';`,
  },
];
