import * as z from 'zod/mini';
import { OS_FAMILIES, OS_NAMES, OS_VENDORS, PRIMARY_HARDWARE_TYPES } from './deviceInfoValues.ts';

const text = z.string();
// Display and port figures are documented without a type; producers send both 1920 and "1920".
const figure = z.union([z.number(), z.string()]);

/**
 * The JSON object carried (Base64-encoded) in the `X-Device-Info` header. Required: `model`, `version`, `osName`,
 * `osVersion`, `connectionType`; restricted value sets for `primaryHardwareType`, `osName`, `osFamily`, `osVendor`
 * and `connectionSecure`. Unknown extra keys are kept.
 * Source: Adobe Pass REST API v2 appendix "Header - X-Device-Info" (dcr-protocol.md §6).
 *
 * @example
 * ```ts
 * import { deviceInfoSchema } from '@dcrflow/protocol';
 * const result = deviceInfoSchema.safeParse({
 *   model: 'AFTMM', version: '1', osName: 'Android', osVersion: '9', connectionType: 'WiFi',
 * });
 * result.success; // true
 * ```
 */
export const deviceInfoSchema = z.looseObject({
  primaryHardwareType: z.optional(z.enum(PRIMARY_HARDWARE_TYPES)),
  model: text,
  version: text,
  manufacturer: z.optional(text),
  vendor: z.optional(text),
  osName: z.enum(OS_NAMES),
  osFamily: z.optional(z.enum(OS_FAMILIES)),
  osVendor: z.optional(z.enum(OS_VENDORS)),
  osVersion: text,
  browserName: z.optional(text),
  browserVendor: z.optional(text),
  browserVersion: z.optional(text),
  userAgent: z.optional(text),
  displayWidth: z.optional(figure),
  displayHeight: z.optional(figure),
  displayPpi: z.optional(figure),
  diagonalScreenSize: z.optional(figure),
  connectionType: text,
  connectionIp: z.optional(text),
  connectionPort: z.optional(figure),
  // Documented as {true, false}; the string forms appear in hand-built headers.
  connectionSecure: z.optional(z.union([z.boolean(), z.enum(['true', 'false'])])),
  applicationId: z.optional(text),
});

/**
 * Device, connection and application facts sent as `X-Device-Info`.
 *
 * @example
 * ```ts
 * import type { DeviceInfo } from '@dcrflow/protocol';
 * const info: DeviceInfo = {
 *   primaryHardwareType: 'SetTopBox', model: 'Roku Ultra', version: '4800X', osName: 'Roku OS', osVersion: '12.5',
 *   connectionType: 'Ethernet',
 * };
 * ```
 */
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;
