#!/bin/sh
# The whole "run it" path on a fresh clone: install, build, migrate the embedded database, seed the demo
# organiser, serve on PORT (default 3000). DATABASE_URL=postgresql://… runs it on PostgreSQL instead.
set -eu
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
sh scripts/ensure-deps.sh
PORT="${PORT:-3000}"
export NEXTAUTH_URL="${NEXTAUTH_URL:-http://localhost:$PORT}"
if [ -z "${NEXTAUTH_SECRET:-}" ]; then
  # A stable secret per install, kept beside the embedded data (never committed).
  mkdir -p .data
  [ -f .data/nextauth-secret ] || node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))" > .data/nextauth-secret
  NEXTAUTH_SECRET="$(cat .data/nextauth-secret)"
  export NEXTAUTH_SECRET
fi
echo "==> next build"
npx next build >/dev/null
echo "==> migrate"
npm run --silent db:migrate
echo "==> seed"
npm run --silent seed
echo "==> serving on $NEXTAUTH_URL  (API reference: $NEXTAUTH_URL/docs/api)"
exec node scripts/serve.mjs -p "$PORT"
