/** The document as committed: JSON formatted by the repository's Prettier settings. */
import { format, resolveConfig } from 'prettier';
import { buildOpenApi } from './openapi';

export async function renderOpenApi(): Promise<string> {
  const config = (await resolveConfig('cloud/openapi.json')) ?? {};
  return format(JSON.stringify(buildOpenApi()), { ...config, parser: 'json' });
}
