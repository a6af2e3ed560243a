#!/usr/bin/env bash
# The main job on bundled example data: builds the two function modules, then
# lints an example config and runs an example cart through both real modules
# (wasmtime, Shopify's instruction accounting) with the merchant CLI.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target add wasm32-wasip1
cargo build --release --target wasm32-wasip1 --locked
cargo build --release --locked -p checkout-guard-cli
cli=target/release/checkout-guard

config=${1:-examples/order-limits.json}
cart=${2:-examples/carts/order-limits-too-many.json}
echo "== checkout-guard lint $config"
"$cli" lint "$config"
echo
echo "== checkout-guard run --config $config --cart $cart"
# Exit 1 means the cart is blocked, which is what this example shows.
"$cli" run --config "$config" --cart "$cart" || [ $? -eq 1 ]
