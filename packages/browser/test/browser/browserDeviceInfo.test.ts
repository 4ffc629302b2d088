import { ConfigurationError, decodeDeviceInfo, encodeDeviceInfo } from '@dcrflow/protocol';
import { describe, expect, it } from 'vitest';
import { type BrowserFacts, describeBrowser } from '../../src/deviceInfo/describeBrowser.ts';
import { browserDeviceInfo } from '../../src/index.ts';

describe('browserDeviceInfo in this Chromium', () => {
  it('produces a valid X-Device-Info from navigator and screen', () => {
    const info = browserDeviceInfo();
    // Round trip through the protocol codec: the header Adobe would receive.
    expect(decodeDeviceInfo(encodeDeviceInfo(info))).toEqual(info);
    expect(info).toMatchObject({
      osName: 'Linux',
      osFamily: 'Linux',
      primaryHardwareType: 'Desktop',
      userAgent: navigator.userAgent,
      model: 'Unknown',
      version: 'Unknown',
      osVersion: 'Unknown',
      connectionType: 'Unknown',
      displayWidth: Math.round(screen.width * devicePixelRatio),
      displayHeight: Math.round(screen.height * devicePixelRatio),
    });
    // Debian's Chromium announces the brand "Chromium" (no vendor); Google's builds "Google Chrome".
    expect(['Chrome', 'Chromium']).toContain(info.browserName);
    expect(info.browserVersion).toMatch(/^\d+(\.\d+)*$/);
    expect(info.browserVersion?.split('.')[0]).toBe(/(?:Headless)?Chrome\/(\d+)/.exec(navigator.userAgent)?.[1]);
  });

  it('lets overrides win and validates them', () => {
    const info = browserDeviceInfo({
      model: 'Living-room PC',
      applicationId: 'my-app',
      primaryHardwareType: 'MediaPlayer',
    });
    expect(info).toMatchObject({
      model: 'Living-room PC',
      applicationId: 'my-app',
      primaryHardwareType: 'MediaPlayer',
    });
    expect(() => browserDeviceInfo({ osName: 'Tizen' as never })).toThrow(ConfigurationError);
    expect(() => browserDeviceInfo({ primaryHardwareType: 'Laptop' as never })).toThrow(/deviceInfo is invalid/);
    expect(() => browserDeviceInfo('x' as never)).toThrow(
      'browserDeviceInfo overrides must be an object of X-Device-Info keys.',
    );
  });
});

