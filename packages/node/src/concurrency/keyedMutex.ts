// The one keyed mutex lives in @dcrflow/core; this module keeps the adapters' import path (file/, redis/) stable.
export { type KeyedMutex, keyedMutex } from '@dcrflow/core';
