/**
 * A fake Gemini API on loopback, for tests of the real @google/genai SDK at the HTTP boundary
 * (the SDK is pointed at it through httpOptions.baseUrl; nothing is mocked). It answers the
 * REST call the SDK makes for models.generateContent, records every request, checks each
 * one's shape (JSON output with a schema, one fenced text, the key in its header, no e-mail
 * address anywhere), and fails on command: an HTTP status, a hang, or a reply that is not JSON.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGeminiRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as sent, to search for what must never be in it. */
  raw: string;
  body: Record<string, unknown>;
  /** What is wrong with the request's shape; empty when it is as the scorer must send it. */
  problems: string[];
}

/** A reply from the "model": the JSON it writes, and the token counts it reports. */
export interface FakeReply {
  kind: 'reply';
  json: unknown | ((request: FakeGeminiRequest) => unknown);
  inputTokens?: number;
  outputTokens?: number;
}

export type FakeBehaviour =
  FakeReply | { kind: 'status'; status: number } | { kind: 'hang' } | { kind: 'not-json' };

export interface FakeGemini {
  /** The base URL for httpOptions.baseUrl. */
  baseUrl: string;
  requests: FakeGeminiRequest[];
  /** Behaviours for the next requests, in order; then the default applies again. */
  queue(...behaviours: FakeBehaviour[]): void;
  setDefault(behaviour: FakeBehaviour): void;
  close(): Promise<void>;
}

const GENERATE_PATH = /^\/v1beta\/models\/[A-Za-z0-9._-]+:generateContent$/;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/;

interface GenerateBody {
  generationConfig?: {
    responseMimeType?: string;
    responseJsonSchema?: unknown;
    responseSchema?: unknown;
  };
  systemInstruction?: unknown;
  contents?: unknown;
}

function problemsOf(
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: GenerateBody,
) {
  const problems: string[] = [];
  if (method !== 'POST' || !GENERATE_PATH.test(path)) problems.push(`unexpected ${method} ${path}`);
  if (!headers['x-goog-api-key']) problems.push('no API key header');
  const config = body?.generationConfig;
  if (config?.responseMimeType !== 'application/json') problems.push('no JSON response type');
  if (!config?.responseJsonSchema && !config?.responseSchema) problems.push('no response schema');
  if (!body?.systemInstruction) problems.push('no system instruction');
  const contents = Array.isArray(body?.contents) ? body.contents : [];
  if (contents.length !== 1) problems.push('not exactly one message');
  const text = JSON.stringify(contents);
  // The untrusted text (an answer, a résumé, a job's description) is fenced, once.
  if ((text.match(/BEGIN [A-Z]+ [0-9a-f]{16}/g) ?? []).length !== 1) {
    problems.push('not exactly one fenced text');
  }
  if (EMAIL.test(JSON.stringify(body))) problems.push('an e-mail address in the request');
  return problems;
}

/** The text of the user message, for a fake "model" that reads it. */
export function promptOf(request: FakeGeminiRequest): string {
  const contents = request.body.contents as { parts: { text: string }[] }[];
  return contents.map((c) => c.parts.map((p) => p.text).join('')).join('\n');
}

export async function startFakeGemini(initial?: FakeBehaviour): Promise<FakeGemini> {
  const requests: FakeGeminiRequest[] = [];
  const pending: FakeBehaviour[] = [];
  let fallback: FakeBehaviour = initial ?? { kind: 'status', status: 500 };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        body = {};
      }
      const path = (req.url ?? '').split('?')[0] ?? '';
      const request: FakeGeminiRequest = {
        method: req.method ?? '',
        path,
        headers: req.headers,
        raw,
        body,
        problems: problemsOf(req.method ?? '', path, req.headers, body),
      };
      requests.push(request);
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (request.problems.length > 0) {
        send(400, { error: { code: 400, message: request.problems.join('; ') } });
        return;
      }
      const behaviour = pending.shift() ?? fallback;
      switch (behaviour.kind) {
        case 'hang':
          return;
        case 'status':
          send(behaviour.status, {
            error: { code: behaviour.status, message: `fake failure; echo ${raw.slice(0, 200)}` },
          });
          return;
        case 'not-json':
        case 'reply': {
          const text =
            behaviour.kind === 'not-json'
              ? 'Sure! Here is my evaluation: great answer.'
              : JSON.stringify(
                  typeof behaviour.json === 'function' ? behaviour.json(request) : behaviour.json,
                );
          const inputTokens = behaviour.kind === 'reply' ? (behaviour.inputTokens ?? 321) : 9;
          const outputTokens = behaviour.kind === 'reply' ? (behaviour.outputTokens ?? 54) : 9;
          send(200, {
            candidates: [
              { content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 },
            ],
            usageMetadata: {
              promptTokenCount: inputTokens,
              candidatesTokenCount: outputTokens,
              totalTokenCount: inputTokens + outputTokens,
            },
            modelVersion: path.split('/').pop()?.split(':')[0],
          });
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    queue: (...behaviours) => pending.push(...behaviours),
    setDefault: (behaviour) => {
      fallback = behaviour;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // A hanging request would keep the server open for ever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
