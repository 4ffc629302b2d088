/**
 * Whether a process with this id exists on this machine. Signal 0 checks without signalling; EPERM means it exists
 * but belongs to another user.
 */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}
