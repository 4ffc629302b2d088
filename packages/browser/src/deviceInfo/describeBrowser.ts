import type { DeviceInfo } from '@dcrflow/protocol';

/** What the page can learn about its device without asking for permissions or high-entropy client hints. */
export interface BrowserFacts {
  readonly userAgent: string;
  /** `navigator.userAgentData.platform` (Chromium browsers), e.g. `'Windows'`, `'macOS'`, `'Android'`. */
  readonly uaPlatform?: string;
  /** `navigator.userAgentData.mobile`. */
  readonly uaMobile?: boolean;
  /** `navigator.userAgentData.brands`. */
  readonly brands?: readonly { readonly brand: string; readonly version: string }[];
  /** `navigator.maxTouchPoints` — tells an iPad in desktop mode from a Mac. */
  readonly maxTouchPoints?: number;
  /** `screen.width` / `screen.height` in CSS pixels and `devicePixelRatio`. */
  readonly screenWidth?: number;
  readonly screenHeight?: number;
  readonly pixelRatio?: number;
  /** `navigator.connection.type` (Network Information API; Android and ChromeOS only). */
  readonly connectionType?: string;
}

type Mutable<T> = { -readonly [K in keyof T]?: T[K] | undefined };
/** Everything {@link describeBrowser} could determine; `osName` may be missing when the OS is not in Adobe's list. */
export type DescribedDevice = Mutable<
  Pick<
    DeviceInfo,
    | 'primaryHardwareType'
    | 'model'
    | 'version'
    | 'manufacturer'
    | 'vendor'
    | 'osName'
    | 'osFamily'
    | 'osVendor'
    | 'osVersion'
    | 'browserName'
    | 'browserVendor'
    | 'browserVersion'
    | 'userAgent'
    | 'displayWidth'
    | 'displayHeight'
    | 'connectionType'
  >
>;

/** Written for required keys the browser cannot know (device model and version on desktops, Linux versions, …). */
export const UNKNOWN = 'Unknown';

const CONNECTION_TYPES: Readonly<Record<string, string>> = {
  wifi: 'WiFi',
  ethernet: 'Ethernet',
  cellular: 'Cellular',
  bluetooth: 'Bluetooth',
  wimax: 'WiMAX',
};

function match(text: string, pattern: RegExp): string | undefined {
  return pattern.exec(text)?.[1];
}

const dotted = (version: string | undefined) => version?.replace(/_/g, '.');

