// Restricted values of X-Device-Info keys. Source: Adobe Pass REST API v2 appendix "Header - X-Device-Info"
// (dcr-protocol.md §6). Adobe answers `400 invalid_header_device_info` to anything else.

/**
 * Allowed `primaryHardwareType` values.
 *
 * @example
 * ```ts
 * import { PRIMARY_HARDWARE_TYPES } from '@dcrflow/protocol';
 * PRIMARY_HARDWARE_TYPES.includes('SetTopBox'); // true
 * ```
 */
export const PRIMARY_HARDWARE_TYPES = [
  'Camera',
  'DataCollectionTerminal',
  'Desktop',
  'EmbeddedNetworkModule',
  'eReader',
  'GamesConsole',
  'GeolocationTracker',
  'Glasses',
  'MediaPlayer',
  'MobilePhone',
  'PaymentTerminal',
  'PluginModem',
  'SetTopBox',
  'TV',
  'Tablet',
  'WirelessHotspot',
  'Wristwatch',
  'Unknown',
] as const;

/**
 * Allowed `osName` values.
 *
 * @example
 * ```ts
 * import { OS_NAMES } from '@dcrflow/protocol';
 * OS_NAMES.includes('tvOS'); // true
 * ```
 */
export const OS_NAMES = [
  'Android',
  'Chrome OS',
  'Linux',
  'Mac OS',
  'OS X',
  'OpenBSD',
  'Roku OS',
  'Windows',
  'iOS',
  'tvOS',
  'webOS',
] as const;

/**
 * Allowed `osFamily` values.
 *
 * @example
 * ```ts
 * import { OS_FAMILIES } from '@dcrflow/protocol';
 * OS_FAMILIES.includes('macOS'); // true
 * ```
 */
export const OS_FAMILIES = [
  'Android',
  'BSD',
  'Linux',
  'PlayStation OS',
  'Roku OS',
  'Symbian',
  'Tizen',
  'Windows',
  'iOS',
  'tvOS',
  'macOS',
  'webOS',
] as const;

/**
 * Allowed `osVendor` values.
 *
 * @example
 * ```ts
 * import { OS_VENDORS } from '@dcrflow/protocol';
 * OS_VENDORS.includes('Roku'); // true
 * ```
 */
export const OS_VENDORS = [
  'Amazon',
  'Apple',
  'Google',
  'LG',
  'Microsoft',
  'Mozilla',
  'Nintendo',
  'Nokia',
  'Roku',
  'Samsung',
  'Sony',
  'Tizen Project',
] as const;
