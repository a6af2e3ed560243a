#!/usr/bin/env bash
# The main job on bundled example data: builds the two function modules and
# the merchant CLI, then lints an example config and runs an example cart
# through both real modules (wasmtime, Shopify's instruction accounting).
# `bash scripts/demo.sh CONFIG CART` runs any config and cart instead.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "Installing the wasm32-wasip1 target (rustup)"
rustup target add wasm32-wasip1

step "Building the two function modules (profile 'function': size/speed, LTO; about a minute)"
cargo build --profile function --target wasm32-wasip1 --locked

# The CLI is built in the dev profile that `cargo test` uses too, so the test
# suite after the demo reuses this build of wasmtime instead of compiling it again.
step "Building the merchant CLI checkout-guard (compiles wasmtime once; a few minutes on a fresh machine)"
cargo build --locked -p checkout-guard-cli
cli=target/debug/checkout-guard

config=${1:-examples/storefront.json}
cart=${2:-examples/carts/storefront-both-breaches.json}
step "checkout-guard lint $config"
"$cli" lint "$config"

step "checkout-guard run --config $config --cart $cart"
# Exit 1 means the cart is blocked, which is what the bundled example shows:
# the order-limits function blocks the line over its limit, the address-rules
# function blocks the PO box.
"$cli" run --config "$config" --cart "$cart" || [ $? -eq 1 ]
