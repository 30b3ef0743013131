# shellcheck shell=bash
# Shared helpers for bench_scan.sh, bench_git.sh and bench_staged.sh (sourced, not run).
#
# Environment (all optional):
#   ZKSCAN    zkscan binary            (default: <repo>/build/zkscan)
#   ZKFLOOR   zkfloor binary           (default: <repo>/build/bench/zkfloor, built if missing)
#   ZKBENCH   corpora and results dir  (default: /tmp/zkbench; never inside the repository)
#   RUNS      timed runs per command   (default: 5; bench_staged.sh: 21)
#   THREADS   --threads for zkscan and zkfloor (default: 2)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$BENCH_DIR/.." && pwd)
ZKSCAN=${ZKSCAN:-$REPO_ROOT/build/zkscan}
ZKBENCH=${ZKBENCH:-/tmp/zkbench}
RUNS=${RUNS:-5}
THREADS=${THREADS:-2}
OUT_DIR=$ZKBENCH/out
RESULTS_DIR=$ZKBENCH/results
# The raw key regex without boundaries, as a baseline grep would use it.
# shellcheck disable=SC2034  # used by the scripts that source this file
KEY_REGEX='zk_(live|test)_[A-Za-z0-9]{28}'
export PYTHONDONTWRITEBYTECODE=1

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

need_tool() {
  local t
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || die "$t is not installed"; done
}

need_zkscan() {
  [ -x "$ZKSCAN" ] || die "zkscan not found at $ZKSCAN (build it: cmake -S . -B build && cmake --build build, or set ZKSCAN)"
}

# Resolves ZKFLOOR: $ZKFLOOR, else build/bench/zkfloor of the top-level build, else bench/
# built standalone into $ZKBENCH/floorbuild (kept up to date with floor.cpp).
need_zkfloor() {
  if [ -z "${ZKFLOOR:-}" ]; then
    ZKFLOOR=$REPO_ROOT/build/bench/zkfloor
    if [ ! -x "$ZKFLOOR" ]; then
      ZKFLOOR=$ZKBENCH/floorbuild/zkfloor
      log "building zkfloor in $ZKBENCH/floorbuild"
      cmake -S "$BENCH_DIR" -B "$ZKBENCH/floorbuild" -DCMAKE_BUILD_TYPE=Release >/dev/null
      cmake --build "$ZKBENCH/floorbuild" >/dev/null
    fi
  fi
  [ -x "$ZKFLOOR" ] || die "zkfloor not found at $ZKFLOOR"
}

# A corpus path must not be inside the repository (the scanner's own tests and hooks
# would find the planted keys).
outside_repo() {
  local p
  p=$(realpath -m "$1")
  case "$p/" in "$REPO_ROOT"/*) die "$1 is inside the repository; use a path under /tmp" ;; esac
}

# Reads every file under the given paths once so that timed runs hit the page cache.
warm_cache() {
  log "warming the page cache: $*"
  find "$@" -type f -print0 | xargs -0 cat >/dev/null
}

# q ARGS...: the arguments as one shell-quoted string (for timeit.py --cmd).
q() { printf '%q ' "$@"; }

# run_expect RC CMD...: run once (untimed), fail unless the exit code is RC.
run_expect() {
  local want=$1 rc=0
  shift
  "$@" || rc=$?
  [ "$rc" -eq "$want" ] || die "expected exit $want, got $rc: $*"
}

# check_report MANIFEST REPORT [--exact]: every planted key must be in the report.
check_report() {
  python3 "$BENCH_DIR/check_findings.py" "$@" || die "zkscan missed planted keys (see above)"
}

# timeit --bench NAME --cmd LABEL=CMD ... [--ok LABEL=RC] [--ratio A/B] ...: alternating
# timed runs (--bench NAME must come first); results also go to $RESULTS_DIR/NAME-<date>.json.
timeit() {
  [ "$1" = --bench ] || die "timeit: --bench NAME must come first"
  local name=$2
  mkdir -p "$RESULTS_DIR"
  python3 "$BENCH_DIR/timeit.py" --runs "$RUNS" \
    --json "$RESULTS_DIR/$name-$(date +%Y%m%d-%H%M%S).json" "$@"
}

mkdir -p "$OUT_DIR"

# git commands of a benchmark run with no system or user configuration, a fixed identity and
# fixed dates, so commit ids are the same on every run.
fixed_git_identity() {
  export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
  export GIT_AUTHOR_NAME="Ana Souza" GIT_AUTHOR_EMAIL=ana.souza@acme.example
  export GIT_COMMITTER_NAME="Ana Souza" GIT_COMMITTER_EMAIL=ana.souza@acme.example
  export GIT_AUTHOR_DATE="1700000000 +0000" GIT_COMMITTER_DATE="1700000000 +0000"
}

# A committed checkout of 4,500 generated source files at DIR (gen_tree.py with SEED), made
# once; the hook and staged benchmarks stage their one-file change on top of it.
make_checkout() {
  local dir=$1 seed=$2
  [ -d "$dir/.git" ] && return 0
  [ ! -e "$dir" ] || die "$dir exists but is not a git checkout; remove it"
  log "creating the checkout $dir"
  python3 "$BENCH_DIR/gen_tree.py" "$dir" --files 4500 --size-mb 60 --no-large --seed "$seed"
  git -C "$dir" init -q --initial-branch=main
  git -C "$dir" add -A
  git -C "$dir" commit -q --no-verify -m "Initial import"
}
