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

# The fixture as `cargo test --workspace` (scripts/test.sh) already built it:
# `cargo build -p … --example` would resolve other features and compile
# half the dependencies again (~1.5 min on CI). `--no-run` rebuilds nothing
# and names the executable.
HOME_FIXTURE=$(cargo test --workspace --locked --no-run --message-format=json 2>/dev/null |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const l of s.split("\n")){if(!l)continue;const m=JSON.parse(l);if(m.reason==="compiler-artifact"&&m.target.name==="home_fixture"&&m.executable){console.log(m.executable);return}}process.exit(1)})')
export HOME_FIXTURE
node --test server/test/home.test.mjs

# The integration tests against PostgreSQL (scripts/with-postgres.sh starts
# a throwaway server on a local port and exports DATABASE_URL).
# `--workspace` (only the server has these test targets) keeps the feature
# resolution of scripts/test.sh's build, so nothing is compiled again.
bash scripts/with-postgres.sh bash -c 'TEST_DATABASE_URL="$DATABASE_URL" cargo test --workspace --locked --test server --test regressions'
