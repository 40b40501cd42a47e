import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { contentTypeFor, resolveStaticFile } from '../station/static-files';
import { serveAppFile, type AppFileLookups } from './app-files';

// The built renderer is served from a custom scheme instead of file://, as the Electron
// security checklist recommends: file:// pages get broad file access and share one origin.
// https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
export const APP_SCHEME = 'app';
export const APP_HOST = 'station';
/** Every page the kiosk may show starts with this prefix. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}/`;
export const APP_ENTRY_URL = `${APP_ORIGIN}index.html`;

// Everything comes from the app itself; images may also be data: URLs (camera preview frames).
// Inline styles are allowed because component libraries set them; inline scripts are not.
// https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Registers app:// as a standard, secure scheme so pages on it get a real origin, relative
 * URLs, fetch and a secure context. Electron only accepts this before the app is ready.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, bypassCSP: false },
    },
  ]);
}

/**
 * Maps an app:// URL to a file inside `rendererDir`, or null when the URL is not ours or its
 * decoded path could leave the folder (`..`, `%2e%2e`, `%2f`, backslashes, NUL bytes). The
 * browser station serves the same folder with the same rules, so both use resolveStaticFile.
 */
export function resolveRendererPath(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return null;
  return resolveStaticFile(rendererDir, url.pathname);
}

function plainResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });
}

/**
 * The app:// request handler, free of Electron so it is tested with real files: the built
 * renderer, and (with `files`) recordings and exports by id.
 */
export function createAppProtocolHandler(
  rendererDir: string,
  files: AppFileLookups | null = null,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return plainResponse(405, 'Method not allowed');
    }
    const url = URL.canParse(request.url) ? new URL(request.url) : null;
    if (files && url && url.host.toLowerCase() === APP_HOST) {
      const served = serveAppFile(request, url, files);
      if (served) return served;
    }
    const filePath = resolveRendererPath(rendererDir, request.url);
    if (!filePath) return plainResponse(404, 'Not found');

    let body: Buffer;
    try {
      body = await readFile(filePath);
    } catch {
      // Missing files and directories alike: the renderer only ever asks for built assets.
      return plainResponse(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'content-type': contentTypeFor(filePath),
        'content-length': String(body.byteLength),
        // webRequest header hooks have not always run for custom schemes
        // (electron/electron#6021), so the policy travels with every response here too.
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      },
    });
  };
}

/** Serves `rendererDir` (and media and exports by id) on app://station/; once ready. */
export function handleAppProtocol(
  protocol: Pick<Protocol, 'handle'>,
  rendererDir: string,
  files: AppFileLookups | null = null,
): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir, files));
}
