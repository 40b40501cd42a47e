import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listProcesses } from './process-list';
import { BLOCKED_TOOLS, findBlockedTools, normaliseExecutable } from './remote-tools';

/** Starts a real process whose executable is named `name` (a copy of `sleep`). */
function startNamed(name: string): ChildProcess {
  const dir = mkdtempSync(path.join(tmpdir(), 'blocked-'));
  const file = path.join(dir, name);
  copyFileSync('/bin/sleep', file);
  return spawn(file, ['30'], { stdio: 'ignore' });
}

describe('blocked tools', () => {
  const started: ChildProcess[] = [];
  afterEach(() => {
    for (const child of started.splice(0)) child.kill('SIGKILL');
  });

  it('lists every product with at least one executable, no name under two products', () => {
    const seen = new Map<string, string>();
    for (const tool of BLOCKED_TOOLS) {
      expect(tool.executables.length, tool.product).toBeGreaterThan(0);
      for (const name of tool.executables) {
        expect(normaliseExecutable(name), name).toBe(name);
        expect(seen.get(name), `${name} in ${tool.product}`).toBeUndefined();
        seen.set(name, tool.product);
      }
    }
    expect(BLOCKED_TOOLS.length).toBeGreaterThanOrEqual(50);
  });

  it('matches names as Windows, macOS and Linux report them, and nothing else', () => {
    const found = findBlockedTools([
      { pid: 10, name: 'AnyDesk.exe' },
      { pid: 11, name: 'TeamViewer_Service.exe' },
      { pid: 12, name: 'zoom.us' },
      { pid: 13, name: 'obs64.EXE' },
      { pid: 14, name: 'anydesk' },
      // Not blocked: close names and the station's own helpers.
      { pid: 20, name: 'zoomer' },
      { pid: 21, name: 'ffmpeg' },
      { pid: 22, name: 'teamviewer-notes' },
      { pid: 23, name: 'chromium' },
    ]);
    expect(found.map((f) => [f.product, f.pids])).toEqual([
      ['AnyDesk', [10, 14]],
      ['OBS Studio', [13]],
      ['TeamViewer', [11]],
      ['Zoom', [12]],
    ]);
    expect(found[0]?.executables).toEqual(['AnyDesk.exe', 'anydesk']);
  });

  it('finds real blocklisted processes the test starts, and none on this machine before', async () => {
    expect(findBlockedTools(await listProcesses())).toEqual([]);
    const anydesk = startNamed('anydesk');
    // Longer than the kernel's 15-character comm: read whole from argv[0].
    const gnome = startNamed('gnome-remote-desktop-daemon');
    started.push(anydesk, gnome);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const found = findBlockedTools(await listProcesses());
    expect(found.map((f) => f.product)).toEqual(['AnyDesk', 'GNOME Remote Desktop']);
    expect(found[0]?.pids).toEqual([anydesk.pid]);
    for (const child of started) child.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(findBlockedTools(await listProcesses())).toEqual([]);
  });
});
