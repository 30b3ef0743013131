"""Helpers for the `zkscan audit` tests: fake keys made at test time from a seeded RNG, and
git repositories with several authors and fixed dates, built with the real git."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import tempfile
import time
import unittest

from zkhelpers import ALNUM, fingerprint, iso, redacted  # noqa: F401 (re-exported)

DAY = 86400
EPOCH = 1704016800  # 2023-12-31T10:00:00Z: day(n) is 2024-01-n at 10:00 UTC


def zkscan() -> str:
    path = os.environ.get("ZKSCAN", "")
    if not path or not os.access(path, os.X_OK):
        raise unittest.SkipTest("set ZKSCAN to the zkscan binary")
    return path


def day(n: int, hour: int = 10) -> int:
    """Unix time of 2024-01-n at `hour`:00 UTC (n may go past 31)."""
    return EPOCH + n * DAY + (hour - 10) * 3600


class Keys:
    """Fake Ziett keys, deterministic for a seed, that zkscan does not take for placeholders."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def make(self, env: str) -> str:
        while True:
            body = "".join(self.rng.choice(ALNUM) for _ in range(28))
            runs = any(body[i] == body[i + 1] == body[i + 2] for i in range(26))
            if not runs and any(c.isdigit() for c in body) and any(c.isalpha() for c in body):
                return f"zk_{env}_{body}"


class Author:
    def __init__(self, name: str, email: str):
        self.name, self.email = name, email

    @property
    def ident(self) -> str:
        return f"{self.name} <{self.email}>"


class Repo:
    """A work tree made at test time. Every git command runs without user or system config,
    with the identities and dates it is given."""

    def __init__(self, path: str, bare: bool = False):
        self.path = path
        os.makedirs(path, exist_ok=True)
        self.git("init", "-q", "-b", "main", *(["--bare"] if bare else []))
        self.git("config", "commit.gpgsign", "false")
        self.git("config", "core.autocrlf", "false")

    def env(self, author: Author | None = None, when: int | None = None,
            committer: Author | None = None, commit_when: int | None = None) -> dict:
        e = dict(os.environ)
        e.update({"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "HOME": self.path,
                  "LC_ALL": "C", "TZ": "UTC"})
        author = author or Author("Test Runner", "runner@example.invalid")
        committer = committer or author
        when = day(0) if when is None else when
        commit_when = when if commit_when is None else commit_when
        e.update({"GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
                  "GIT_AUTHOR_DATE": f"{when} +0000", "GIT_COMMITTER_NAME": committer.name,
                  "GIT_COMMITTER_EMAIL": committer.email, "GIT_COMMITTER_DATE": f"{commit_when} +0000"})
        return e

    def git(self, *args: str, input: str | None = None, **who) -> str:
        r = subprocess.run(["git", "-C", self.path, *args], input=input, capture_output=True, text=True,
                           env=self.env(**who))
        if r.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {r.stderr.strip()}")
        return r.stdout.strip()

    def write(self, rel: str, text: str) -> None:
        full = os.path.join(self.path, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)

    def commit(self, author: Author, when: int, message: str, files: dict | None = None,
               remove: list | None = None, **who) -> str:
        for rel, text in (files or {}).items():
            self.write(rel, text)
            self.git("add", "--", rel)
        for rel in remove or []:
            self.git("rm", "-q", "--", rel)
        self.git("commit", "-q", "--allow-empty", "-m", message, author=author, when=when, **who)
        return self.rev("HEAD")

    def rev(self, name: str) -> str:
        return self.git("rev-parse", name)

    def dangling_commit(self, author: Author, when: int, parent: str, files: dict, message: str) -> str:
        """A commit that no ref, reflog or index reaches: `parent`'s tree plus `files`."""
        index = os.path.join(self.path, ".git", "audit-tmp-index")
        env = {"GIT_INDEX_FILE": index}
        try:
            self._git_env(env, "read-tree", parent)
            for rel, text in files.items():
                blob = self.git("hash-object", "-w", "--stdin", input=text)
                self._git_env(env, "update-index", "--add", "--cacheinfo", f"100644,{blob},{rel}")
            tree = self._git_env(env, "write-tree")
        finally:
            if os.path.exists(index):
                os.remove(index)
        return self.git("commit-tree", tree, "-p", parent, "-m", message, author=author, when=when)

    def _git_env(self, extra: dict, *args: str) -> str:
        e = self.env()
        e.update(extra)
        r = subprocess.run(["git", "-C", self.path, *args], capture_output=True, text=True, env=e)
        if r.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {r.stderr.strip()}")
        return r.stdout.strip()


class Run:
    def __init__(self, rc: int, out: str, err: str):
        self.rc, self.out, self.err = rc, out, err

    def json(self) -> dict:
        return json.loads(self.out)


def audit(repo: str, *args: str) -> Run:
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    r = subprocess.run([zkscan(), "audit", repo, *args], capture_output=True, text=True, env=env,
                       timeout=300)
    return Run(r.returncode, r.stdout, r.stderr)


class TempDir:
    """A temporary directory removed at the end, unless ZKSCAN_KEEP_TMP is set."""

    def __init__(self, prefix: str):
        self.path = tempfile.mkdtemp(prefix=prefix)

    def cleanup(self) -> None:
        if not os.environ.get("ZKSCAN_KEEP_TMP"):
            shutil.rmtree(self.path, ignore_errors=True)
