import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: [
    './db/schema.ts',
    './db/privacy-schema.ts',
    './db/screening-schema.ts',
    './db/drafts-schema.ts',
    './db/sync-schema.ts',
  ],
  out: './db/migrations',
  casing: 'snake_case',
});
