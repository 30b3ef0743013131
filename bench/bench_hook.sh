#!/usr/bin/env bash
# Pre-commit hook latency: the installed hook, run the way git runs it (`git hook run
# pre-commit`), against `git diff --cached --stat`, in a checkout of 4,000+ tracked files with
# a one-file staged change. Two cases: a clean change (what every commit pays) and a change
# that adds a key (the hook refuses it, exit 1).
#   bench/bench_hook.sh [CHECKOUT]   (default: $ZKBENCH/hook, created if missing)
# Environment: ZKSCAN, ZKBENCH, RUNS (default 11 here) (bench/lib.sh).
RUNS=${RUNS:-11}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CHECKOUT=${1:-$ZKBENCH/hook}
CHECKOUT=${CHECKOUT%/}
outside_repo "$CHECKOUT"
need_tool git python3
need_zkscan

# Every git command here runs on the benchmark checkout only, with fixed identity and dates;
# the hook must find zkscan through what `zkscan hook install` recorded, as in real use.
fixed_git_identity
unset ZKSCAN_RULES_DIR
g() { git -C "$CHECKOUT" "$@"; }

make_checkout "$CHECKOUT" 3
tracked=$(g ls-files | wc -l)
[ "$tracked" -ge 4000 ] || die "only $tracked tracked files in $CHECKOUT"
"$ZKSCAN" hook install --pre-commit --force "$CHECKOUT" >&2
target=$(g ls-files 'server/*.py' | sed -n 1p)
[ -n "$target" ] || die "no server/*.py file in $CHECKOUT"

# stage LINE: the one-file change, on top of a clean HEAD.
stage() {
  g reset -q --hard HEAD
  printf '%s\n' "$1" >>"$CHECKOUT/$target"
  g add -- "$target"
}

# timed CASE RC: the hook, zkscan git --staged on its own, and the git baseline.
timed() {
  local name=$1 rc=$2
  log "$tracked tracked files; staged: $(g diff --cached --stat | tail -n 1)"
  (cd "$CHECKOUT" && run_expect "$rc" git hook run pre-commit >"$OUT_DIR/hook-$name.txt" 2>&1)
  timeit --bench "hook-$name" --cwd "$CHECKOUT" \
    --cmd "zkscan_hook=$(q git hook run pre-commit)" \
    --cmd "zkscan_staged=$(q "$ZKSCAN" git --staged)" \
    --cmd "git_diff=$(q git diff --cached --stat)" \
    --ok "zkscan_hook=$rc" --ok "zkscan_staged=$rc" \
    --ratio zkscan_hook/git_diff --ratio zkscan_staged/git_diff
}

warm_cache "$CHECKOUT"
# Latencies this small are at the mercy of other load on the machine: say what it was.
log "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cpus"
stage 'ZIETT_TIMEOUT_SECONDS = 30'
timed clean 0
key=$(python3 -c "import random, sys; sys.path.insert(0, '$BENCH_DIR'); import corpus; print(corpus.make_key(random.Random('zkbench-hook'), 'live'))")
stage "ZIETT_FALLBACK_KEY = \"$key\""
timed key 1
g reset -q --hard HEAD