/** Operating system, its family and vendor, and what the OS tells about the hardware. Values from dcr-protocol.md §6. */
function describeOs(facts: BrowserFacts, device: DescribedDevice): void {
  const ua = facts.userAgent;
  const platform = facts.uaPlatform ?? '';
  const isTv = /SMART-TV|SmartTV|Android TV|GoogleTV|BRAVIA|HbbTV/i.test(ua);

  if (/Roku/i.test(ua)) {
    Object.assign(device, {
      osName: 'Roku OS',
      osFamily: 'Roku OS',
      osVendor: 'Roku',
      primaryHardwareType: 'SetTopBox',
    });
    device.osVersion = match(ua, /Roku\/DVP-(\d+(?:\.\d+)*)/);
  } else if (/Web0S|webOS/i.test(ua)) {
    Object.assign(device, {
      osName: 'webOS',
      osFamily: 'webOS',
      osVendor: 'LG',
      primaryHardwareType: 'TV',
      manufacturer: 'LG',
    });
  } else if (/Tizen/i.test(ua)) {
    // Tizen is not in Adobe's osName list; it is a Linux, and its family and vendor are listed.
    Object.assign(device, { osName: 'Linux', osFamily: 'Tizen', osVendor: 'Samsung' });
    device.osVersion = match(ua, /Tizen[ /](\d+(?:\.\d+)*)/);
    if (isTv) Object.assign(device, { primaryHardwareType: 'TV', manufacturer: 'Samsung' });
  } else if (/AppleTV|tvOS/.test(ua)) {
    Object.assign(device, { osName: 'tvOS', osFamily: 'tvOS', osVendor: 'Apple', primaryHardwareType: 'SetTopBox' });
    Object.assign(device, { model: 'AppleTV', manufacturer: 'Apple', vendor: 'Apple' });
    device.osVersion = dotted(match(ua, /(?:tvOS|OS) (\d+(?:[._]\d+)*)/));
  } else if (/iPhone|iPod|iPad/.test(ua) || (/Macintosh/.test(ua) && (facts.maxTouchPoints ?? 0) > 1)) {
    // iPadOS 13+ Safari presents itself as a Mac; only touch support gives it away.
    const model = match(ua, /(iPhone|iPod|iPad)/) ?? 'iPad';
    Object.assign(device, {
      osName: 'iOS',
      osFamily: 'iOS',
      osVendor: 'Apple',
      model,
      manufacturer: 'Apple',
      vendor: 'Apple',
    });
    device.primaryHardwareType = model === 'iPad' ? 'Tablet' : 'MobilePhone';
    device.osVersion = dotted(match(ua, /OS (\d+(?:_\d+)*) like Mac OS X/) ?? match(ua, /Version\/(\d+(?:\.\d+)*)/));
  } else if (/Android/i.test(ua) || platform === 'Android') {
    const fireOs = /\bAFT[A-Z0-9]*\b|\bKF[A-Z]{2,}\b|Silk\//.test(ua);
    Object.assign(device, { osName: 'Android', osFamily: 'Android', osVendor: fireOs ? 'Amazon' : 'Google' });
    device.osVersion = match(ua, /Android (\d+(?:\.\d+)*)/);
    // Reduced user agents (Chrome 110+) replace the model with "K": that is no model.
    const model = match(ua, /Android[^;)]*;\s*([^;)]+?)(?:\s+Build\/[^;)]*)?\)/);
    if (model !== undefined && model !== 'K' && !/^(?:Linux|U|wv|[a-z]{2}(?:-[a-zA-Z]{2})?)$/.test(model)) {
      device.model = model;
    }
    if (/\bAFT[A-Z0-9]*\b/.test(ua) || /CrKey/.test(ua)) device.primaryHardwareType = 'MediaPlayer';
    else if (isTv) device.primaryHardwareType = 'TV';
    else if (facts.uaMobile === true || /Mobile/.test(ua)) device.primaryHardwareType = 'MobilePhone';
    else device.primaryHardwareType = 'Tablet';
  } else if (/CrOS/.test(ua) || platform === 'Chrome OS' || platform === 'Chromium OS') {
    Object.assign(device, { osName: 'Chrome OS', osVendor: 'Google', primaryHardwareType: 'Desktop' });
    device.osVersion = match(ua, /CrOS \S+ (\d+(?:\.\d+)*)/);
  } else if (/Xbox/i.test(ua)) {
    Object.assign(device, {
      osName: 'Windows',
      osFamily: 'Windows',
      osVendor: 'Microsoft',
      primaryHardwareType: 'GamesConsole',
    });
    Object.assign(device, { model: 'Xbox', manufacturer: 'Microsoft' });
    device.osVersion = match(ua, /Windows NT (\d+(?:\.\d+)*)/);
  } else if (/Windows/.test(ua) || platform === 'Windows') {
    Object.assign(device, {
      osName: 'Windows',
      osFamily: 'Windows',
      osVendor: 'Microsoft',
      primaryHardwareType: 'Desktop',
    });
    device.osVersion = match(ua, /Windows NT (\d+(?:\.\d+)*)/);
  } else if (/Macintosh|Mac OS X/.test(ua) || platform === 'macOS') {
    Object.assign(device, { osName: 'Mac OS', osFamily: 'macOS', osVendor: 'Apple', primaryHardwareType: 'Desktop' });
    Object.assign(device, { model: 'Macintosh', manufacturer: 'Apple' });
    device.osVersion = dotted(match(ua, /Mac OS X (\d+(?:[._]\d+)*)/));
  } else if (/OpenBSD/.test(ua)) {
    Object.assign(device, { osName: 'OpenBSD', osFamily: 'BSD', primaryHardwareType: 'Desktop' });
  } else if (/PlayStation/i.test(ua)) {
    // The PlayStation OS has a family and a vendor in Adobe's lists but no osName: the caller must supply one.
    Object.assign(device, { osFamily: 'PlayStation OS', osVendor: 'Sony', primaryHardwareType: 'GamesConsole' });
    Object.assign(device, {
      manufacturer: 'Sony',
      model: match(ua, /(PlayStation \d+|PlayStation)/i) ?? 'PlayStation',
    });
  } else if (/Nintendo/i.test(ua)) {
    Object.assign(device, { osVendor: 'Nintendo', primaryHardwareType: 'GamesConsole', manufacturer: 'Nintendo' });
  } else if (/Linux|X11/.test(ua) || platform === 'Linux') {
    Object.assign(device, { osName: 'Linux', osFamily: 'Linux' });
    device.primaryHardwareType = isTv ? 'TV' : 'Desktop';
  }
}

