import { createHash } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

function readOrEmpty(read: () => string): string {
  try {
    return read().trim();
  } catch {
    // Not Linux, or /proc is hidden: the identity falls back to the host name alone.
    return '';
  }
}

let cached: { readonly host: string; readonly space: string; readonly tag: string } | undefined;

/**
 * Who "this process's pid" is meaningful for: the host name, the kernel boot id and the PID namespace. Two
 * containers sharing a volume and a host name but not a PID namespace see different pids, so a lock whose owner pid
 * is absent *here* may belong to a live process *there*: only an owner with the same identity may be judged dead by
 * its pid. `space` is empty where /proc is unavailable (macOS, Windows), which keeps the host-name-only behaviour.
 * `tag` (8 hex digits) is embedded in temporary file names so leftovers can be attributed the same way.
 */
export function ownerIdentity(): { readonly host: string; readonly space: string; readonly tag: string } {
  if (cached === undefined) {
    const host = hostname();
    const boot = readOrEmpty(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'));
    const pidNamespace = readOrEmpty(() => readlinkSync('/proc/self/ns/pid'));
    const space = boot === '' && pidNamespace === '' ? '' : `${boot}/${pidNamespace}`;
    const tag = createHash('sha256').update(`${host}\n${space}`).digest('hex').slice(0, 8);
    cached = { host, space, tag };
  }
  return cached;
}
