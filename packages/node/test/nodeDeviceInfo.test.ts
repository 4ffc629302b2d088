import { machine, release } from 'node:os';
import {
  ConfigurationError,
  decodeDeviceInfo,
  encodeDeviceInfo,
  OS_FAMILIES,
  OS_NAMES,
  OS_VENDORS,
} from '@dcrflow/protocol';
import { describe, expect, it } from 'vitest';
import { platformOs } from '../src/deviceInfo/platformOs.ts';
import { nodeDeviceInfo } from '../src/index.ts';

describe('nodeDeviceInfo', () => {
  it('describes this machine with a header Adobe accepts', () => {
    const info = nodeDeviceInfo();
    // encodeDeviceInfo validates every key against the X-Device-Info schema and throws otherwise.
    const header = encodeDeviceInfo(info);
    expect(decodeDeviceInfo(header)).toEqual(info);
    expect(info).toMatchObject({
      primaryHardwareType: 'Unknown',
      model: machine(),
      osVersion: release(),
      connectionType: 'Unknown',
    });
    expect(info.osName).toBe(platformOs(process.platform).osName);
  });

  it('applies overrides and rejects invalid ones with a ConfigurationError', () => {
    const info = nodeDeviceInfo({ applicationId: 'batch-job', connectionType: 'Ethernet' });
    expect(info.applicationId).toBe('batch-job');
    expect(info.connectionType).toBe('Ethernet');
    expect(() => nodeDeviceInfo({ osName: 'Plan 9' as never })).toThrow(ConfigurationError);
    expect(() => nodeDeviceInfo(null as never)).toThrow(
      'nodeDeviceInfo overrides must be an object of X-Device-Info keys.',
    );
  });

  it('maps every known platform to the restricted value sets only', () => {
    for (const platform of [
      'linux',
      'darwin',
      'win32',
      'cygwin',
      'android',
      'openbsd',
      'freebsd',
      'netbsd',
      'aix',
      'sunos',
    ]) {
      const os = platformOs(platform);
      if (os.osName !== undefined) expect(OS_NAMES).toContain(os.osName);
      if (os.osFamily !== undefined) expect(OS_FAMILIES).toContain(os.osFamily);
      if (os.osVendor !== undefined) expect(OS_VENDORS).toContain(os.osVendor);
    }
    expect(platformOs('darwin')).toEqual({ osName: 'Mac OS', osFamily: 'macOS', osVendor: 'Apple' });
    expect(platformOs('win32')).toEqual({ osName: 'Windows', osFamily: 'Windows', osVendor: 'Microsoft' });
    expect(platformOs('freebsd').osName).toBeUndefined();
  });
});
