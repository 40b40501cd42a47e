/** Prometheus metrics, one registry per receiver instance (tests run several in one process). */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type ReceiverMetrics = ReturnType<typeof createMetrics>;

export function createMetrics(defaults = false) {
  const registry = new Registry();
  if (defaults) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    requests: new Counter({
      name: 'receiver_requests_total',
      help: 'HTTP requests by route, method and status.',
      labelNames: ['route', 'method', 'status'] as const,
      registers,
    }),
    latency: new Histogram({
      name: 'receiver_request_duration_seconds',
      help: 'HTTP request latency by route and method.',
      labelNames: ['route', 'method'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    items: new Counter({
      name: 'receiver_items_total',
      help: 'Sync items by result (stored, duplicate, rejected).',
      labelNames: ['result'] as const,
      registers,
    }),
    bytesReceived: new Counter({
      name: 'receiver_upload_bytes_received_total',
      help: 'Media bytes written to the upload store.',
      registers,
    }),
    uploads: new Counter({
      name: 'receiver_uploads_total',
      help: 'Finished uploads by outcome (completed, or failed when the SHA-256 did not match).',
      labelNames: ['outcome'] as const,
      registers,
    }),
  };
}