const desktop = { screenWidth: 1440, screenHeight: 900, pixelRatio: 2 };
const samples: [string, BrowserFacts, Record<string, unknown>][] = [
  [
    'Chrome on Windows (client hints)',
    {
      userAgent:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      uaPlatform: 'Windows',
      uaMobile: false,
      brands: [
        { brand: 'Not/A)Brand', version: '8' },
        { brand: 'Chromium', version: '126' },
        { brand: 'Google Chrome', version: '126' },
      ],
      ...desktop,
    },
    {
      osName: 'Windows',
      osFamily: 'Windows',
      osVendor: 'Microsoft',
      osVersion: '10.0',
      primaryHardwareType: 'Desktop',
      browserName: 'Chrome',
      browserVendor: 'Google',
      browserVersion: '126.0.0.0',
      displayWidth: 2880,
      displayHeight: 1800,
    },
  ],
  [
    'Edge on Windows (client hints)',
    {
      userAgent:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
      brands: [
        { brand: 'Microsoft Edge', version: '126' },
        { brand: 'Chromium', version: '126' },
      ],
    },
    { osName: 'Windows', browserName: 'Edge', browserVendor: 'Microsoft', browserVersion: '126.0.0.0' },
  ],
  [
    'Safari on a Mac',
    {
      userAgent:
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
      maxTouchPoints: 0,
    },
    {
      osName: 'Mac OS',
      osFamily: 'macOS',
      osVendor: 'Apple',
      osVersion: '10.15.7',
      model: 'Macintosh',
      manufacturer: 'Apple',
      primaryHardwareType: 'Desktop',
      browserName: 'Safari',
      browserVendor: 'Apple',
      browserVersion: '17.4',
    },
  ],
  [
    'Safari on an iPad in desktop mode',
    {
      userAgent:
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
      maxTouchPoints: 5,
    },
    { osName: 'iOS', model: 'iPad', primaryHardwareType: 'Tablet', osVersion: '17.4', browserName: 'Safari' },
  ],
  [
    'Safari on an iPhone',
    {
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
    },
    {
      osName: 'iOS',
      osFamily: 'iOS',
      osVendor: 'Apple',
      osVersion: '17.4.1',
      model: 'iPhone',
      manufacturer: 'Apple',
      primaryHardwareType: 'MobilePhone',
    },
  ],
  [
    'Chrome on Android with a reduced user agent (model "K")',
    {
      userAgent:
        'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
      uaMobile: true,
      connectionType: 'cellular',
    },
    {
      osName: 'Android',
      osVendor: 'Google',
      osVersion: '10',
      model: 'Unknown',
      primaryHardwareType: 'MobilePhone',
      connectionType: 'Cellular',
    },
  ],
  [
    'a Samsung phone with its model in the user agent',
    {
      userAgent:
        'Mozilla/5.0 (Linux; Android 14; SM-S901U Build/UP1A.231005.007) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
      connectionType: 'wifi',
    },
    {
      osName: 'Android',
      osVersion: '14',
      model: 'SM-S901U',
      primaryHardwareType: 'MobilePhone',
      browserName: 'Samsung Internet',
      connectionType: 'WiFi',
    },
  ],
  [
    'an Android tablet',
    {
      userAgent:
        'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    },
    { osName: 'Android', model: 'SM-X700', primaryHardwareType: 'Tablet' },
  ],
  [
    'a Fire TV stick',
    {
      userAgent:
        'Mozilla/5.0 (Linux; Android 9; AFTMM Build/PS7633) AppleWebKit/537.36 (KHTML, like Gecko) Silk/112.3.1 like Chrome/112.0.5615.213 Safari/537.36',
    },
    { osName: 'Android', osVendor: 'Amazon', osVersion: '9', model: 'AFTMM', primaryHardwareType: 'MediaPlayer' },
  ],
  [
    'an LG webOS TV',
    {
      userAgent:
        'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.88 Safari/537.36 WebAppManager',
    },
    { osName: 'webOS', osFamily: 'webOS', osVendor: 'LG', primaryHardwareType: 'TV', osVersion: 'Unknown' },
  ],
  [
    'a Samsung Tizen TV',
    {
      userAgent:
        'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.5) AppleWebKit/537.36 (KHTML, like Gecko) 85.0.4183.93/6.5 TV Safari/537.36',
    },
    { osName: 'Linux', osFamily: 'Tizen', osVendor: 'Samsung', osVersion: '6.5', primaryHardwareType: 'TV' },
  ],
  [
    'a Roku',
    { userAgent: 'Roku/DVP-12.5 (12.5.0.4178-46)' },
    { osName: 'Roku OS', osFamily: 'Roku OS', osVendor: 'Roku', osVersion: '12.5', primaryHardwareType: 'SetTopBox' },
  ],
  [
    'a Chromebook',
    {
      userAgent:
        'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      uaPlatform: 'Chrome OS',
    },
    { osName: 'Chrome OS', osVendor: 'Google', osVersion: '14541.0.0', primaryHardwareType: 'Desktop' },
  ],
  [
    'Firefox on Linux',
    { userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0' },
    { osName: 'Linux', osFamily: 'Linux', browserName: 'Firefox', browserVendor: 'Mozilla', browserVersion: '127.0' },
  ],
];

describe('describeBrowser (user agent and client hints → X-Device-Info)', () => {
  for (const [what, facts, expected] of samples) {
    it(`maps ${what}`, () => {
      const described = describeBrowser(facts);
      expect(described).toMatchObject(expected);
      expect(described.userAgent).toBe(facts.userAgent);
      // Every mapped result is a valid header (restricted values only from Adobe's lists).
      expect(() => encodeDeviceInfo(described as never)).not.toThrow();
    });
  }

  it("leaves osName out for an OS outside Adobe's list, so browserDeviceInfo asks for an override", () => {
    const described = describeBrowser({
      userAgent: 'Mozilla/5.0 (PlayStation 5 3.20) AppleWebKit/605.1.15 (KHTML, like Gecko)',
    });
    expect(described.osName).toBeUndefined();
    expect(described).toMatchObject({
      osFamily: 'PlayStation OS',
      osVendor: 'Sony',
      primaryHardwareType: 'GamesConsole',
    });
  });

  it('omits what it cannot know', () => {
    const described = describeBrowser({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' });
    expect(Object.keys(described).sort()).toEqual(
      [
        'connectionType',
        'model',
        'osFamily',
        'osName',
        'osVersion',
        'primaryHardwareType',
        'userAgent',
        'version',
      ].sort(),
    );
  });
});
