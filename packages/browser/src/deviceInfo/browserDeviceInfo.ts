import { ConfigurationError, type DeviceInfo, encodeDeviceInfo } from '@dcrflow/protocol';
import { type BrowserFacts, describeBrowser } from './describeBrowser.ts';

interface NavigatorWithHints {
  readonly userAgent?: string;
  readonly maxTouchPoints?: number;
  readonly userAgentData?: {
    readonly platform?: string;
    readonly mobile?: boolean;
    readonly brands?: readonly { readonly brand: string; readonly version: string }[];
  };
  readonly connection?: { readonly type?: string };
}

/** Reads the low-entropy facts synchronously; nothing here prompts the user or needs a permission. */
function readFacts(): BrowserFacts {
  const nav = (globalThis as { navigator?: NavigatorWithHints }).navigator;
  const screen = (globalThis as { screen?: { width?: number; height?: number } }).screen;
  const ratio = (globalThis as { devicePixelRatio?: number }).devicePixelRatio;
  const hints = nav?.userAgentData;
  const facts: { -readonly [K in keyof BrowserFacts]: BrowserFacts[K] } = { userAgent: nav?.userAgent ?? '' };
  if (typeof hints?.platform === 'string' && hints.platform !== '') facts.uaPlatform = hints.platform;
  if (typeof hints?.mobile === 'boolean') facts.uaMobile = hints.mobile;
  if (Array.isArray(hints?.brands)) facts.brands = hints.brands;
  if (typeof nav?.maxTouchPoints === 'number') facts.maxTouchPoints = nav.maxTouchPoints;
  if (typeof screen?.width === 'number') facts.screenWidth = screen.width;
  if (typeof screen?.height === 'number') facts.screenHeight = screen.height;
  if (typeof ratio === 'number') facts.pixelRatio = ratio;
  if (typeof nav?.connection?.type === 'string') facts.connectionType = nav.connection.type;
  return facts;
}

/**
 * An `X-Device-Info` object for this browser, built from `navigator.userAgentData` (client hints), `navigator.userAgent`,
 * `screen` and `navigator.connection`, mapped onto the restricted value sets of Adobe's header appendix
 * (dcr-protocol.md §6). What the browser cannot know is omitted; the required `model`, `version`, `osVersion` and
 * `connectionType` read `'Unknown'` when unknown. `overrides` win over detected values (set `applicationId`, or the
 * real `model` on a TV). The result is validated with `encodeDeviceInfo`: invalid overrides, or an operating system
 * outside Adobe's `osName` list with no `osName` override, throw a `ConfigurationError`.
 *
 * Adobe notes browsers may omit the header (the server reads `User-Agent`); send it when you know more than the user
 * agent does, e.g. on a TV or set-top box web runtime.
 *
 * @example
 * ```ts
 * import { createDcrClient } from '@dcrflow/core';
 * import { browserDeviceInfo } from '@dcrflow/browser';
 * const client = createDcrClient({
 *   baseUrl: 'https://sp.auth.adobe.com',
 *   softwareStatement,
 *   store,
 *   deviceInfo: browserDeviceInfo({ applicationId: 'my-app' }),
 * });
 * ```
 */
export function browserDeviceInfo(overrides: Partial<DeviceInfo> = {}): DeviceInfo {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new ConfigurationError('browserDeviceInfo overrides must be an object of X-Device-Info keys.');
  }
  const detected = describeBrowser(readFacts());
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detected)) if (value !== undefined) merged[key] = value;
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) merged[key] = value;
  if (merged.osName === undefined) {
    throw new ConfigurationError(
      "browserDeviceInfo could not map this browser's operating system to an X-Device-Info osName; pass one: browserDeviceInfo({ osName: 'Linux' }).",
    );
  }
  const info = merged as DeviceInfo;
  // Validation only: throws ConfigurationError naming the bad key (restricted values, wrong types).
  encodeDeviceInfo(info);
  return info;
}
