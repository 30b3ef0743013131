#!/usr/bin/env bash
# Pre-commit benchmark: `zkscan git --staged` vs `git diff --cached --stat` in a checkout
# of 4,000+ tracked files with a one-file staged change (what the pre-commit hook runs).
#   bench/bench_staged.sh [CHECKOUT]   (default: $ZKBENCH/staged, created if missing)
# See bench/README.md. Environment: ZKSCAN, ZKBENCH, RUNS (default 21 here) (bench/lib.sh).
RUNS=${RUNS:-21}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CHECKOUT=${1:-$ZKBENCH/staged}
CHECKOUT=${CHECKOUT%/}
KEYS=$CHECKOUT.staged.json
outside_repo "$CHECKOUT"
need_tool git python3
need_zkscan

# Every git command here runs on the benchmark checkout only, with fixed identity and dates.
fixed_git_identity
g() { git -C "$CHECKOUT" "$@"; }

make_checkout "$CHECKOUT" 2
tracked=$(g ls-files | wc -l)
[ "$tracked" -ge 4000 ] || die "only $tracked tracked files in $CHECKOUT"

# The staged change: one line with a new key appended to one server file.
g reset -q --hard HEAD
target=$(g ls-files 'server/*.py' | sed -n 1p)  # not head: SIGPIPE + pipefail
[ -n "$target" ] || die "no server/*.py file in $CHECKOUT"
python3 - "$BENCH_DIR" "$CHECKOUT" "$target" "$KEYS" <<'EOF'
import json, random, sys
sys.path.insert(0, sys.argv[1])
import corpus
checkout, target, keys_path = sys.argv[2:5]
key = corpus.make_key(random.Random("zkbench-staged"), "live")
with open(f"{checkout}/{target}", "a") as f:
    f.write(f'ZIETT_FALLBACK_KEY = "{key}"\n')
with open(keys_path, "w") as f:
    json.dump({"corpus": "staged", "keys": [{"id": "staged", "path": target, "environment": "live",
               "secret": corpus.redact(key), "fingerprint": corpus.fingerprint(key)}]}, f, indent=2)
EOF
g add -- "$target"
log "$tracked tracked files; staged: $(g diff --cached --stat | tail -n 1)"
warm_cache "$CHECKOUT"

REPORT=$OUT_DIR/staged.json
log "correctness run: exactly the staged key must be reported (not the keys already in HEAD)"
(cd "$CHECKOUT" && run_expect 1 "$ZKSCAN" git --staged --format json --output "$REPORT")
check_report "$KEYS" "$REPORT" --exact

timeit --bench staged --cwd "$CHECKOUT" \
  --cmd "zkscan=$(q "$ZKSCAN" git --staged)" \
  --cmd "git_diff=$(q git diff --cached --stat)" \
  --ok zkscan=1 --ratio zkscan/git_diff
