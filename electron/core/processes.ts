import { readFileSync } from 'node:fs';

/**
 * The fields of /proc/<pid>/stat after the command name, or null where there is no /proc
 * entry. The name (field 2) is in parentheses and may hold spaces, so fields are counted
 * after its closing parenthesis: index 0 is the state (field 3), 19 the start time (field 22).
 */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** A process's start time in clock ticks since boot, from /proc; null where there is no /proc. */
export function processStartTicks(pid: number): string | null {
  return statFields(pid)?.[19] ?? null;
}

/** Whether a pid is a live process (a zombie, exited but not yet collected, is not). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user, so it is running.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie has exited and only waits for its parent to collect it.
  return statFields(pid)?.[0] !== 'Z';
}
