#!/bin/sh
# Installs what the project needs on a fresh machine: npm packages (from the lock file) and the Prisma client.
set -eu
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
fi
if [ ! -f src/generated/prisma/client.ts ] || [ prisma/schema.prisma -nt src/generated/prisma/client.ts ]; then
  echo "==> prisma generate"
  npm run --silent generate >/dev/null
fi
