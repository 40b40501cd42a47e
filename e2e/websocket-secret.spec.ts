import { expect, test } from './fixtures/test';
import WebSocket from 'ws';
import { connectClient, secretOf } from './fixtures/client';

/** Opens a raw WebSocket and reports the HTTP status of a refused handshake, or 101. */
function handshake(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('error', () => resolve(0));
  });
}

test('the WebSocket refuses callers without the per-run secret', async ({ page, startStation }) => {
  const station = await startStation();
  const host = new URL(station.url).host;
  const secret = secretOf(station.url);

  expect(await handshake(`ws://${host}/trpc`)).toBe(401);
  expect(await handshake(`ws://${host}/trpc?k=${'x'.repeat(secret.length)}`)).toBe(401);
  expect(await handshake(`ws://${host}/trpc?k=${secret}`, { Origin: 'http://evil.example' })).toBe(
    401,
  );
  expect(await handshake(`ws://${host}/trpc?k=${secret}`)).toBe(101);

  // With the secret, the router answers.
  const { client, close } = connectClient(station.url);
  expect((await client.station.info.query()).stationName).toBe('Interview Station');
  close();

  // A page opened without the secret cannot check anyone in.
  await page.goto(station.origin);
  await expect(page.getByText(/Reconnecting to the station/)).toBeVisible();
});
