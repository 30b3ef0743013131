#!/usr/bin/env python3
"""A real front-end dependency tree for `zkscan scan` benchmarks: npm installs a fixed set of
web packages (React/Next.js, MUI, Angular, three.js, Monaco, pdf.js, Firebase, the AWS SDK,
webpack, Babel, ESLint …: minified bundles and source maps), then plants a few keys.

    bench/gen_webapp.py OUTDIR [--seed 1]

OUTDIR/node_modules is installed once from the npm registry (the versions npm resolves on
that day: the corpus is real, not byte-for-byte reproducible); keys are planted
deterministically, and OUTDIR.manifest.json lists them as gen_tree.py's manifests do.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import string
import subprocess
import sys

PACKAGES = [
    "next@14", "react@18", "react-dom@18", "typescript@5", "@mui/material@5", "@mui/icons-material@5",
    "@emotion/react@11", "@emotion/styled@11", "webpack@5", "webpack-cli@5", "firebase@10",
    "aws-sdk@2", "lodash@4", "moment@2", "rxjs@7", "@angular/core@17", "@angular/common@17",
    "three@0.160", "monaco-editor@0.45", "pdfjs-dist@4", "@babel/core@7", "eslint@8",
]
KEY_RE = re.compile(rb"zk_(live|test)_[A-Za-z0-9]{28}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    out = os.path.abspath(args.outdir.rstrip("/"))
    os.makedirs(out, exist_ok=True)
    if not os.path.isdir(os.path.join(out, "node_modules")):
        with open(os.path.join(out, "package.json"), "w") as f:
            json.dump({"name": "zkbench-webapp", "version": "1.0.0", "private": True}, f)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", *PACKAGES],
                       cwd=out, check=True)

    rng = random.Random(args.seed)
    body = lambda: "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(28))  # noqa: E731
    # The largest minified bundle, the largest source map, and a package's plain source.
    files = []
    for root, _, names in os.walk(os.path.join(out, "node_modules")):
        for n in names:
            p = os.path.join(root, n)
            if not os.path.islink(p):
                files.append((os.path.getsize(p), os.path.relpath(p, out)))
    files.sort(reverse=True)
    bundle = next(p for _, p in files if p.endswith(".min.js"))
    srcmap = next(p for _, p in files if p.endswith(".js.map"))
    plain = sorted(p for _, p in files if p.endswith("/lib/index.js"))[0]
    plants = [("bundle-end", bundle, "live", "frontend"), ("sourcemap", srcmap, "test", "frontend"),
              ("node-lib", plain, "live", "other")]
    keys = []
    for ident, rel, env, cls in plants:
        secret = f"zk_{env}_{body()}"
        path = os.path.join(out, rel)
        with open(path, "rb") as f:
            data = f.read()
        if secret.encode() not in data:
            with open(path, "ab") as f:
                f.write(f'\n;var __zk="{secret}";\n'.encode())
        keys.append({"id": ident, "path": rel, "environment": env, "path_class": cls,
                     "secret": secret[:8] + "****" + secret[-4:],
                     "fingerprint": hashlib.sha256(secret.encode()).hexdigest()})
    raw = 0
    for _, rel in files:
        with open(os.path.join(out, rel), "rb") as f:
            raw += len(KEY_RE.findall(f.read()))
    manifest = {"corpus": "webapp", "generator": "bench/gen_webapp.py", "packages": PACKAGES,
                "files": len(files), "bytes": sum(s for s, _ in files), "keys": keys,
                "placeholders": [], "raw_regex_matches": raw}
    with open(out + ".manifest.json", "w") as f:
        json.dump(manifest, f, indent=2)
    print(f"gen_webapp: {len(files)} files, {manifest['bytes']} bytes, {len(keys)} keys -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
