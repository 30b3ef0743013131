#!/usr/bin/env python3
"""Time commands in alternation; print per-run times, medians, ratios and peak RSS.

    bench/timeit.py --bench NAME [--runs 5] [--cwd DIR] [--json FILE]
                    --cmd LABEL=COMMAND [--cmd LABEL=COMMAND ...]
                    [--ok LABEL=RC[,RC...]] [--ratio A/B ...]

Each run executes every command once, in the order given (A B C A B C ...), so that
drift in machine load affects all of them alike. COMMAND is a shell-quoted command
line; one containing a pipe or redirection runs under `bash -o pipefail -c`, anything
else is executed directly. stdout goes to /dev/null. Wall time comes from a monotonic
clock around fork/exec/wait; peak RSS is the command's maximum resident set size as
GNU time (/usr/bin/time -f %M) reports it, or wait4's ru_maxrss without it (for a
pipeline: the largest process in it, not the sum). CPU time (user+sys, the command and
its children) is printed too: on a shared machine it is steadier than wall time. An exit code outside --ok (default 0)
aborts the benchmark with the command's stderr.

--ratio A/B prints median(A)/median(B). A results table row (Markdown, columns of
bench/README.md) is printed for each ratio, and all numbers go to --json FILE.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def machine() -> str:
    model = platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / (1 << 20):.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cpu {model}{mem}"


def argv_for(cmd: str) -> list[str]:
    """Direct exec, unless the command line has an unquoted pipe, redirection or list."""
    lex = shlex.shlex(cmd, posix=True, punctuation_chars=True)
    lex.whitespace_split = True
    if any(tok and set(tok) <= set("|&;<>()") for tok in lex):
        return ["bash", "-o", "pipefail", "-c", cmd]
    return shlex.split(cmd)


def run_once(label: str, cmd: str, cwd: str | None, ok: set[int]) -> tuple[float, float, int]:
    """(wall seconds, user+sys CPU seconds, peak RSS KiB) of one run."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss_file:
        argv = argv_for(cmd)
        if GNU_TIME:
            # ru_maxrss of a child forked from Python includes Python's own pages (Linux keeps
            # the pre-exec high-water mark), so a small forking parent measures RSS instead.
            argv = [GNU_TIME, "-f", "%M", "-o", rss_file.name, "--", *argv]
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        rc = proc.returncode = os.waitstatus_to_exitcode(status)
        if rc not in ok:
            err.seek(0)
            tail = err.read()[-4000:].decode(errors="replace")
            sys.exit(f"timeit: {label} exited {rc} (allowed: {sorted(ok)}): {cmd}\n{tail}")
        maxrss = ru.ru_maxrss
        if GNU_TIME:
            lines = rss_file.read().split()
            maxrss = int(lines[-1]) if lines and lines[-1].isdigit() else maxrss
    return wall, ru.ru_utime + ru.ru_stime, maxrss


def fmt_rss(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", required=True)
    ap.add_argument("--runs", type=int, default=int(os.environ.get("RUNS", "5")))
    ap.add_argument("--cwd")
    ap.add_argument("--json")
    ap.add_argument("--cmd", action="append", required=True, metavar="LABEL=COMMAND")
    ap.add_argument("--ok", action="append", default=[], metavar="LABEL=RC,...")
    ap.add_argument("--ratio", action="append", default=[], metavar="A/B")
    args = ap.parse_args()

    cmds: dict[str, str] = {}
    for c in args.cmd:
        label, _, cmd = c.partition("=")
        cmds[label] = cmd
    ok = {label: {0} for label in cmds}
    for o in args.ok:
        label, _, rcs = o.partition("=")
        ok[label] = {int(x) for x in rcs.split(",")}
    times: dict[str, list[float]] = {label: [] for label in cmds}
    cpu: dict[str, list[float]] = {label: [] for label in cmds}
    rss: dict[str, list[int]] = {label: [] for label in cmds}

    width = max(len(label) for label in cmds)
    load = os.getloadavg()[0]
    print(f"{args.bench}: {args.runs} alternating runs of: {', '.join(cmds)} (load average {load:.2f})")
    for label, cmd in cmds.items():
        print(f"  {label:<{width}}  {cmd}")
    for run in range(1, args.runs + 1):
        cells = []
        for label, cmd in cmds.items():
            wall, cpu_s, maxrss = run_once(label, cmd, args.cwd, ok[label])
            times[label].append(wall)
            cpu[label].append(cpu_s)
            rss[label].append(maxrss)
            cells.append(f"{label} {wall:8.3f}s (cpu {cpu_s:7.3f}s) {fmt_rss(maxrss):>8}")
        print(f"  run {run:2d}:  " + "   ".join(cells), flush=True)

    med = {label: statistics.median(v) for label, v in times.items()}
    peak = {label: max(v) for label, v in rss.items()}
    print("medians:")
    for label in cmds:
        print(f"  {label:<{width}}  {med[label]:8.3f}s  (min {min(times[label]):.3f}, max {max(times[label]):.3f})"
              f"  cpu {statistics.median(cpu[label]):.3f}s  peak RSS {fmt_rss(peak[label])}")
    ratios = {}
    date = datetime.date.today().isoformat()
    mach = machine()
    rows = []
    for r in args.ratio:
        a, _, b = r.partition("/")
        ratios[r] = med[a] / med[b] if med[b] > 0 else float("inf")
        print(f"ratio {a}/{b} = {ratios[r]:.2f}")
        # The zkscan side's peak RSS goes in the table.
        z = a if a.startswith("zkscan") else b
        base = b if z == a else a
        rows.append(f"| {date} | {mach} | {args.bench} ({a}/{b}) | {med[z]:.3f} s | {base} {med[base]:.3f} s "
                    f"| {ratios[r]:.2f} | {fmt_rss(peak[z])} |")
    if rows:
        print("results table rows (bench/README.md):")
        for row in rows:
            print(row)
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as f:
            json.dump({"bench": args.bench, "date": date, "machine": mach, "runs": args.runs, "commands": cmds,
                       "load_average": load, "seconds": times, "cpu_seconds": cpu, "median_seconds": med,
                       "max_rss_kib": peak, "ratios": ratios}, f, indent=2)
            f.write("\n")
        print(f"results: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
