#!/usr/bin/env bash
# History scan benchmark: zkscan git vs the libgit2 floor (zkfloor, reading every object in
# object id order and in pack order) and vs `git log -p --all | rg` (how gitleaks and
# trufflehog read history).
#   bench/bench_git.sh [REPO]       (default: $ZKBENCH/history.git, generated if missing)
# See bench/README.md. Environment: ZKSCAN, ZKFLOOR, ZKBENCH, RUNS, THREADS (bench/lib.sh).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REPO=${1:-$ZKBENCH/history.git}
REPO=${REPO%/}
MANIFEST=$REPO.manifest.json
outside_repo "$REPO"
need_tool git rg python3
need_zkscan
need_zkfloor

if [ ! -d "$REPO" ]; then
  log "generating the history corpus in $REPO (several minutes)"
  python3 "$BENCH_DIR/gen_history.py" "$REPO"
fi
[ -f "$MANIFEST" ] || die "no manifest $MANIFEST (regenerate: bench/gen_history.py --force $REPO)"
warm_cache "$REPO"

REPORT=$OUT_DIR/git.json
log "correctness run: every planted key must be reported"
run_expect 1 "$ZKSCAN" git "$REPO" --threads "$THREADS" --format json --output "$REPORT"
check_report "$MANIFEST" "$REPORT"
log "zkfloor: $("$ZKFLOOR" "$REPO" "$THREADS")"

timeit --bench history-scan \
  --cmd "zkscan=$(q "$ZKSCAN" git "$REPO" --threads "$THREADS" --format json --output "$REPORT")" \
  --cmd "floor=$(q "$ZKFLOOR" "$REPO" "$THREADS" oid)" \
  --cmd "floor_pack=$(q "$ZKFLOOR" "$REPO" "$THREADS" pack)" \
  --cmd "gitlog_rg=$(q git -C "$REPO" --no-pager log -p --all) | $(q rg -c "$KEY_REGEX")" \
  --ok zkscan=1 --ratio zkscan/floor --ratio zkscan/floor_pack --ratio gitlog_rg/zkscan
check_report "$MANIFEST" "$REPORT"
