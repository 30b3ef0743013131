#!/usr/bin/env python3
"""Generate the history benchmark corpus: a deterministic bare git repository.

    bench/gen_history.py OUTREPO [--commits 20000] [--blob-mb 1100] [--seed 1]
                         [--initial-files 2400] [--repack full|ad|none] [--force]

Streams commits with their blob data into `git fast-import` (fixed authors and dates),
with feature branches that are merged back, stale branches that are not, annotated and
lightweight tags, file additions, edits, renames and deletions, and a few big files
(a lockfile, a JSON catalog, an OpenAPI spec, a committed minified bundle, a growing
CHANGELOG) edited again and again: they carry most of the distinct blob bytes, as in a
real repository, and become long delta chains after the final repack. fast-import
deltas a blob only against the blob written just before it, so its pack holds most
versions whole, and `git repack -ad` keeps them so (it reuses the stored form). The default
`--repack full` runs `git repack -adf --depth=50 --window=10`, which finds the deltas that
`git gc` would have made in a real repository (1.1 GB of blobs -> ~55 MB pack, 16 s);
`--repack ad` runs `git repack -ad` (a ~350 MB pack of mostly whole blobs), `--repack none`
keeps fast-import's pack.

Planted keys (manifest: OUTREPO.manifest.json, beside the repository):
  deleted-file     a live key in a config file deleted 300 commits later
  old-version      a test key in one version of a 3 MB JSON file, gone in the next one
  renamed-file     a test key in a fixture that is renamed later (still in HEAD)
  side-branch      a test key committed only on a branch that is never merged
  commit-message   a live key in a commit message
  in-head          a live key in a frontend file that stays in HEAD
  unreachable      a live key in a dangling (loose, unreferenced) commit
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402
from corpus import Words, TextFactory  # noqa: E402
from gen_tree import plan_small_files  # noqa: E402

MiB = 1 << 20
BINARY = ("png", "jpg", "woff2", "ico", "jar")
EPOCH = 1546300800  # 2019-01-01T00:00:00Z


def git_env(extra: dict | None = None) -> dict:
    """The environment for every git command: no user or system configuration."""
    e = dict(os.environ)
    e.update({"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"})
    e.update(extra or {})
    return e


def git(repo: str, *args: str, input: bytes | None = None, env: dict | None = None) -> str:
    r = subprocess.run(["git", "-C", repo, *args], input=input, stdout=subprocess.PIPE, env=git_env(env),
                       check=True)
    return r.stdout.decode().strip()


class Stream:
    """Writes a fast-import stream and keeps the bookkeeping the manifest needs."""

    def __init__(self, proc: subprocess.Popen):
        self.out = proc.stdin
        self.mark = 0
        self.commits = 0
        self.seen: set[bytes] = set()
        self.blob_bytes = 0       # distinct blob bytes
        self.blobs = 0            # distinct blobs

    def data(self, b: bytes) -> None:
        self.out.write(b"data %d\n" % len(b))
        self.out.write(b)
        self.out.write(b"\n")

    def blob(self, path: str, b: bytes) -> None:
        h = hashlib.sha1(b"blob %d\0" % len(b))
        h.update(b)
        d = h.digest()
        if d not in self.seen:
            self.seen.add(d)
            self.blob_bytes += len(b)
            self.blobs += 1
        self.out.write(b"M 100644 inline %s\n" % path.encode())
        self.data(b)

    def commit(self, ref: str, who: tuple[str, str], ts: int, msg: str, parent: int | None = None,
               merge: int | None = None) -> int:
        self.mark += 1
        self.commits += 1
        name, user = who
        ident = f"{name} <{user}@acme.example> {ts} +0000\n".encode()
        self.out.write(f"commit {ref}\nmark :{self.mark}\n".encode())
        self.out.write(b"author " + ident + b"committer " + ident)
        self.data(msg.encode())
        if parent is not None:
            self.out.write(b"from :%d\n" % parent)
        if merge is not None:
            self.out.write(b"merge :%d\n" % merge)
        return self.mark

    def delete(self, path: str) -> None:
        self.out.write(b"D %s\n" % path.encode())

    def rename(self, old: str, new: str) -> None:
        self.out.write(b"R %s %s\n" % (old.encode(), new.encode()))

    def end_commit(self) -> None:
        self.out.write(b"\n")

    def tag(self, name: str, mark: int, who: tuple[str, str], ts: int, msg: str) -> None:
        self.out.write(f"tag {name}\nfrom :{mark}\ntagger {who[0]} <{who[1]}@acme.example> {ts} +0000\n".encode())
        self.data(msg.encode())

    def lightweight_tag(self, name: str, mark: int) -> None:
        self.out.write(f"reset refs/tags/{name}\nfrom :{mark}\n\n".encode())


# ---------------------------------------------------------------------------------------
# Big files edited over and over


class BigFiles:
    def __init__(self, rng: random.Random, tf: TextFactory, scale: float):
        self.rng, self.tf, self.wd = rng, tf, tf.wd
        self.specs = [  # path, initial size, kind
            ("package-lock.json", int(1.8 * MiB * scale), "lock"),
            ("web/public/data/catalog.json", int(3.0 * MiB * scale), "catalog"),
            ("docs/api/openapi.yaml", int(1.2 * MiB * scale), "yaml"),
            ("web/dist/bundle.min.js", int(1.5 * MiB * scale), "min"),
        ]

    def lock_entry(self) -> str:
        wd, r = self.wd, self.rng
        name = wd.kebab(r.randint(1, 2))
        ver = f"{r.randint(0, 12)}.{r.randint(0, 30)}.{r.randint(0, 20)}"
        deps = ",\n".join(f'        "{wd.kebab(1)}": "^{r.randint(0, 9)}.{r.randint(0, 9)}.0"'
                          for _ in range(r.randint(0, 4)))
        deps = f',\n      "dependencies": {{\n{deps}\n      }}' if deps else ""
        return (f'    "node_modules/{name}": {{\n      "version": "{ver}",\n'
                f'      "resolved": "https://registry.npmjs.org/{name}/-/{name}-{ver}.tgz",\n'
                f'      "integrity": "sha512-{wd.b64(86)}=="{deps}\n    }},\n')

    def catalog_entry(self) -> str:
        wd, r = self.wd, self.rng
        return ("    " + json.dumps({"sku": wd.hexstr(10).upper(), "name": wd.sentence(2, 5)[:-1],
                                     "price": round(r.random() * 500, 2), "currency": r.choice(["EUR", "USD", "BRL"]),
                                     "tags": [wd.w() for _ in range(r.randint(1, 4))],
                                     "description": wd.sentence(6, 20)}, ensure_ascii=False) + ",\n")

    def chunk(self, kind: str, size: int) -> str:
        out, n = [], 0
        while n < size:
            if kind == "lock":
                s = self.lock_entry()
            elif kind == "catalog":
                s = self.catalog_entry()
            elif kind == "yaml":
                s = self.tf.lines("yaml", 4)
            else:
                s = self.tf.minified(min(size - n + 50, 4000)).strip("!function(){}();") + ";"
            out.append(s)
            n += len(s)
        return "".join(out)

    def initial(self, kind: str, size: int) -> bytes:
        if kind == "lock":
            return ('{\n  "name": "acme-web",\n  "lockfileVersion": 3,\n  "packages": {\n'
                    + self.chunk(kind, size) + '    "": {}\n  }\n}\n').encode()
        if kind == "catalog":
            return ('{\n  "products": [\n' + self.chunk(kind, size) + '    {}\n  ]\n}\n').encode()
        if kind == "yaml":
            return ("openapi: 3.0.3\ninfo:\n  title: Acme API\n  version: 1.0.0\npaths:\n"
                    + self.chunk(kind, size)).encode()
        return ("!function(){" + self.chunk(kind, size) + "}();").encode()

    def edit(self, kind: str, data: bytes) -> bytes:
        """1-4 regional changes (a few lines or a stretch of a line), size roughly kept."""
        r = self.rng
        sep = b";" if kind == "min" else b"\n"
        for _ in range(r.randint(1, 4)):
            a = data.find(sep, r.randrange(len(data) // 20, len(data) * 19 // 20)) + 1
            b = data.find(sep, min(len(data) - 2, a + r.randint(100, 6000))) + 1
            if a <= 0 or b <= a:
                continue
            new = self.chunk(kind, int((b - a) * r.uniform(0.8, 1.3))).encode()
            data = data[:a] + corpus.scrub(new) + data[b:]
        return data


# ---------------------------------------------------------------------------------------


def edit_small(rng: random.Random, tf: TextFactory, ext: str, data: bytes) -> bytes:
    """Replace a few lines somewhere in a file with fresh text, as a code change would."""
    if ext in BINARY or not data:
        return corpus.scrub(data[:8] + rng.randbytes(max(64, len(data) - 8)))
    if ext == "map":
        return corpus.scrub(tf.source_map(max(500, len(data)), "index.js", ["../src/index.ts"]).encode())
    a = data.rfind(b"\n", 0, rng.randrange(len(data))) + 1
    b = a
    for _ in range(rng.randint(0, 8)):
        nb = data.find(b"\n", b) + 1
        if nb <= 0:
            break
        b = nb
    new = tf.lines(ext, rng.choice((0, 1, 1, 1, 2, 3))).encode() if ext in corpus.FAMILIES or ext in corpus.EXT_FAMILY else b""
    if not new and a == b:
        new = b"\n"
    return data[:a] + corpus.scrub(new) + data[b:]


def commit_message(wd: Words) -> str:
    r = wd.rng
    typ = r.choice(["feat", "fix", "fix", "chore", "refactor", "test", "docs", "perf", "ci", "build"])
    subject = f"{typ}({wd.w()}): {wd.sentence(3, 9)[:-1].lower()}"
    if r.random() < 0.4:
        body = "\n".join(wd.sentence(6, 16) for _ in range(r.randint(1, 4)))
        return f"{subject}\n\n{body}\n"
    return subject + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outrepo")
    ap.add_argument("--commits", type=int, default=20000)
    ap.add_argument("--blob-mb", type=float, default=1100, help="distinct blob bytes to reach, MiB (default 1100)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--initial-files", type=int, default=2400)
    ap.add_argument("--repack", choices=("full", "ad", "none"), default="full",
                    help="full: git repack -adf --depth=50 --window=10 (default); ad: git repack -ad; "
                         "none: keep fast-import's pack")
    ap.add_argument("--force", action="store_true", help="delete OUTREPO first if it exists")
    args = ap.parse_args()

    t0 = time.monotonic()
    repo = os.path.abspath(args.outrepo).rstrip("/")
    if os.path.exists(repo):
        if not args.force:
            print(f"gen_history: {repo} exists (use --force to regenerate)", file=sys.stderr)
            return 2
        shutil.rmtree(repo)
    manifest_path = repo + ".manifest.json"
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", repo], check=True)
    git(repo, "config", "core.logAllRefUpdates", "false")
    git(repo, "config", "gc.auto", "0")
    marks_path = os.path.join(repo, "fast-import.marks")
    proc = subprocess.Popen(["git", "-C", repo, "fast-import", "--quiet", "--done", f"--export-marks={marks_path}",
                             "--active-branches=20"], stdin=subprocess.PIPE, bufsize=8 * MiB, env=git_env())
    s = Stream(proc)

    rng = random.Random(args.seed)
    wd = Words(rng)
    tf = TextFactory(rng)
    keyrng = random.Random(f"zkbench-history-keys-{args.seed}")
    N = args.commits
    target = int(args.blob_mb * MiB)
    scale = max(0.05, min(1.0, args.blob_mb / 1100))
    big = BigFiles(rng, tf, scale)

    ts = EPOCH
    keys = {pid: corpus.make_key(keyrng, env) for pid, env in [
        ("deleted-file", "live"), ("old-version", "test"), ("renamed-file", "test"), ("side-branch", "test"),
        ("commit-message", "live"), ("in-head", "live"), ("unreachable", "live")]}
    planted: list[dict] = []

    def plant(pid: str, path: str | None, cls: str | None, mark: int | None, in_head: bool, source: str, note: str):
        key = keys[pid]
        planted.append({"id": pid, "path": path, "environment": key[3:7], "path_class": cls, "mark": mark,
                        "in_head": in_head, "source": source, "note": note,
                        "secret": corpus.redact(key), "fingerprint": corpus.fingerprint(key)})

    # --- initial import ------------------------------------------------------------------
    main_tree: dict[str, bytes] = {}
    ext_of = lambda p: "d.ts" if p.endswith(".d.ts") else p.rsplit(".", 1)[-1]  # noqa: E731
    files = plan_small_files(rng, wd, args.initial_files)
    for path, ext in files:
        size = int(min(200_000, max(200, rng.lognormvariate(8.4, 1.0))))
        if ext in BINARY:
            main_tree[path] = rng.randbytes(size)
        elif ext == "map":
            main_tree[path] = tf.source_map(size, path.rsplit("/", 1)[-1][:-4], ["../src/index.ts"]).encode()
        else:
            main_tree[path] = tf.text(ext, path, size).encode()
        main_tree[path] = corpus.scrub(main_tree[path])
    for path, size, kind in big.specs:
        main_tree[path] = corpus.scrub(big.initial(kind, size))
    main_tree["CHANGELOG.md"] = b"# Changelog\n\n" + tf.lines("md", int(40 * scale) + 5).encode()
    main_tree["README.md"] = tf.text("md", "README.md", 6000).encode()

    tip = {"main": s.commit("refs/heads/main", corpus.AUTHORS[0], ts, "Initial import\n")}
    for p, b in main_tree.items():
        s.blob(p, b)
    s.end_commit()

    # --- the plan -------------------------------------------------------------------------
    events = sorted([(int(N * f), name) for f, name in [
        (0.15, "deleted-add"), (0.30, "old-add"), (0.35, "renamed-add"), (0.40, "side-fork"), (0.55, "msg"),
        (0.70, "head-add")]] + [(int(N * 0.15) + min(300, N // 10), "deleted-del"),
                                (int(N * 0.35) + min(500, N // 8), "renamed-mv")])
    protected: set[str] = set(p for p, _, _ in big.specs) | {"CHANGELOG.md"}
    features: dict[str, dict] = {}      # name -> {tree, changed, mark, left, fate}
    stale_branches: list[str] = []
    merged_branches: list[str] = []
    hot: list[str] = []
    old_version_pending = False
    release = 0
    main_commits = 0
    big_rr = 0
    i = 1  # commits emitted so far (including the initial one)

    def pick_path(tree: dict[str, bytes], touched: set[str]) -> str | None:
        for _ in range(8):
            p = rng.choice(hot) if hot and rng.random() < 0.5 else rng.choice(list(tree))
            if p in tree and p not in protected and p not in touched:
                touched.add(p)
                return p
        return None

    def new_path(tree: dict[str, bytes]) -> tuple[str, str]:
        """A new file beside an existing one, of the same kind."""
        sib = rng.choice(list(tree))
        d = sib.rsplit("/", 1)[0] if "/" in sib else "src"
        ext = ext_of(sib)
        stem = wd.pascal() if ext in ("tsx", "jsx", "swift", "java", "kt", "vue") else wd.kebab()
        return f"{d}/{stem}.{ext}", ext

    def small_changes(tree: dict[str, bytes], allow_rename: bool, touched: set[str]) -> list[tuple]:
        """A list of ('M', path, bytes) / ('D', path) / ('R', old, new) applied to `tree`;
        each path changes at most once per commit."""
        ops = []
        n = min(8, 1 + int(rng.expovariate(0.9)))
        for _ in range(n):
            k = rng.random()
            if k < 0.80:
                p = pick_path(tree, touched)
                if p is None:
                    continue
                tree[p] = edit_small(rng, tf, ext_of(p), tree[p])
                ops.append(("M", p, tree[p]))
                hot.append(p)
                if len(hot) > 300:
                    del hot[:100]
            elif k < 0.92:
                p, ext = new_path(tree)
                if p in tree or p in touched or ext in BINARY or ext == "map":
                    continue
                touched.add(p)
                tree[p] = corpus.scrub(tf.text(ext, p, int(min(100_000, rng.lognormvariate(8.2, 0.9)))).encode())
                ops.append(("M", p, tree[p]))
            elif k < 0.97 or not allow_rename:
                p = pick_path(tree, touched)
                if p is None or len(tree) < 100:
                    continue
                del tree[p]
                ops.append(("D", p))
            else:
                p = pick_path(tree, touched)
                if p is None:
                    continue
                d, base = p.rsplit("/", 1) if "/" in p else ("", p)
                newp = f"{d}/{wd.w()}/{base}" if rng.random() < 0.5 else f"{d}/{wd.kebab(1)}-{base}"
                if newp in tree or newp in touched:
                    continue
                touched.add(newp)
                tree[newp] = tree.pop(p)
                ops.append(("R", p, newp))
        return ops

    def emit(ops: list[tuple]) -> None:
        for op in ops:
            if op[0] == "M":
                s.blob(op[1], op[2])
            elif op[0] == "D":
                s.delete(op[1])
            else:
                s.rename(op[1], op[2])

    while i < N:
        ts += rng.randint(300, 5400)
        who = rng.choice(corpus.AUTHORS)
        event = events.pop(0)[1] if events and i >= events[0][0] else None

        # Feature branch lifecycle: start, commit, merge or abandon.
        on_feature = None
        if event is None and features and rng.random() < 0.4:
            on_feature = rng.choice(sorted(features))
        elif event is None and len(features) < 4 and rng.random() < 1 / 40:
            name = f"{rng.choice(['feature', 'fix', 'chore'])}/{wd.kebab(2)}"
            if name not in features and name not in merged_branches and name not in stale_branches:
                features[name] = {"tree": dict(main_tree), "changed": {}, "parent": tip["main"], "mark": None,
                                  "left": rng.randint(3, 120), "fate": "stale" if rng.random() < 0.12 else "merge"}
                on_feature = name

        if on_feature is not None:
            f = features[on_feature]
            ops = small_changes(f["tree"], allow_rename=False, touched=set())
            for op in ops:
                f["changed"][op[1]] = op[2] if op[0] == "M" else None
            f["mark"] = s.commit(f"refs/heads/{on_feature}", who, ts, commit_message(wd),
                                 parent=f["parent"] if f["mark"] is None else None)
            emit(ops)
            s.end_commit()
            i += 1
            f["left"] -= 1
            if f["left"] <= 0:
                if f["fate"] == "merge":
                    ts += rng.randint(60, 600)
                    m = s.commit("refs/heads/main", who, ts, f"Merge branch '{on_feature}'\n", merge=f["mark"])
                    for p, b in f["changed"].items():
                        if b is None:
                            if p in main_tree and p not in protected:
                                del main_tree[p]
                                s.delete(p)
                        else:
                            main_tree[p] = b
                            s.blob(p, b)
                    s.end_commit()
                    tip["main"] = m
                    i += 1
                    merged_branches.append(on_feature)
                else:
                    stale_branches.append(on_feature)
                del features[on_feature]
            continue

        # A commit on main.
        main_commits += 1
        msg = commit_message(wd)
        ops: list[tuple] = []
        if event == "deleted-add":
            p = "server/config/ziett.yml"
            main_tree[p] = (f"# Ziett messaging\nziett:\n  base_url: https://api.ziett.co/c/v1\n"
                            f"  api_key: {keys['deleted-file']}\n  timeout_ms: 5000\n").encode()
            protected.add(p)
            ops.append(("M", p, main_tree[p]))
            msg = "feat(billing): send invoices by SMS through Ziett\n"
        elif event == "deleted-del":
            del main_tree["server/config/ziett.yml"]
            ops.append(("D", "server/config/ziett.yml"))
            msg = "fix(config): read the Ziett key from the environment\n"
        elif event == "old-add":
            p = "web/public/data/catalog.json"
            d = main_tree[p]
            cut = d.find(b"\n", len(d) // 2) + 1
            line = ('    {"sku": "ZIETT-SMS", "name": "SMS bundle", "provider_key": "%s"},\n' % keys["old-version"]).encode()
            main_tree[p] = d[:cut] + line + d[cut:]
            ops.append(("M", p, main_tree[p]))
            old_version_pending = True
        elif event == "renamed-add":
            p = "tests/fixtures/ziett_events.json"
            main_tree[p] = ('{\n  "events": [\n    {"type": "message.delivered", "id": "%s"},\n'
                            '    {"type": "message.failed", "api_key": "%s"}\n  ]\n}\n'
                            % (wd.hexstr(24), keys["renamed-file"])).encode()
            protected.add(p)
            ops.append(("M", p, main_tree[p]))
        elif event == "renamed-mv":
            old, new = "tests/fixtures/ziett_events.json", "tests/fixtures/webhooks/ziett_events.json"
            main_tree[new] = main_tree.pop(old)
            protected.add(new)
            ops.append(("R", old, new))
            msg = "test: group webhook fixtures\n"
        elif event == "side-fork":
            # A branch that is never merged, with a key in an Android source file.
            name = "feature/android-sms-retry"
            p = "android/app/src/main/java/com/acme/app/sms/ZiettConfig.kt"
            body = ("package com.acme.app.sms\n\nobject ZiettConfig {\n"
                    f"    const val API_KEY = \"{keys['side-branch']}\"\n    const val MAX_RETRIES = 3\n}}\n").encode()
            m = s.commit(f"refs/heads/{name}", who, ts, "wip: retry failed SMS sends\n", parent=tip["main"])
            s.blob(p, body)
            s.end_commit()
            plant("side-branch", p, "mobile", m, False, "commit", f"only on {name}, never merged")
            s.commit(f"refs/heads/{name}", who, ts + 900, "wip: backoff\n")
            s.blob(p, body.replace(b"MAX_RETRIES = 3", b"MAX_RETRIES = 5"))
            s.end_commit()
            stale_branches.append(name)
            i += 2
            main_commits -= 1
            continue
        elif event == "msg":
            msg = (f"chore(sms): rotate the Ziett key\n\nThe old key {keys['commit-message']} was revoked "
                   f"in the dashboard; the new one lives in the secret store.\n")
        elif event == "head-add":
            p = "web/src/lib/ziett.ts"
            main_tree[p] = (f"// Ziett client for the browser (TODO: move behind our API)\n"
                            f"import {{ Ziett }} from \"@ziett/sdk\";\n\n"
                            f"export const ziett = new Ziett({{ apiKey: \"{keys['in-head']}\" }});\n").encode()
            protected.add(p)
            ops.append(("M", p, main_tree[p]))
        ops += small_changes(main_tree, allow_rename=True, touched={op[1] for op in ops})

        # Big-file edits whenever distinct blob bytes fall behind the target's schedule.
        for _ in range(3):
            if s.blob_bytes >= target * (i + 1) / N:
                break
            p, _, kind = big.specs[big_rr % len(big.specs)]
            big_rr += 1
            if any(op[1] == p for op in ops):
                continue
            if old_version_pending and p == "web/public/data/catalog.json" and event != "old-add":
                main_tree[p] = main_tree[p].replace(
                    ('    {"sku": "ZIETT-SMS", "name": "SMS bundle", "provider_key": "%s"},\n'
                     % keys["old-version"]).encode(), b"")
                old_version_pending = False
            main_tree[p] = big.edit(kind, main_tree[p])
            ops.append(("M", p, main_tree[p]))
        if main_commits % 400 == 0:
            release += 1
            head = f"## v1.{release}.0\n\n" + "".join(f"- {commit_message(wd).splitlines()[0]}\n" for _ in range(rng.randint(5, 40)))
            main_tree["CHANGELOG.md"] = b"# Changelog\n\n" + head.encode() + b"\n" + main_tree["CHANGELOG.md"][13:]
            ops.append(("M", "CHANGELOG.md", main_tree["CHANGELOG.md"]))
            msg = f"release: v1.{release}.0\n"
        m = s.commit("refs/heads/main", who, ts, msg)
        emit(ops)
        s.end_commit()
        tip["main"] = m
        i += 1
        if event == "deleted-add":
            plant("deleted-file", "server/config/ziett.yml", "other", m, False, "commit", "deleted 300 commits later")
        elif event == "old-add":
            plant("old-version", "web/public/data/catalog.json", "frontend", m, False, "commit",
                  "in one version of a 3 MB file, removed by its next edit")
        elif event == "renamed-add":
            plant("renamed-file", "tests/fixtures/ziett_events.json", "nonprod", m, True, "commit",
                  "renamed later to tests/fixtures/webhooks/ziett_events.json (same blob)")
        elif event == "msg":
            plant("commit-message", None, None, m, False, "commit-message", "in the message of a commit on main")
        elif event == "head-add":
            plant("in-head", "web/src/lib/ziett.ts", "frontend", m, True, "commit", "stays in HEAD")
        if main_commits % 400 == 0:
            s.tag(f"v1.{release}.0", m, who, ts + 60, f"Release v1.{release}.0\n")
        elif rng.random() < 0.004:
            s.lightweight_tag(f"build-{i}", m)

    # Open features become stale branches as they are.
    stale_branches += sorted(features)
    s.out.write(b"done\n")
    s.out.close()
    if proc.wait() != 0:
        print("gen_history: git fast-import failed", file=sys.stderr)
        return 2
    t_import = time.monotonic() - t0

    # Merged branches are deleted, as on a hosting service; their commits stay reachable.
    if merged_branches:
        git(repo, "update-ref", "--stdin",
            input="".join(f"delete refs/heads/{b}\n" for b in merged_branches).encode())

    t1 = time.monotonic()
    if args.repack == "full":
        git(repo, "repack", "-adf", "-q", "--depth=50", "--window=10")
    elif args.repack == "ad":
        git(repo, "repack", "-ad", "-q")
    t_repack = time.monotonic() - t1

    # The dangling commit: a loose commit on top of main that no ref points to.
    marks = {}
    with open(marks_path) as f:
        for line in f:
            mk, oid = line.split()
            marks[int(mk[1:])] = oid
    os.unlink(marks_path)
    idx = os.path.join(repo, "zkbench.index")
    env = {"GIT_INDEX_FILE": idx, "GIT_AUTHOR_NAME": "Ben Okafor", "GIT_AUTHOR_EMAIL": "ben.okafor@acme.example",
           "GIT_COMMITTER_NAME": "Ben Okafor", "GIT_COMMITTER_EMAIL": "ben.okafor@acme.example",
           "GIT_AUTHOR_DATE": f"{ts + 3600} +0000", "GIT_COMMITTER_DATE": f"{ts + 3600} +0000"}
    script = (f"#!/bin/sh\n# deploy to production\nset -eu\nexport ZIETT_API_KEY={keys['unreachable']}\n"
              f"./bin/migrate && ./bin/release\n").encode()
    blob = git(repo, "hash-object", "-w", "--stdin", input=script)
    git(repo, "read-tree", "main", env=env)
    git(repo, "update-index", "--add", "--cacheinfo", f"100755,{blob},scripts/deploy-prod.sh", env=env)
    tree = git(repo, "write-tree", env=env)
    os.unlink(idx)
    dangling = git(repo, "commit-tree", tree, "-p", "main", "-m", "deploy: hotfix (reset away before push)", env=env)
    for k in planted:
        k["commit"] = marks.get(k.pop("mark"))
    planted.append({"id": "unreachable", "path": "scripts/deploy-prod.sh", "environment": "live",
                    "path_class": "other", "commit": dangling, "in_head": False, "source": "unreachable",
                    "note": "dangling loose commit, no ref or reflog points to it",
                    "secret": corpus.redact(keys["unreachable"]), "fingerprint": corpus.fingerprint(keys["unreachable"])})
    planted.sort(key=lambda k: k["id"])

    commits = int(git(repo, "rev-list", "--all", "--count"))
    pack_bytes = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(os.path.join(repo, "objects"))
                     for f in fs)
    manifest = {
        "corpus": "history", "generator": "bench/gen_history.py",
        "args": {"commits": N, "blob_mb": args.blob_mb, "seed": args.seed, "initial_files": args.initial_files,
                 "repack": args.repack},
        "commits": commits + 1, "commits_reachable": commits,
        "distinct_blobs": s.blobs + 1, "distinct_blob_bytes": s.blob_bytes + len(script),
        "branches": len(git(repo, "for-each-ref", "refs/heads/").splitlines()),
        "tags": len(git(repo, "for-each-ref", "refs/tags/").splitlines()),
        "head": marks[tip["main"]], "objects_dir_bytes": pack_bytes,
        "keys": planted,
        "seconds": {"fast_import": round(t_import, 1), "repack": round(t_repack, 1),
                    "total": round(time.monotonic() - t0, 1)},
    }
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"gen_history: {manifest['commits']} commits ({commits} reachable), {manifest['distinct_blobs']} blobs, "
          f"{manifest['distinct_blob_bytes']} distinct blob bytes ({manifest['distinct_blob_bytes'] / MiB:.0f} MiB), "
          f"objects/ {pack_bytes / MiB:.0f} MiB, {manifest['branches']} branches, {manifest['tags']} tags, "
          f"{len(planted)} keys; fast-import {t_import:.0f}s, repack {t_repack:.0f}s, "
          f"total {manifest['seconds']['total']:.0f}s -> {repo}; manifest {manifest_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
