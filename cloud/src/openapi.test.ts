import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from './openapi';
import { renderOpenApi } from './openapi-render';

describe('cloud/openapi.json', () => {
  it('is what `npm run cloud:openapi` makes from the contract', async () => {
    expect(readFileSync('cloud/openapi.json', 'utf8')).toBe(await renderOpenApi());
  });

  it('lists every route the receiver serves, tus included', () => {
    const doc = buildOpenApi() as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: object };
    };
    const routes = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((m) => m !== 'parameters')
        .map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(routes.sort()).toEqual(
      [
        'POST /v1/enrol',
        'POST /v1/batches',
        'GET /v1/media/{mediaId}',
        'GET /v1/sessions/{sessionId}/receipt',
        'POST /v1/uploads',
        'OPTIONS /v1/uploads',
        'HEAD /v1/uploads/{uploadId}',
        'PATCH /v1/uploads/{uploadId}',
        'DELETE /v1/uploads/{uploadId}',
        'POST /v1/admin/enrolment-codes',
        'POST /v1/admin/stations/{stationId}/revoke',
        'GET /health',
        'GET /metrics',
      ].sort(),
    );
    const item = JSON.stringify(doc.components.schemas);
    for (const kind of ['interview', 'candidate', 'signal_batch', 'erasure']) {
      expect(item).toContain(`"const":"${kind}"`);
    }
  });
});
