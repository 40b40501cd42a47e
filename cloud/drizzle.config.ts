import { defineConfig } from 'drizzle-kit';

// The reference receiver's own schema and migrations (PostgreSQL), apart from the station's db/.
export default defineConfig({
  dialect: 'postgresql',
  schema: './cloud/db/schema.ts',
  out: './cloud/db/migrations',
  casing: 'snake_case',
});
