#!/usr/bin/env bash
# Seeds fuzz/corpus/{input,config} from the fixtures and the hostile regressions:
# every fixture's input (and its config) plus every file under tests/hostile/.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/input corpus/config
python3 - <<'PY'
import glob, hashlib, json, os
for path in sorted(glob.glob("../tests/fixtures/*.json")):
    payload = json.load(open(path))["payload"]
    name = os.path.basename(path)
    data = json.dumps(payload["input"]).encode()
    open(f"corpus/input/{name}", "wb").write(data)
    config = (((payload["input"].get("validation") or {}).get("metafield") or {}).get("jsonValue"))
    if config is not None:
        open(f"corpus/config/{name}", "wb").write(json.dumps(config).encode())
PY
cp ../tests/hostile/input/* corpus/input/ 2>/dev/null || true
cp ../tests/hostile/config/* corpus/config/ 2>/dev/null || true
echo "corpus: $(ls corpus/input | wc -l) inputs, $(ls corpus/config | wc -l) configs"
