import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../test/fresh-database';
import { startReceiver } from '../test/harness';

describe('admin routes', () => {
  it('issue a code with CLOUD_ADMIN_TOKEN, enrol with it, and revoke the station', async () => {
    const adminToken = 'admin-token-for-this-test-0123456789';
    const r = await startReceiver({ databaseUrl: await freshDatabaseUrl(), adminToken });
    try {
      const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
      const refused = await fetch(`${r.url}/v1/admin/enrolment-codes`, {
        method: 'POST',
        headers: { authorization: 'Bearer not-the-admin-token-at-all' },
      });
      expect(refused.status).toBe(401);
      const issued = await fetch(`${r.url}/v1/admin/enrolment-codes`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ ttlHours: 2 }),
      });
      expect(issued.status).toBe(201);
      const { code } = (await issued.json()) as { code: string };
      expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
      const stationId = randomUUID();
      const enrolled = await fetch(`${r.url}/v1/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, stationName: 'Lobby', stationId }),
      });
      const { credential } = (await enrolled.json()) as { credential: string };
      const probe = () =>
        fetch(`${r.url}/v1/media/${randomUUID()}`, {
          headers: { authorization: `Bearer ${credential}` },
        });
      expect((await probe()).status).toBe(200);
      const revoked = await fetch(`${r.url}/v1/admin/stations/${stationId}/revoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(await revoked.json()).toEqual({ stationId, revoked: true });
      expect((await probe()).status).toBe(401);
      const bad = await fetch(`${r.url}/v1/admin/stations/not-a-uuid/revoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/^Invalid input — /);
    } finally {
      await r.app.close();
    }
  }, 60_000);

  it('are off without CLOUD_ADMIN_TOKEN', async () => {
    const r = await startReceiver({ databaseUrl: await freshDatabaseUrl() });
    try {
      const res = await fetch(`${r.url}/v1/admin/enrolment-codes`, {
        method: 'POST',
        headers: { authorization: 'Bearer anything-at-all-really-long' },
      });
      expect(res.status).toBe(403);
    } finally {
      await r.app.close();
    }
  }, 60_000);
});
