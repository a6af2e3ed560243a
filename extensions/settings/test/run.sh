#!/usr/bin/env bash
# The settings extension's tests (scripts/test.sh runs this last): typecheck,
# build the bundle as the Shopify CLI would, then the node tests — model round
# trips, parity with the CLI (target/debug/checkout-guard), bundle size, and
# the browser scenarios in Debian's headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/../../.."

for package in preact @preact/signals @shopify/ui-extensions esbuild typescript playwright-core @types/node; do
  if [ ! -f "node_modules/$package/package.json" ]; then
    npm ci --no-audit --no-fund
    break
  fi
done
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM:-}" ]; then
  apt-get update && apt-get install -y chromium
fi
node_modules/.bin/tsc -p extensions/settings/tsconfig.json
node extensions/settings/test/build.mjs
node --test target/editor/tests/
