/** Writes resources/managed-config.schema.json from the station's settings (see the module). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { managedConfigSchemaText, SCHEMA_FILE } from '../electron/settings/managed-config-schema';

// Run from the repo root by `npm run managed-config:schema` (this file is bundled into out/).
const target = path.resolve(SCHEMA_FILE);
writeFileSync(target, managedConfigSchemaText());
console.log(`Wrote ${target}`);
