#!/usr/bin/env python3
"""Generate the worktree benchmark corpus: a deterministic, realistic-looking source tree.

    bench/gen_tree.py OUTDIR [--size-mb 520] [--files 21000] [--seed 1] [--no-large] [--force]

Many small source files in many languages spread over a monorepo-like layout (web/,
server/, services/, android/, ios/, node_modules/, vendor/, tests/, dist/ ...), a few
large single-line minified bundles and source maps, some binary assets, and a handful of
planted keys. The manifest of planted keys goes to OUTDIR/../<name>.manifest.json,
outside the tree so that it is not scanned itself.

Same arguments, same bytes: everything comes from random.Random(seed).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402
from corpus import Words, TextFactory  # noqa: E402

MiB = 1 << 20

# ---------------------------------------------------------------------------------------
# Layout: areas of the monorepo, each with a weight (share of the small files), a way to
# make directories and a distribution of extensions.


def _pick(rng: random.Random, table: list[tuple[str, float]]) -> str:
    names = [n for n, _ in table]
    weights = [w for _, w in table]
    return rng.choices(names, weights)[0]


def dirs_node_modules(wd: Words) -> str:
    r = wd.rng
    pkg = wd.kebab(r.randint(1, 2))
    if r.random() < 0.25:
        pkg = f"@{wd.w()}/{pkg}"
    base = f"node_modules/{pkg}"
    if r.random() < 0.2:
        base += f"/node_modules/{wd.kebab(r.randint(1, 2))}"
    return base + "/" + r.choice(["lib", "dist", "esm", "cjs", "src", "types", "lib/internal", "dist/umd", "build"])


def dirs_web(wd: Words) -> str:
    r = wd.rng
    return r.choice([
        f"web/src/components/{wd.pascal(r.randint(1, 2))}",
        f"web/src/pages/{wd.kebab(1)}", "web/src/hooks", f"web/src/lib/{wd.w()}",
        f"web/src/store/{wd.w()}", "web/src/styles", f"web/public/{wd.w()}",
        f"web/src/features/{wd.kebab(1)}/{r.choice(['components', 'api', 'utils'])}",
        "web/dist/assets", f"web/src/__tests__/{wd.w()}",
        f"apps/admin/src/{r.choice(['components', 'views', 'routes'])}/{wd.pascal(1)}",
    ])


def dirs_server(wd: Words) -> str:
    r = wd.rng
    return r.choice([
        f"server/{wd.snake(1)}", f"server/{wd.snake(1)}/{wd.snake(1)}", f"server/api/{wd.w()}",
        f"server/internal/{wd.w()}", f"server/cmd/{wd.kebab(1)}", "server/migrations",
        f"backend/app/{wd.snake(1)}", f"functions/{wd.kebab(1)}",
    ])


def dirs_jvm(wd: Words) -> str:
    r = wd.rng
    svc = wd.w()
    kind = "test" if r.random() < 0.2 else "main"
    return f"services/{svc}-service/src/{kind}/java/com/acme/{svc}/{wd.w()}"


def dirs_android(wd: Words) -> str:
    r = wd.rng
    return r.choice([
        f"android/app/src/main/java/com/acme/app/{wd.w()}", f"android/app/src/main/res/{r.choice(['values', 'layout', 'drawable'])}",
        f"android/{wd.w()}/src/main/kotlin/com/acme/{wd.w()}", f"android/app/src/test/java/com/acme/app/{wd.w()}",
    ])


def dirs_ios(wd: Words) -> str:
    r = wd.rng
    return r.choice([f"ios/Acme/{wd.pascal(1)}", f"ios/Acme/{wd.pascal(1)}/{wd.pascal(1)}", "ios/AcmeTests",
                     f"ios/Pods/{wd.pascal(1)}/Sources"])


def dirs_tests(wd: Words) -> str:
    r = wd.rng
    return r.choice([f"tests/{wd.snake(1)}", f"tests/e2e/{wd.kebab(1)}", f"tests/fixtures/{wd.w()}",
                     f"spec/{wd.w()}", f"test/integration/{wd.w()}"])


def dirs_misc(wd: Words) -> str:
    r = wd.rng
    return r.choice([f"crates/{wd.kebab(1)}/src", f"native/{wd.snake(1)}/src", f"native/{wd.snake(1)}/include",
                     f"vendor/{wd.kebab(1)}/{wd.kebab(1)}/src", f"gems/{wd.snake(1)}/lib", f"tools/{wd.kebab(1)}",
                     f"infra/{wd.kebab(1)}", f"deploy/k8s/{wd.kebab(1)}"])


def dirs_docs(wd: Words) -> str:
    return wd.rng.choice([f"docs/{wd.kebab(1)}", f"docs/{wd.kebab(1)}/{wd.kebab(1)}", "docs", "docs/adr"])


def dirs_dist(wd: Words) -> str:
    return wd.rng.choice(["dist", "dist/assets", f"dist/{wd.w()}", "build/static/js", "build/static/css"])


AREAS = [
    ("node_modules", 0.34, dirs_node_modules,
     [("js", 50), ("d.ts", 14), ("mjs", 5), ("cjs", 4), ("json", 5), ("md", 5), ("map", 4), ("ts", 5), ("txt", 2)]),
    ("web", 0.17, dirs_web,
     [("tsx", 30), ("ts", 20), ("jsx", 10), ("js", 10), ("css", 8), ("scss", 5), ("json", 4), ("html", 3),
      ("svg", 3), ("vue", 3), ("md", 2), ("map", 2)]),
    ("server", 0.12, dirs_server, [("py", 40), ("go", 35), ("sql", 6), ("yaml", 6), ("json", 5), ("md", 4), ("sh", 4)]),
    ("jvm", 0.07, dirs_jvm, [("java", 75), ("kt", 20), ("xml", 5)]),
    ("android", 0.06, dirs_android, [("kt", 55), ("java", 25), ("xml", 20)]),
    ("ios", 0.05, dirs_ios, [("swift", 65), ("m", 12), ("h", 15), ("plist", 8)]),
    ("tests", 0.05, dirs_tests, [("py", 35), ("ts", 30), ("json", 20), ("rb", 10), ("yaml", 5)]),
    ("misc", 0.08, dirs_misc, [("rs", 25), ("c", 20), ("h", 12), ("php", 20), ("rb", 13), ("toml", 5), ("sh", 5)]),
    ("docs", 0.03, dirs_docs, [("md", 85), ("mdx", 5), ("rst", 5), ("txt", 5)]),
    ("dist", 0.03, dirs_dist, [("js", 60), ("css", 20), ("map", 15), ("html", 5)]),
]
BINARY_EXTS = [("png", b"\x89PNG\r\n\x1a\n"), ("jpg", b"\xff\xd8\xff\xe0"), ("woff2", b"wOF2"),
               ("ico", b"\x00\x00\x01\x00"), ("jar", b"PK\x03\x04")]
DOTFILES = [".eslintrc.json", ".prettierrc", ".editorconfig", ".github/workflows/ci.yml",
            ".github/workflows/release.yml"]
# Fixed-content files: ignore rules that keep every generated file trackable (bench_staged.sh
# commits the tree), and an env template without a key.
FIXED = {
    ".gitignore": "# local state\n.env\n.env.local\n*.log\n.DS_Store\ncoverage/\n.idea/\n",
    "web/.gitignore": ".next/\n.vercel/\n*.tsbuildinfo\n",
    "android/.gitignore": "*.iml\n.gradle/\nlocal.properties\n/captures\n",
    ".env.example": "# copy to .env and fill in\nZIETT_API_KEY=\nDATABASE_URL=postgres://localhost:5432/acme\n",
}

# The large files: (path, share of the default 520 MB, kind). Scaled with --size-mb.
LARGE = [
    ("web/dist/assets/vendor.8f3a1c2e.min.js", 34 * MiB, "min"),
    ("web/dist/assets/app.5d09e4b1.min.js", 24 * MiB, "min"),
    ("web/dist/assets/app.5d09e4b1.min.js.map", 30 * MiB, "map"),
    ("android/app/src/main/assets/index.android.bundle", 18 * MiB, "rn"),
    ("server/db/seed/catalog.sql", 12 * MiB, "sql"),
]


# ---------------------------------------------------------------------------------------

def plan_small_files(rng: random.Random, wd: Words, n_files: int) -> list[tuple[str, str]]:
    """(path, ext) for n_files small files, unique paths, realistic directory sharing."""
    area_w = [a[1] for a in AREAS]
    # Directories per area are drawn once, then files land in them (6-12 files a dir).
    dir_pool: dict[str, list[str]] = {a[0]: [] for a in AREAS}
    used: set[str] = set()
    out: list[tuple[str, str]] = []
    while len(out) < n_files:
        area = rng.choices(AREAS, area_w)[0]
        pool = dir_pool[area[0]]
        if not pool or rng.random() < 0.11:
            pool.append(area[2](wd))
        d = rng.choice(pool)
        if rng.random() < 0.015:
            ext, _ = rng.choice(BINARY_EXTS)
        else:
            ext = _pick(rng, area[3])
        stem = {"tsx": wd.pascal, "jsx": wd.pascal, "swift": wd.pascal, "java": wd.pascal, "kt": wd.pascal,
                "vue": wd.pascal, "m": wd.pascal}.get(ext, wd.snake if ext in ("py", "rb", "rs", "c", "h", "sql") else wd.kebab)()
        if ext == "map":
            name = f"{stem}.js.map"
        elif ext in ("ts", "tsx", "js") and "__tests__" in d:
            name = f"{stem}.test.{ext}"
        elif ext == "py" and d.startswith("tests"):
            name = f"test_{stem}.py"
        else:
            name = f"{stem}.{ext}"
        path = f"{d}/{name}"
        if path in used:
            continue
        used.add(path)
        out.append((path, ext))
    return out


def small_sizes(rng: random.Random, n: int, budget: int) -> list[int]:
    raw = [min(1.5 * MiB, rng.lognormvariate(math.log(5000), 1.15)) for _ in range(n)]
    f = budget / sum(raw)
    return [max(120, int(x * f)) for x in raw]


class Writer:
    def __init__(self, root: str):
        self.root = root
        self.made: set[str] = set()
        self.files = 0
        self.bytes = 0

    def write(self, rel: str, data: bytes) -> None:
        full = os.path.join(self.root, rel)
        d = os.path.dirname(full)
        if d not in self.made:
            os.makedirs(d, exist_ok=True)
            self.made.add(d)
        with open(full, "wb", buffering=4 * MiB) as f:
            f.write(data)
        self.files += 1
        self.bytes += len(data)


def insert_line(text: str, line: str, rng: random.Random, where: float | None = None) -> str:
    """Insert `line` (newline-terminated) at a line boundary, at fraction `where` or random."""
    frac = rng.uniform(0.2, 0.8) if where is None else where
    cut = text.find("\n", int(len(text) * frac)) + 1
    if cut <= 0:
        cut = len(text)
    return text[:cut] + line + text[cut:]


def locate(data: bytes, key: str) -> dict:
    off = data.find(key.encode())
    assert off >= 0
    line = data.count(b"\n", 0, off) + 1
    col = off - (data.rfind(b"\n", 0, off) + 1) + 1
    return {"offset": off, "line": line, "column": col}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--size-mb", type=float, default=520, help="total size in MiB (default 520)")
    ap.add_argument("--files", type=int, default=21000, help="number of files (default 21000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-large", action="store_true", help="no large bundles/source maps (small trees)")
    ap.add_argument("--no-keys", action="store_true", help="plant no keys and no placeholders")
    ap.add_argument("--force", action="store_true", help="delete OUTDIR first if it exists")
    args = ap.parse_args()

    t0 = time.monotonic()
    root = os.path.abspath(args.outdir)
    if os.path.exists(root):
        if not args.force:
            print(f"gen_tree: {root} exists (use --force to regenerate)", file=sys.stderr)
            return 2
        shutil.rmtree(root)
    os.makedirs(root)
    name = os.path.basename(root.rstrip("/"))
    manifest_path = os.path.join(os.path.dirname(root), f"{name}.manifest.json")

    rng = random.Random(args.seed)
    wd = Words(rng)
    tf = TextFactory(rng)
    keyrng = random.Random(f"zkbench-tree-keys-{args.seed}")
    out = Writer(root)
    total = int(args.size_mb * MiB)
    scale = args.size_mb / 520.0
    large = [] if args.no_large else [(p, int(s * scale), k) for p, s, k in LARGE]

    # Planted keys: (id, path, env, expected path class, how).
    plants = [] if args.no_keys else [
        ("web-config-ts", "web/src/config/ziett.ts", "live", "frontend", "line"),
        ("bundle-16MiB", "web/dist/assets/app.5d09e4b1.min.js", "live", "frontend", "straddle"),
        ("sourcemap", "web/dist/assets/app.5d09e4b1.min.js.map", "test", "frontend", "map"),
        ("rn-bundle-end", "android/app/src/main/assets/index.android.bundle", "live", "mobile", "end"),
        ("ios-swift", "ios/Acme/Services/ZiettClient.swift", "test", "mobile", "line"),
        ("test-fixture", "tests/fixtures/webhooks/ziett_delivery.json", "test", "nonprod", "line"),
        ("server-py", "server/billing/ziett_client.py", "live", "other", "line"),
        ("staging-config", "config/staging.yaml", "live", "nonprod", "line"),
        ("node-module", "node_modules/ziett-node/lib/client.js", "test", "other", "line"),
    ]
    if args.no_large:
        plants = [p for p in plants if p[4] == "line"]
    keys = {pid: corpus.make_key(keyrng, env) for pid, _, env, _, _ in plants}
    plant_by_path = {p[1]: p for p in plants}
    placeholders = [] if args.no_keys else [
        ("docs/integrations/ziett.md", corpus.PLACEHOLDERS[0], "X-API-KEY: {}\n"),
        ("node_modules/ziett-node/README.md", corpus.PLACEHOLDERS[1], "const client = new Ziett(\"{}\");\n"),
        ("server/README.md", corpus.PLACEHOLDERS[2], "    ZIETT_API_KEY={}  # replace with your test key\n"),
    ]
    ph_by_path = {p: (k, tmpl) for p, k, tmpl in placeholders}
    key_lines = {
        "ts": 'export const ZIETT_API_KEY = "{}";\n',
        "swift": '    static let ziettKey = "{}"\n',
        "json": '    {{"event": "message.delivered", "api_key": "{}"}},\n',
        "py": 'ZIETT_API_KEY = "{}"\n',
        "yaml": "ziett:\n  api_key: {}\n  base_url: https://api.ziett.co/c/v1\n",
        "js": 'var DEFAULT_KEY = process.env.ZIETT_API_KEY || "{}";\n',
    }

    fixed_small = [(p, p.rsplit(".", 1)[-1]) for _, p, *_ in plants if p not in {l[0] for l in large}]
    fixed_small += [(p, p.rsplit(".", 1)[-1]) for p in ph_by_path if p not in plant_by_path]
    fixed_small += [(p, "json" if p.endswith("json") else ("yaml" if p.endswith("yml") else "sh"))
                    for p in DOTFILES]
    fixed_small += [(p, "fixed") for p in FIXED]
    fixed_paths = {p for p, _ in fixed_small}
    n_small = max(0, args.files - len(large) - len(fixed_small))
    small = [(p, e) for p, e in plan_small_files(rng, wd, n_small + len(fixed_small)) if p not in fixed_paths][:n_small]
    small = fixed_small + small
    budget = max(len(small) * 200, total - sum(s for _, s, _ in large))
    sizes = small_sizes(rng, len(small), budget)

    manifest_keys = []

    def record(pid: str, rel: str, data: bytes) -> None:
        _, _, env, cls, how = plant_by_path[rel]
        key = keys[pid]
        manifest_keys.append({"id": pid, "path": rel, "environment": env, "path_class": cls, "placement": how,
                              "secret": corpus.redact(key), "fingerprint": corpus.fingerprint(key),
                              **locate(data, key)})

    # Small files ------------------------------------------------------------------------
    for (rel, ext), size in zip(small, sizes):
        if ext == "fixed":
            out.write(rel, FIXED[rel].encode())
            continue
        bin_magic = next((m for e, m in BINARY_EXTS if e == ext), None)
        if bin_magic is not None:
            out.write(rel, corpus.scrub(bin_magic + rng.randbytes(size)))
            continue
        if ext == "map":
            src = [f"../src/{wd.kebab()}.{rng.choice(['ts', 'tsx', 'js'])}" for _ in range(rng.randint(1, 4))]
            text = tf.source_map(size, rel.rsplit("/", 1)[-1][:-4], src)
        elif rel.endswith(".min.js") or (ext == "js" and ("/dist" in rel or rel.startswith("dist") or "build/static" in rel)):
            text = tf.minified(size)
        else:
            text = tf.text(ext, rel, size)
        data = corpus.scrub(text.encode())
        if rel in ph_by_path:
            ph, tmpl = ph_by_path[rel]
            data = insert_line(data.decode(), tmpl.format(ph), rng).encode()
        if rel in plant_by_path:
            pid = plant_by_path[rel][0]
            tmpl = key_lines[ext]
            data = insert_line(data.decode(), tmpl.format(keys[pid]), rng).encode()
            record(pid, rel, data)
        out.write(rel, data)

    # Large files ------------------------------------------------------------------------
    for rel, size, kind in large:
        pid = plant_by_path[rel][0] if rel in plant_by_path else None
        key = keys.get(pid) if pid else None
        if kind == "min":
            data = corpus.scrub(tf.minified(size, banner="/*! acme web bundle | (c) Acme */").encode())
            if key:
                # The key straddles the 16 MiB offset (a typical chunk/window boundary).
                target = min(16 * MiB, len(data) // 2) - 11
                base = b';var ziettCfg={apiKey:"'
                q = data.rfind(b";", 0, target - len(base))
                pad = target - len(base) - q
                snippet = b";var " + b"_" * pad + base[5:] + key.encode() + b'",env:"production"}'
                data = data[:q] + snippet + data[q:]
                assert data.find(key.encode()) == target
        elif kind == "map":
            srcs = [f"webpack://acme/./src/{wd.kebab()}/{wd.pascal()}.{rng.choice(['tsx', 'ts'])}" for _ in range(40)]
            extra = f'const ziettTestKey = "{key}";\n' if key else ""
            data = corpus.scrub(tf.source_map(size, rel.rsplit("/", 1)[-1][:-4], srcs).encode())
            if key:
                # The key goes into the first sourcesContent entry after scrubbing.
                data = data.replace(b'"sourcesContent":["', b'"sourcesContent":["' + extra.replace("\n", "\\n").encode(), 1)
        elif kind == "rn":
            lines = []
            n = 0
            i = 0
            while n < size:
                mod = tf.minified(rng.randint(2000, 60000))
                line = f"__d(function(g,r,i,a,m,e,d){mod},{i},[{','.join(str(rng.randint(0, 3000)) for _ in range(rng.randint(0, 8)))}]);\n"
                lines.append(line)
                n += len(line)
                i += 1
            data = corpus.scrub(("var __BUNDLE_START_TIME__=this.nativePerformanceNow?nativePerformanceNow():Date.now();\n"
                                 + "".join(lines)).encode())
            if key:
                data += f'__d(function(g,r,i,a,m,e,d){{e.ZIETT_KEY="{key}"}},{i},[]);\n'.encode()
            data += f"__r({rng.randint(0, 50)});\n__r(0);\n".encode()
        else:  # sql dump, multi-line
            data = corpus.scrub(tf.text("sql", rel, size).encode())
        if key:
            record(pid, rel, data)
        out.write(rel, data)

    # Sanity: the raw regex must match exactly the planted keys and placeholders.
    manifest_keys.sort(key=lambda k: k["path"])
    manifest = {
        "corpus": "tree", "generator": "bench/gen_tree.py",
        "args": {"size_mb": args.size_mb, "files": args.files, "seed": args.seed, "no_large": args.no_large,
                 "no_keys": args.no_keys},
        "files": out.files, "bytes": out.bytes,
        "keys": manifest_keys,
        "placeholders": [{"path": p, "secret": k, "fingerprint": corpus.fingerprint(k)} for p, k, _ in placeholders],
        "raw_regex_matches": len(manifest_keys) + len(placeholders),
    }
    assert len(manifest_keys) == len(plants), (len(manifest_keys), len(plants))
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    dt = time.monotonic() - t0
    print(f"gen_tree: {out.files} files, {out.bytes} bytes ({out.bytes / MiB:.1f} MiB), "
          f"{len(manifest_keys)} keys, {len(placeholders)} placeholders in {dt:.1f}s -> {root}; manifest {manifest_path}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