const BRANDS: readonly [RegExp, string, string | undefined][] = [
  [/^Microsoft Edge$/, 'Edge', 'Microsoft'],
  [/^Opera$/, 'Opera', 'Opera'],
  [/^Google Chrome$/, 'Chrome', 'Google'],
  [/^HeadlessChrome$/, 'Chrome', 'Google'],
  [/^Brave$/, 'Brave', 'Brave'],
  [/^Samsung Internet$/, 'Samsung Internet', 'Samsung'],
  [/^Chromium$/, 'Chromium', undefined],
];

/** Browser name, vendor and version: client hints brands first (no sniffing needed), the user agent otherwise. */
function describeBrowserApp(facts: BrowserFacts, device: DescribedDevice): void {
  for (const [pattern, name, vendor] of BRANDS) {
    const brand = facts.brands?.find((entry) => pattern.test(entry.brand));
    if (brand !== undefined) {
      device.browserName = name;
      if (vendor !== undefined) device.browserVendor = vendor;
      device.browserVersion = brand.version;
      // Brands carry the major version only; the user agent often has the (reduced) full one.
      const full = match(facts.userAgent, /(?:Chrome|Edg|OPR)\/(\d+(?:\.\d+)+)/);
      if (full !== undefined && full.split('.')[0] === brand.version) device.browserVersion = full;
      return;
    }
  }
  const ua = facts.userAgent;
  const rules: readonly [RegExp, string, string][] = [
    [/Edg(?:e|A|iOS)?\/(\d+(?:\.\d+)*)/, 'Edge', 'Microsoft'],
    [/OPR\/(\d+(?:\.\d+)*)/, 'Opera', 'Opera'],
    [/SamsungBrowser\/(\d+(?:\.\d+)*)/, 'Samsung Internet', 'Samsung'],
    [/(?:Firefox|FxiOS)\/(\d+(?:\.\d+)*)/, 'Firefox', 'Mozilla'],
    [/(?:Chrome|CriOS|HeadlessChrome)\/(\d+(?:\.\d+)*)/, 'Chrome', 'Google'],
    [/Version\/(\d+(?:\.\d+)*).*Safari\//, 'Safari', 'Apple'],
  ];
  for (const [pattern, name, vendor] of rules) {
    const version = match(ua, pattern);
    if (version !== undefined) {
      Object.assign(device, { browserName: name, browserVendor: vendor, browserVersion: version });
      return;
    }
  }
}

/**
 * Maps what the browser tells about itself to X-Device-Info keys (dcr-protocol.md §6 — restricted values only from
 * Adobe's lists). Keys that cannot be known are left out; the required `model`, `version`, `osVersion` and
 * `connectionType` become `'Unknown'` when unknown, `osName` stays missing when the OS is not in Adobe's list.
 */
export function describeBrowser(facts: BrowserFacts): DescribedDevice {
  const device: DescribedDevice = {};
  describeOs(facts, device);
  describeBrowserApp(facts, device);
  device.userAgent = facts.userAgent;
  const ratio = facts.pixelRatio !== undefined && facts.pixelRatio > 0 ? facts.pixelRatio : 1;
  // "Physical" screen size in Adobe's table: CSS pixels × device pixel ratio.
  if (facts.screenWidth !== undefined && facts.screenWidth > 0)
    device.displayWidth = Math.round(facts.screenWidth * ratio);
  if (facts.screenHeight !== undefined && facts.screenHeight > 0) {
    device.displayHeight = Math.round(facts.screenHeight * ratio);
  }
  device.connectionType =
    (facts.connectionType !== undefined ? CONNECTION_TYPES[facts.connectionType] : undefined) ?? UNKNOWN;
  device.model ??= UNKNOWN;
  device.version ??= UNKNOWN;
  if (device.osVersion === undefined || device.osVersion === '') device.osVersion = UNKNOWN;
  return device;
}
