#!/usr/bin/env bash
# Lighthouse (mobile preset, Debian's Chromium) on the Level 0 pages of a running app:
#   end2end/bench/lighthouse.sh http://127.0.0.1:3000
# Prints the four category scores, LCP, TBT and the bytes transferred per page. Lighthouse
# comes from the npm registry (npx cache); no browser is downloaded.
set -euo pipefail
BASE="${1:-http://127.0.0.1:3000}"
OUT="$(mktemp -d)"
for path in "/" "/busca?q=nota%20fiscal" "/faq/quando-ligar" "/entrar"; do
  CHROME_PATH=/usr/bin/chromium npx --yes lighthouse@13.5.0 "$BASE$path" --quiet \
    --chrome-flags="--headless=new --no-sandbox" --output=json --output-path="$OUT/r.json" >/dev/null 2>&1
  python3 - "$path" "$OUT/r.json" <<'PY'
import json, sys
path, file = sys.argv[1], sys.argv[2]
d = json.load(open(file))
c, a = d["categories"], d["audits"]
scores = " ".join(f"{k} {round(v['score'] * 100)}" for k, v in c.items()
                  if k in ("performance", "accessibility", "best-practices", "seo"))
print(f"{path:28} {scores} | LCP {a['largest-contentful-paint']['displayValue']}"
      f" TBT {a['total-blocking-time']['displayValue']}"
      f" | loaded {a['total-byte-weight']['numericValue'] / 1000:.0f} KB")
PY
done
