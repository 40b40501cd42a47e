import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../test/fresh-database';
import { issueEnrolmentCode } from './stations';
import {
  createUpload,
  patchUpload,
  postBatch,
  sessionItems,
  sha256,
  startReceiver,
  type Station,
} from '../test/harness';

describe('the receiver’s logs and errors', () => {
  it('log JSON lines without names, e-mails, answers, codes or credentials', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const r = await startReceiver({
      databaseUrl: await freshDatabaseUrl(),
      logger: { level: 'debug', stream },
    });
    try {
      const { code } = await issueEnrolmentCode(r.app.receiver.database.db);
      const stationId = randomUUID();
      const res = await fetch(`${r.url}/v1/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, stationName: 'Front desk', stationId }),
      });
      const { credential } = (await res.json()) as { credential: string };
      const station: Station = {
        stationId,
        credential,
        auth: { authorization: `Bearer ${credential}` },
      };
      const s = sessionItems();
      expect((await postBatch(r, station, s.items)).status).toBe(200);
      const bytes = new TextEncoder().encode('not a real clip');
      const meta = {
        mediaId: s.mediaId,
        sessionId: s.sessionId,
        kind: 'answer_clip' as const,
        contentType: 'audio/wav',
        sha256: sha256(bytes),
      };
      const loc = await createUpload(r.url, station, meta, bytes.length);
      // A wrong offset: tus refuses it, in the contract's error shape.
      const wrong = await patchUpload(r.url, station, loc, 5, bytes);
      expect(wrong.status).toBe(409);
      expect(await wrong.json()).toEqual({ error: expect.stringMatching(/offset/i) });
      expect((await patchUpload(r.url, station, loc, 0, bytes)).status).toBe(204);

      expect(lines.length).toBeGreaterThan(5);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      const all = lines.join('\n');
      for (const secret of [
        credential,
        code,
        'Ada Example',
        'ada@example.org',
        'I built a bridge',
      ]) {
        expect(all).not.toContain(secret);
      }
      expect(all).toContain('station enrolled');
    } finally {
      await r.app.close();
    }
  }, 60_000);
});
