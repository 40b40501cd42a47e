import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from './fixtures/test';
import { secretOf } from './fixtures/client';
import { startStation, type RunningStation } from './fixtures/station';

/** The command lines of every process on this machine that another local user could read. */
function allCommandLines(): string[] {
  const lines: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      lines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      // Gone meanwhile.
    }
  }
  return lines;
}

test('the printed address opens the station once and the secret is on no command line', async ({
  page,
  dataDir,
}) => {
  // Standard input as a pipe: a line on it asks the station for a new address (Enter).
  let station: RunningStation | null = null;
  try {
    station = await startStation(dataDir, {}, (command, args, options) =>
      spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] }),
    );
    const running = station;
    const secret = secretOf(running.url);
    expect(secret.length).toBeGreaterThanOrEqual(43);
    expect(running.printedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/enter\?t=[\w-]+$/);

    // What the station printed and every command line on the machine lack the secret.
    expect(running.output.join('\n')).not.toContain(secret);
    expect(allCommandLines().filter((line) => line.includes(secret))).toEqual([]);

    // A new address on Enter; real Chromium follows it once to a working station page.
    running.process.stdin?.write('\n');
    await expect
      .poll(() => running.output.filter((line) => line.startsWith('Station URL: ')).length)
      .toBe(2);
    const fresh = running.output.filter((line) => line.startsWith('Station URL: '))[1];
    const address = fresh?.replace('Station URL: ', '') ?? '';
    expect(address).not.toBe(running.printedUrl);
    await page.goto(address);
    await expect(page.getByRole('textbox', { name: 'Interview code' })).toBeVisible();
    expect(secretOf(page.url())).toBe(secret);
    await expect(page.getByText(/Reconnecting to the station/)).toHaveCount(0);

    // The same address a second time (as someone who read it would) opens nothing, and is logged.
    const second = await page.context().newPage();
    await second.goto(address);
    await expect(second.getByText(/already been opened once/)).toBeVisible();
    expect(second.url()).not.toContain(secret);
    await expect
      .poll(() => running.output.some((line) => /opened a second time/.test(line)))
      .toBe(true);
    expect(running.output.join('\n')).not.toContain(secret);
  } finally {
    await station?.stop();
  }
});
