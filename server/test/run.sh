#!/usr/bin/env bash
# The app server's tests beyond `cargo test` (scripts/test.sh runs this):
# the whole integration suite again on a real PostgreSQL server, the app
# home in Debian's headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -f node_modules/playwright-core/package.json ]; then
  npm ci --no-audit --no-fund
fi
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM:-}" ]; then
  apt-get update && apt-get install -y chromium
fi

cargo build -p checkout-guard-server --example home_fixture --locked
node --test server/test/home.test.mjs

# The integration tests against PostgreSQL (scripts/with-postgres.sh starts
# a throwaway server on a local port and exports DATABASE_URL).
bash scripts/with-postgres.sh bash -c 'TEST_DATABASE_URL="$DATABASE_URL" cargo test -p checkout-guard-server --locked --test server --test regressions'
