import type { DeviceInfo } from '../schemas/deviceInfoSchema.ts';
import { OS_FAMILIES, OS_NAMES, OS_VENDORS, PRIMARY_HARDWARE_TYPES } from '../schemas/deviceInfoValues.ts';
import { boolean, checkShape, either, number, oneOf, optional, type Shape, text } from '../validation/checkShape.ts';

const optionalText = /* @__PURE__ */ optional(text);
// Display and port figures are documented without a type; producers send both 1920 and "1920".
const figure = /* @__PURE__ */ optional(either(number, text));

/** deviceInfoSchema's fields, hand-written for the bundle (decision 0015); a test keeps the two in agreement. */
const DEVICE_INFO_SHAPE: Shape = {
  primaryHardwareType: /* @__PURE__ */ optional(oneOf(PRIMARY_HARDWARE_TYPES)),
  model: text,
  version: text,
  manufacturer: optionalText,
  vendor: optionalText,
  osName: /* @__PURE__ */ oneOf(OS_NAMES),
  osFamily: /* @__PURE__ */ optional(oneOf(OS_FAMILIES)),
  osVendor: /* @__PURE__ */ optional(oneOf(OS_VENDORS)),
  osVersion: text,
  browserName: optionalText,
  browserVendor: optionalText,
  browserVersion: optionalText,
  userAgent: optionalText,
  displayWidth: figure,
  displayHeight: figure,
  displayPpi: figure,
  diagonalScreenSize: figure,
  connectionType: text,
  connectionIp: optionalText,
  connectionPort: figure,
  // Documented as {true, false}; the string forms appear in hand-built headers.
  connectionSecure: /* @__PURE__ */ optional(either(boolean, oneOf(['true', 'false']))),
  applicationId: optionalText,
};

/**
 * Checks a device description against the documented X-Device-Info keys and values (dcr-protocol.md §6): the
 * issues, or the description with the documented keys first and unknown keys after them (what the header carries).
 */
export function checkDeviceInfo(
  value: unknown,
): { readonly ok: true; readonly info: DeviceInfo } | { readonly ok: false; readonly issues: string[] } {
  const issues = checkShape(DEVICE_INFO_SHAPE, value);
  if (issues.length > 0) return { ok: false, issues };
  const source = value as Record<string, unknown>;
  const info: Record<string, unknown> = {};
  for (const key in DEVICE_INFO_SHAPE) if (key in source) info[key] = source[key];
  for (const key of Object.keys(source)) if (!(key in DEVICE_INFO_SHAPE)) info[key] = source[key];
  return { ok: true, info: info as DeviceInfo };
}
