/** `npm run cloud:openapi`: writes cloud/openapi.json from the contract (see openapi.ts). */
import { writeFileSync } from 'node:fs';
import { renderOpenApi } from './openapi-render';

writeFileSync('cloud/openapi.json', await renderOpenApi());
process.stdout.write('Wrote cloud/openapi.json\n');
