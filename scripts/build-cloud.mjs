// Builds the reference sync receiver (cloud/) and its OpenAPI writer: one ESM file each for
// Node, dependencies left to node_modules (the receiver runs from the repository).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};
await Promise.all([
  build({ ...common, entryPoints: ['./cloud/src/main.ts'], outfile: 'out/cloud/main.mjs' }),
  build({
    ...common,
    entryPoints: ['./cloud/src/openapi-cli.ts'],
    outfile: 'out/cloud/openapi.mjs',
  }),
]);
