import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { codeOf, createTestServices, stationCaller } from '../api/test-router';
import { fileLogger, LOG_DIR, rotatingFile, stationLog } from './file-log';
import { formatAccessCode } from './secrets';

const logText = (dir: string) =>
  readdirSync(dir)
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');

describe('file logs', () => {
  it('rolls station.log by size and keeps only the newest files', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'logs-roll-'));
    const file = rotatingFile({ dir, maxBytes: 100, keep: 2 });
    for (let i = 0; i < 10; i++) file.write(`${'x'.repeat(59)}${i}\n`);
    file.close();
    expect(readdirSync(dir).sort()).toEqual(['station.1.log', 'station.2.log', 'station.log']);
    expect(readFileSync(path.join(dir, 'station.log'), 'utf8')).toContain('x9');
    expect(readFileSync(path.join(dir, 'station.1.log'), 'utf8')).toContain('x8');
    expect(logText(dir)).not.toContain('x6');
  });

  it('redacts personal keys in objects logged with a line', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'logs-redact-'));
    const { logger, close } = fileLogger({ dir });
    logger.info(
      { name: 'Zelda Quixote', candidate: { email: 'zq@example.org', code: 'QX7-99' } },
      'checked in',
    );
    close();
    const text = logText(dir);
    expect(text).toContain('checked in');
    expect(text).not.toMatch(/Zelda|zq@example|QX7-99/);
  });

  it('keeps no candidate name, email or code in the logs of a check-in and a failed one', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'logs-flow-'));
    const files = stationLog(dataDir, () => {});
    const db = createTestDb();
    const services = createTestServices(db, { log: files.log });
    const { accessCode } = seedTestInterview(db, {
      candidateName: 'Ottoline Verisimilitude',
      questions: [{ type: 'text', readingSeconds: 5, answerSeconds: 5 }],
    });
    const caller = stationCaller(services);
    await caller.candidate.checkIn({ code: accessCode });
    const wrong = await caller.candidate.checkIn({ code: 'ZZZZ-ZZZZ' }).catch((e: unknown) => {
      files.logError(e, 'candidate.checkIn');
      return codeOf(e);
    });
    expect(typeof wrong).toBe('string');
    files.log('Station URL: http://127.0.0.1:1/enter?t=SecretTicket42');
    // The start banner's demo code, dashed and as typed.
    files.log(`Demo interview code: ${formatAccessCode(accessCode)}`);
    files.log('checked in R8GPS4KV at INTERNAL desk');
    services.sessions.close();
    db.$client.close();
    files.close();
    const text = logText(path.join(dataDir, LOG_DIR));
    expect(text).toContain('"where":"candidate.checkIn"');
    expect(text).toContain('enter?t=[redacted]');
    expect(text).toContain('Demo interview code: [code]');
    expect(text).toContain('checked in [code] at INTERNAL desk');
    for (const secret of [
      'Ottoline',
      'Verisimilitude',
      'ada@example.com',
      accessCode,
      formatAccessCode(accessCode),
      'R8GPS4KV',
      'SecretTicket42',
    ])
      expect(text).not.toContain(secret);
  });

  it('logs to standard output only, with one warning, when logs/ cannot be made', () => {
    // A file where the data folder should be: no one, not even root, can make logs/ in it.
    const blocker = path.join(mkdtempSync(path.join(os.tmpdir(), 'logs-blocked-')), 'file');
    writeFileSync(blocker, 'not a folder');
    const lines: string[] = [];
    const files = stationLog(blocker, (line) => lines.push(line));
    files.log('Station started.');
    files.logError(Object.assign(new Error('has Zelda in it'), { code: 'EX' }), 'somewhere');
    files.close();
    expect(lines).toEqual([
      expect.stringMatching(
        /^Logs: .*file.logs cannot be written \(ENOTDIR\); logging to standard output only\.$/,
      ),
      'Station started.',
      'Error in somewhere: Error.',
    ]);
  });

  it('keeps writing the file log when logs/ is there', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'logs-ok-'));
    mkdirSync(path.join(dataDir, LOG_DIR));
    const lines: string[] = [];
    const files = stationLog(dataDir, (line) => lines.push(line));
    files.log('Station started.');
    files.close();
    expect(lines).toEqual(['Station started.']);
    expect(logText(path.join(dataDir, LOG_DIR))).toContain('Station started.');
  });
});
