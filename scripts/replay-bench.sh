#!/usr/bin/env bash
# Impact-preview benchmark (not a test): generated exports of 10,000 and
# 100,000 orders (~2.5 rows each) replayed natively on one core and through
# the real wasm modules on every core; wall time and peak RSS of each run.
# Needs the modules (`cargo build --profile function --target wasm32-wasip1`)
# and GNU time (/usr/bin/time). Files go to target/replay-bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/replay-bench
config=${CONFIG:-cli/tests/data/replay-config.json}
cargo build --release -q -p checkout-guard-cli -p checkout-guard-replay --examples --bins
cli=target/release/checkout-guard
for n in 10000 100000; do
  [ -f "$out/$n/orders.csv" ] || target/release/examples/write_exports "$n" "$out/$n"
done
ls -l "$out"/*/orders.csv
run() { # label, then the command
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %U s user + %S s sys, %M KB peak RSS" "$@" > "$out/last.txt"
}
for n in 10000 100000; do
  common=(replay --config "$config" --orders "$out/$n/orders.csv" --products "$out/$n/products.csv"
          --delivery-method "Standard Shipping=SHIPPING" --delivery-method "Express=SHIPPING"
          --delivery-method "Local Pickup=PICK_UP")
  run "native, 1 core, $n orders" taskset -c 0 "$cli" "${common[@]}" --native --jobs 1
  run "wasm, $(nproc) cores, $n orders" "$cli" "${common[@]}"
  tail -n 3 "$out/last.txt"
done
