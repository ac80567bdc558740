#!/bin/sh
# The whole test suite, as CI runs it: install, typecheck + lint, build, unit tests, API tests over HTTP on
# the embedded database and on PostgreSQL, then Playwright end-to-end tests in Debian's Chromium.
set -eu
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
sh scripts/ensure-deps.sh
# Debian packages the tests use: Chromium (end-to-end), xmllint (GPX output is checked by a real XML parser)
# and nginx (deploy/nginx.conf in front of three instances; the tests run it privately, never the service).
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v xmllint >/dev/null 2>&1 || missing="$missing libxml2-utils"
[ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
if [ -n "$missing" ]; then
  echo "==> installing Debian packages:$missing"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
echo "==> check (typecheck + lint)"
npm run --silent check
echo "==> build"
npx next build >/dev/null
echo "==> unit tests"
npx vitest run src
echo "==> API tests on the embedded database (PGlite)"
TEST_DB=embedded npx vitest run -c vitest.api.config.ts
echo "==> API tests on PostgreSQL"
TEST_DB=postgres npx vitest run -c vitest.api.config.ts
if [ -d e2e ] && ls e2e/*.spec.ts >/dev/null 2>&1; then
  echo "==> end-to-end tests (Playwright, Chromium)"
  npx playwright test
fi
echo "==> all tests passed"
