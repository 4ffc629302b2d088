import type { DeviceInfo } from '@dcrflow/protocol';

/** The X-Device-Info OS keys a Node platform maps to (restricted values, dcr-protocol.md §6). */
export type PlatformOs = Partial<Pick<DeviceInfo, 'osName' | 'osFamily' | 'osVendor'>>;

/**
 * `process.platform` → the restricted `osName` / `osFamily` / `osVendor` values of Adobe's X-Device-Info appendix
 * (REST API v2, "Header - X-Device-Info"; dcr-protocol.md §6). A platform without a matching `osName` (FreeBSD, AIX,
 * SunOS, ...) gets none: the caller must supply one.
 */
const PLATFORMS: Readonly<Record<string, PlatformOs>> = {
  linux: { osName: 'Linux', osFamily: 'Linux' },
  darwin: { osName: 'Mac OS', osFamily: 'macOS', osVendor: 'Apple' },
  win32: { osName: 'Windows', osFamily: 'Windows', osVendor: 'Microsoft' },
  cygwin: { osName: 'Windows', osFamily: 'Windows', osVendor: 'Microsoft' },
  android: { osName: 'Android', osFamily: 'Android', osVendor: 'Google' },
  openbsd: { osName: 'OpenBSD', osFamily: 'BSD' },
  freebsd: { osFamily: 'BSD' },
  netbsd: { osFamily: 'BSD' },
};

/** The OS keys for a `process.platform` value (empty for unknown platforms). */
export function platformOs(platform: string): PlatformOs {
  return PLATFORMS[platform] ?? {};
}
