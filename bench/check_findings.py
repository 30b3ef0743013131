#!/usr/bin/env python3
"""Check a zkscan JSON report against a corpus manifest.

    bench/check_findings.py MANIFEST REPORT [--exact]

Fails (exit 1) when a planted key of the manifest has no finding with its fingerprint,
or when the report is not a zkscan JSON report. Findings whose fingerprint is not
planted are reported as warnings (placeholders are named as such), or fail with
--exact. Non-empty "errors" in the report are printed as warnings.
"""

from __future__ import annotations

import argparse
import json
import sys


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("manifest")
    ap.add_argument("report")
    ap.add_argument("--exact", action="store_true", help="unexpected findings are an error too")
    args = ap.parse_args()

    with open(args.manifest) as f:
        manifest = json.load(f)
    try:
        with open(args.report) as f:
            report = json.load(f)
        findings = report["findings"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"check: FAIL: {args.report} is not a zkscan JSON report: {e}", file=sys.stderr)
        return 1

    by_fp: dict[str, list[dict]] = {}
    for fd in findings:
        by_fp.setdefault(fd.get("fingerprint", ""), []).append(fd)
    planted = manifest["keys"]
    placeholder_fps = {p["fingerprint"]: p for p in manifest.get("placeholders", [])}
    planted_fps = {k["fingerprint"] for k in planted}

    missing = []
    for k in planted:
        hits = by_fp.get(k["fingerprint"], [])
        if not hits:
            missing.append(k)
            continue
        paths = sorted({h.get("path") or "" for h in hits})
        if k.get("path") and k["path"] not in paths:
            print(f"check: warning: {k['id']} ({k['secret']}) found, but at {paths}, not at {k['path']}",
                  file=sys.stderr)
    unexpected = [fd for fp, fds in by_fp.items() if fp not in planted_fps for fd in fds]
    for fd in unexpected:
        what = "placeholder reported as a finding" if fd.get("fingerprint") in placeholder_fps else "unexpected finding"
        print(f"check: {'FAIL' if args.exact else 'warning'}: {what}: {fd.get('secret')} at {fd.get('path')}"
              f" {fd.get('commit', '')}".rstrip(), file=sys.stderr)
    for e in report.get("errors") or []:
        print(f"check: warning: report error: {e}", file=sys.stderr)

    if missing:
        print(f"check: FAIL: {len(missing)} of {len(planted)} planted keys not found in {args.report}:",
              file=sys.stderr)
        for k in missing:
            where = k.get("path") or "(commit message)"
            print(f"  - {k['id']}: {k['secret']} {where} {k.get('commit') or ''} {k.get('note') or ''}".rstrip(),
                  file=sys.stderr)
        return 1
    if args.exact and unexpected:
        return 1
    print(f"check: all {len(planted)} planted keys found ({len(findings)} findings, "
          f"{len(by_fp)} distinct fingerprints, {len(unexpected)} unexpected)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
