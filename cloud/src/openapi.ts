/**
 * The OpenAPI 3.1 document of the sync API, made from the contract's zod schemas with zod 4's
 * `z.toJSONSchema` (JSON Schema 2020-12, which OpenAPI 3.1 uses as is). cloud/openapi.json is
 * this document, written by `npm run cloud:openapi`; a test fails when the two differ.
 */
import { z } from 'zod';
import {
  MEDIA_KINDS,
  SYNC_API_VERSION,
  UPLOADS_PATH,
  batchRequest,
  batchResponse,
  enrolmentRequest,
  enrolmentResponse,
  errorResponse,
  mediaReceipt,
  sessionReceipt,
  syncItem,
  uploadMetadata,
} from '../../shared/sync-contract';
import { healthResponse, issueCodeRequest, issueCodeResponse, revokeResponse } from './routes';

const schemas = {
  EnrolmentRequest: enrolmentRequest,
  EnrolmentResponse: enrolmentResponse,
  SyncItem: syncItem,
  BatchRequest: batchRequest,
  BatchResponse: batchResponse,
  UploadMetadata: uploadMetadata,
  MediaReceipt: mediaReceipt,
  SessionReceipt: sessionReceipt,
  ErrorResponse: errorResponse,
  IssueCodeRequest: issueCodeRequest,
  IssueCodeResponse: issueCodeResponse,
  RevokeResponse: revokeResponse,
  HealthResponse: healthResponse,
} satisfies Record<string, z.ZodType>;

type Name = keyof typeof schemas;

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input' });
  return rest;
}

const ref = (name: Name) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: Name, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(name) } },
});
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [String(code), json('ErrorResponse', ERROR_WORDS[code] ?? 'Refused.')]),
  );
const ERROR_WORDS: Record<number, string> = {
  400: 'Invalid input (the message begins "Invalid input —").',
  401: 'No valid credential.',
  403: 'Refused.',
  404: 'Not found (or not this station’s).',
  409: 'Already complete.',
  410: "The session's candidate was erased.",
  429: 'Too many requests from this station.',
  460: 'The finished file does not match its SHA-256: removed; upload it again from zero.',
  500: 'The receiver failed; retry later.',
  503: 'The database is not reachable.',
};
const station = [{ stationCredential: [] }];
const admin = [{ adminToken: [] }];
const uuidParam = (name: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
});
const tusHeader = (name: string, description: string, required = true) => ({
  name,
  in: 'header',
  required,
  description,
  schema: { type: 'string' },
});
const tusVersion = tusHeader('Tus-Resumable', 'Always 1.0.0.');

const metadataKeys = Object.keys(uploadMetadata.shape).join(', ');

