#!/usr/bin/env bash
# Worktree scan benchmark: zkscan scan vs ripgrep on the generated source tree.
#   bench/bench_scan.sh [TREE]      (default: $ZKBENCH/tree, generated if missing)
# See bench/README.md. Environment: ZKSCAN, ZKBENCH, RUNS, THREADS (bench/lib.sh).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TREE=${1:-$ZKBENCH/tree}
TREE=${TREE%/}
MANIFEST=$(dirname "$TREE")/$(basename "$TREE").manifest.json
outside_repo "$TREE"
need_tool rg python3
need_zkscan

if [ ! -d "$TREE" ]; then
  log "generating the tree corpus in $TREE"
  python3 "$BENCH_DIR/gen_tree.py" "$TREE"
fi
[ -f "$MANIFEST" ] || die "no manifest $MANIFEST (regenerate: bench/gen_tree.py --force $TREE)"
warm_cache "$TREE"

REPORT=$OUT_DIR/scan.json
log "correctness run: every planted key must be reported"
run_expect 1 "$ZKSCAN" scan "$TREE" --threads "$THREADS" --format json --output "$REPORT"
check_report "$MANIFEST" "$REPORT"
raw=$(rg -uuu -j"$THREADS" -c --no-filename "$KEY_REGEX" "$TREE" | awk '{n += $1} END {print n + 0}')
want=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["raw_regex_matches"])' "$MANIFEST")
[ "$raw" -eq "$want" ] || log "warning: rg matches $raw raw key strings, the manifest expects $want"

timeit --bench tree-scan \
  --cmd "zkscan=$(q "$ZKSCAN" scan "$TREE" --threads "$THREADS" --format json --output "$REPORT")" \
  --cmd "rg=$(q rg -uuu -j"$THREADS" -c "$KEY_REGEX" "$TREE")" \
  --ok zkscan=1 --ratio zkscan/rg
check_report "$MANIFEST" "$REPORT"
