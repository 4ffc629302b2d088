const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = MONTHS.join('|');
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
// RFC 9110 §5.6.7: IMF-fixdate, plus the two obsolete forms recipients must still accept.
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) (${MONTH}) (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-(${MONTH})-(\\d{2}) ${TIME} GMT$`,
);
const ASCTIME_DATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${MONTH}) ([ \\d]\\d) ${TIME} (\\d{4})$`);

function utc(year: number, month: string, day: number, hour: number, minute: number, second: number): number {
  const monthIndex = MONTHS.indexOf(month);
  if (hour > 23 || minute > 59 || second > 60 || day < 1) return Number.NaN;
  const ms = Date.UTC(year, monthIndex, day, hour, minute, Math.min(second, 59));
  // Date.UTC rolls 31 Feb over into March; a real HTTP-date never does.
  return new Date(ms).getUTCDate() === day ? ms : Number.NaN;
}

function parseHttpDate(value: string, nowMs: number): number {
  let match = IMF_FIXDATE.exec(value);
  if (match) {
    const [, day, month, year, hour, minute, second] = match;
    return utc(Number(year), month!, Number(day), Number(hour), Number(minute), Number(second));
  }
  match = RFC850_DATE.exec(value);
  if (match) {
    const [, day, month, shortYear, hour, minute, second] = match;
    // RFC 9110 §5.6.7: a two-digit year more than 50 years ahead means the most recent past year with those digits.
    const nowYear = new Date(nowMs).getUTCFullYear();
    let year = Math.floor(nowYear / 100) * 100 + Number(shortYear);
    if (year > nowYear + 50) year -= 100;
    return utc(year, month!, Number(day), Number(hour), Number(minute), Number(second));
  }
  match = ASCTIME_DATE.exec(value);
  if (match) {
    const [, month, day, hour, minute, second, year] = match;
    return utc(Number(year), month!, Number(day!.trim()), Number(hour), Number(minute), Number(second));
  }
  return Number.NaN;
}

/**
 * Reads a `Retry-After` header as whole seconds to wait: delay-seconds (`"120"`) or an HTTP-date (IMF-fixdate and
 * the obsolete RFC 850 / asctime forms; a past date means 0). Returns `undefined` when the header is absent or
 * malformed. Source: RFC 9110 §10.2.3 and §5.6.7.
 *
 * @example
 * ```ts
 * import { parseRetryAfter } from '@dcrflow/protocol';
 * parseRetryAfter('5'); // 5
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.UTC(2015, 9, 21, 7, 27, 30)); // 30
 * parseRetryAfter(response.headers.get('retry-after')); // undefined when absent
 * ```
 */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    const seconds = Number(trimmed);
    return Number.isFinite(seconds) ? seconds : undefined;
  }
  const dateMs = parseHttpDate(trimmed, nowMs);
  if (Number.isNaN(dateMs) || !Number.isFinite(nowMs)) return undefined;
  return Math.max(0, Math.ceil((dateMs - nowMs) / 1000));
}
