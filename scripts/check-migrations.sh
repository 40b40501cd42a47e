#!/usr/bin/env bash
# Fails when db/schema.ts and the committed migrations disagree: regenerates them and
# looks for any change, as the house rule says generated SQL is committed, never edited.
set -euo pipefail
cd "$(dirname "$0")/.."
drizzle-kit generate --name drift >/dev/null
drift="$(git status --porcelain -- db/migrations)"
if [ -n "$drift" ]; then
  echo "db/migrations is out of date with db/schema.ts. Run 'npm run db:generate' and commit:"
  echo "$drift"
  exit 1
fi
echo "Migrations match the schema."
