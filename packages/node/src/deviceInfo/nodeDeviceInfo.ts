import { arch, machine, release } from 'node:os';
import { ConfigurationError, type DeviceInfo, encodeDeviceInfo } from '@dcrflow/protocol';
import { platformOs } from './platformOs.ts';

/**
 * An `X-Device-Info` object (dcr-protocol.md §6) describing the machine this Node process runs on, from `node:os`:
 *
 * | key | value |
 * |---|---|
 * | `primaryHardwareType` | `'Unknown'` (a server is none of Adobe's device classes) |
 * | `model` | `os.machine()`, e.g. `'x86_64'`, `'arm64'` |
 * | `version`, `osVersion` | `os.release()` (the kernel release; Darwin's on macOS) |
 * | `osName`, `osFamily`, `osVendor` | mapped from `process.platform` to Adobe's restricted values: linux → Linux/Linux, darwin → Mac OS/macOS/Apple, win32 → Windows/Windows/Microsoft, android → Android/Android/Google, openbsd → OpenBSD/BSD |
 * | `connectionType` | `'Unknown'` (Node cannot tell Wi-Fi from Ethernet; the key is required, its values are free text) |
 *
 * `overrides` replace any key (e.g. `applicationId`, or `osName` on FreeBSD, which has no allowed `osName`); the result
 * is validated with `encodeDeviceInfo`, so an invalid override throws a `ConfigurationError` here rather than a
 * `400 invalid_header_device_info` from Adobe later. For server-to-server calls forward the *device's* own info instead
 * (see `createClientPool`).
 *
 * @example
 * ```ts
 * import { createDcrClient } from '@dcrflow/core';
 * import { fileStore, nodeDeviceInfo } from '@dcrflow/node';
 *
 * const client = createDcrClient({
 *   baseUrl: 'https://sp.auth.adobe.com',
 *   softwareStatement,
 *   store: fileStore({ path: './dcrflow.json' }),
 *   deviceInfo: nodeDeviceInfo({ applicationId: 'my-batch-job' }),
 * });
 * ```
 */
export function nodeDeviceInfo(overrides: Partial<DeviceInfo> = {}): DeviceInfo {
  if (typeof overrides !== 'object' || overrides === null) {
    throw new ConfigurationError('nodeDeviceInfo overrides must be an object of X-Device-Info keys.');
  }
  const os = platformOs(process.platform);
  const osName = overrides.osName ?? os.osName;
  if (osName === undefined) {
    throw new ConfigurationError(
      `nodeDeviceInfo cannot map platform "${process.platform}" to an allowed X-Device-Info osName; pass one, e.g. nodeDeviceInfo({ osName: 'Linux' }).`,
    );
  }
  const info: DeviceInfo = {
    primaryHardwareType: 'Unknown',
    model: typeof machine === 'function' ? machine() : arch(),
    version: release(),
    ...(os.osFamily === undefined ? {} : { osFamily: os.osFamily }),
    ...(os.osVendor === undefined ? {} : { osVendor: os.osVendor }),
    osVersion: release(),
    connectionType: 'Unknown',
    ...overrides,
    osName,
  };
  // Validates every key (ConfigurationError naming the bad one); the encoded form is not needed here.
  encodeDeviceInfo(info);
  return info;
}
