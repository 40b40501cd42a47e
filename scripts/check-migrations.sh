#!/usr/bin/env bash
# Fails when a schema and its committed migrations disagree: regenerates them and looks for any
# change, as the house rule says generated SQL is committed, never edited. Two schemas: the
# station's (db/, SQLite) and the reference receiver's (cloud/db/, PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
drizzle-kit generate --name drift >/dev/null
drizzle-kit generate --config cloud/drizzle.config.ts --name drift >/dev/null
drift="$(git status --porcelain -- db/migrations cloud/db/migrations)"
if [ -n "$drift" ]; then
  echo "Migrations are out of date with their schema. Run 'npm run db:generate' (or"
  echo "'npx drizzle-kit generate --config cloud/drizzle.config.ts') and commit:"
  echo "$drift"
  exit 1
fi
echo "Migrations match the schema."