export function buildOpenApi(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Interview Station sync API',
      version: SYNC_API_VERSION,
      description:
        'What a station sends to its organisation’s receiver. Every resource has a station-made ' +
        'UUID and a revision: the receiver keeps the highest revision of each id, so retries and ' +
        'duplicate batches change nothing. Media go as tus 1.0.0 uploads with the SHA-256 of the ' +
        'whole file in their metadata. Served behind TLS.',
    },
    components: {
      securitySchemes: {
        stationCredential: {
          type: 'http',
          scheme: 'bearer',
          description: 'The credential from POST /v1/enrol.',
        },
        adminToken: { type: 'http', scheme: 'bearer', description: 'CLOUD_ADMIN_TOKEN.' },
      },
      schemas: Object.fromEntries(
        Object.entries(schemas).map(([name, schema]) => [name, jsonSchema(schema)]),
      ),
    },
    paths: {
      '/v1/enrol': {
        post: {
          summary: 'Trade a one-time enrolment code for the station’s credential (shown once).',
          requestBody: { required: true, ...json('EnrolmentRequest', 'The code and station.') },
          responses: {
            '201': json('EnrolmentResponse', 'Enrolled.'),
            ...errors(400, 403, 429),
          },
        },
      },
      '/v1/batches': {
        post: {
          summary: 'Store items; each is stored, a duplicate, or rejected with a reason.',
          security: station,
          requestBody: { required: true, ...json('BatchRequest', 'Up to 200 items.') },
          responses: {
            '200': json('BatchResponse', 'One result per item, in order.'),
            ...errors(400, 401, 429, 500),
          },
        },
      },
      '/v1/media/{mediaId}': {
        get: {
          summary: 'The receiver’s word on one media file.',
          security: station,
          parameters: [uuidParam('mediaId')],
          responses: { '200': json('MediaReceipt', 'Its state.'), ...errors(400, 401, 429) },
        },
      },
      '/v1/sessions/{sessionId}/receipt': {
        get: {
          summary: 'Every item and media file held for a session (purge locally once complete).',
          security: station,
          parameters: [uuidParam('sessionId')],
          responses: { '200': json('SessionReceipt', 'What is held.'), ...errors(400, 401, 429) },
        },
      },
      [UPLOADS_PATH]: {
        post: {
          summary: 'tus 1.0.0 creation: start an upload.',
          description: `Upload-Metadata carries the keys ${metadataKeys} (values base64, as tus requires), checked against UploadMetadata; kind is one of ${MEDIA_KINDS.join(', ')}.`,
          security: station,
          parameters: [
            tusVersion,
            tusHeader('Upload-Length', 'The whole file’s size in bytes.'),
            tusHeader('Upload-Metadata', `tus metadata: ${metadataKeys}.`),
          ],
          'x-tus-metadata': ref('UploadMetadata'),
          responses: {
            '201': { description: 'Created; Location is the upload’s URL (relative).' },
            ...errors(400, 401, 403, 409, 410, 429),
          },
        },
        options: {
          summary: 'tus 1.0.0 discovery: Tus-Version, Tus-Extension, Tus-Max-Size.',
          responses: { '204': { description: 'Capabilities in the headers.' } },
        },
      },
      [`${UPLOADS_PATH}/{uploadId}`]: {
        parameters: [{ name: 'uploadId', in: 'path', required: true, schema: { type: 'string' } }],
        head: {
          summary: 'tus 1.0.0: the upload’s offset, to resume after an interruption.',
          security: station,
          parameters: [tusVersion],
          responses: {
            '200': { description: 'Upload-Offset and Upload-Length in the headers.' },
            ...errors(401, 404),
          },
        },
        patch: {
          summary: 'tus 1.0.0: append bytes at Upload-Offset.',
          description:
            'On the last byte the stored file is hashed; a mismatch answers 460, removes the ' +
            'upload and leaves the media partial.',
          security: station,
          parameters: [tusVersion, tusHeader('Upload-Offset', 'Where these bytes go.')],
          requestBody: {
            required: true,
            content: {
              'application/offset+octet-stream': {
                schema: { type: 'string', contentMediaType: 'application/octet-stream' },
              },
            },
          },
          responses: {
            '204': { description: 'Written; the new Upload-Offset in the headers.' },
            '409': { description: 'Upload-Offset is not the upload’s offset (HEAD first).' },
            ...errors(401, 404, 429, 460),
          },
        },
        delete: {
          summary: 'tus 1.0.0 termination: abandon an upload.',
          security: station,
          parameters: [tusVersion],
          responses: { '204': { description: 'Removed.' }, ...errors(401, 404) },
        },
      },
      '/v1/admin/enrolment-codes': {
        post: {
          summary: 'Issue a one-time enrolment code (shown once; only its hash is kept).',
          security: admin,
          requestBody: { required: false, ...json('IssueCodeRequest', 'How long it is valid.') },
          responses: {
            '201': json('IssueCodeResponse', 'The code.'),
            ...errors(400, 401, 403),
          },
        },
      },
      '/v1/admin/stations/{stationId}/revoke': {
        post: {
          summary: 'Revoke a station’s credential.',
          security: admin,
          parameters: [uuidParam('stationId')],
          responses: {
            '200': json('RevokeResponse', 'Revoked.'),
            ...errors(401, 403, 404),
          },
        },
      },
      '/health': {
        get: {
          summary: 'Whether the database is reachable.',
          responses: { '200': json('HealthResponse', 'Up.'), ...errors(503) },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics.',
          responses: {
            '200': {
              description: 'Text exposition format.',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
          },
        },
      },
    },
  };
}
