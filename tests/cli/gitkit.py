"""Test kit for `zkscan git`: real repositories made at test time, fake keys, and runs of the binary.

- Keys come from a seeded RNG, so no full key is ever written in a test file. Findings are
  matched by fingerprint (SHA-256 of the key), and zkscan's JSON redacts keys: a failing
  assertion prints no full key.
- Every git command runs with a private HOME and no system or global configuration, and every
  commit gets the next tick of a fixed clock: ids, authors and dates are the same on every run.
"""

import json
import os
import random
import re
import shutil
import subprocess
import tempfile
import unittest
import zlib

from zkhelpers import ALNUM, ZKSCAN, fingerprint, iso, redacted  # noqa: F401 (re-exported)

EPOCH = 1767225600  # 2026-01-01T00:00:00Z: the first tick of every repository's clock
TICK = 3600  # one hour between commits
ALICE = ("Alice Example", "alice@example.com")
BOB = ("Bob Example", "bob@example.com")
_KEY = re.compile(r"zk_(?:live|test)_[A-Za-z0-9]{28}")


class Keys:
    """Fake Ziett keys from a seeded RNG: random bodies are never mistaken for placeholders."""

    def __init__(self, seed):
        self._rng = random.Random(seed)
        self.issued = set()

    def _key(self, environment):
        key = "zk_" + environment + "_" + "".join(self._rng.choice(ALNUM) for _ in range(28))
        self.issued.add(key)
        return key

    def live(self):
        return self._key("live")

    def test(self):
        return self._key("test")


class Clock:
    """Hands out one timestamp per commit, an hour apart."""

    def __init__(self):
        self.now = EPOCH

    def tick(self):
        self.now += TICK
        return self.now


def _git_env(home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(HOME=home, XDG_CONFIG_HOME=home, GIT_CONFIG_NOSYSTEM="1", LC_ALL="C",
               GIT_CONFIG_GLOBAL=os.path.join(home, "gitconfig"))
    return env


class Repo:
    """A git repository on disk, driven through the git command line."""

    def __init__(self, path, home, clock):
        self.path = path
        self.home = home
        self.clock = clock

    def run_git(self, *args, who=ALICE, input=None):
        """Runs git in this repository; commits made by it are dated by the next clock tick."""
        when = f"{self.clock.tick()} +0000"
        env = _git_env(self.home)
        env.update(GIT_AUTHOR_NAME=who[0], GIT_AUTHOR_EMAIL=who[1], GIT_AUTHOR_DATE=when,
                   GIT_COMMITTER_NAME=who[0], GIT_COMMITTER_EMAIL=who[1], GIT_COMMITTER_DATE=when)
        return subprocess.run(["git", *args], cwd=self.path, env=env, input=input,
                              capture_output=True, text=True)

    def git(self, *args, who=ALICE, input=None):
        """Like run_git, but git must succeed; returns its output."""
        done = self.run_git(*args, who=who, input=input)
        if done.returncode != 0:
            raise AssertionError(f"git {' '.join(args[:2])} failed: {done.stderr.strip()}")
        return done.stdout.strip()

    def write(self, rel, text):
        full = os.path.join(self.path, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)

    def commit(self, message, files=None, remove=(), who=ALICE):
        """Writes `files` ({path: text}), removes `remove`, commits everything; returns the id."""
        for rel, text in (files or {}).items():
            self.write(rel, text)
        for rel in remove:
            self.git("rm", "-q", rel)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, who=who)
        return self.rev("HEAD")

    def rev(self, spec):
        return self.git("rev-parse", spec)

    def date(self, spec):
        """The author date of a commit, as zkscan prints it."""
        return iso(int(self.git("log", "-1", "--format=%at", spec)))

    def tag_date(self, tag):
        """The tagger date of an annotated tag, as zkscan prints it."""
        return iso(int(self.git("for-each-ref", "--format=%(taggerdate:unix)", "refs/tags/" + tag)))

    def blobs(self):
        """Ids of every blob reachable from refs, reflogs and the index, as git lists them."""
        listed = self.git("rev-list", "--objects", "--all", "--reflog", "--indexed-objects")
        ids = "\n".join(line.split()[0] for line in listed.splitlines())
        typed = self.git("cat-file", "--batch-check=%(objectname) %(objecttype)", input=ids)
        return {line.split()[0] for line in typed.splitlines() if line.endswith(" blob")}

    def dangling_blobs(self, texts):
        """Writes blobs that nothing references, in one pack (fast even for thousands)."""
        stream = "".join(f"blob\ndata {len(t.encode())}\n{t}\n" for t in texts)
        self.git("fast-import", "--quiet", input=stream)

    def loose_object(self, oid):
        """The file of a loose object."""
        return os.path.join(self.git("rev-parse", "--absolute-git-dir"), "objects", oid[:2], oid[2:])


class ZkscanRun:
    """The outcome of one zkscan run; `report` is the parsed JSON report when there is one."""

    def __init__(self, args, done):
        self.args = args
        self.returncode = done.returncode
        self.stdout = done.stdout
        self.stderr = done.stderr
        self.report = None
        if "--format" in args and args[args.index("--format") + 1] == "json" and done.stdout.strip():
            self.report = json.loads(done.stdout)

    @property
    def findings(self):
        return self.report["findings"]

    @property
    def summary(self):
        return self.report["summary"]

    @property
    def errors(self):
        return self.report["errors"]

    def of(self, key):
        """The findings of one key, matched by fingerprint."""
        return [f for f in self.findings if f["fingerprint"] == fingerprint(key)]

    def stderr_lines(self):
        return [line for line in self.stderr.splitlines() if line]


class GitTestCase(unittest.TestCase):
    """A temporary directory, a clock and a key generator per test, all deterministic."""

    maxDiff = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="zkscan-git-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.home = os.path.join(self.tmp, "home")
        os.makedirs(self.home)
        with open(os.path.join(self.home, "gitconfig"), "w") as f:
            f.write("[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n"
                    "[gc]\n\tauto = 0\n[maintenance]\n\tauto = false\n")
        self.clock = Clock()
        self.keys = Keys(zlib.crc32(self.id().encode()))

    def new_repo(self, name="repo", *init_args):
        path = os.path.join(self.tmp, name)
        os.makedirs(path)
        repo = Repo(path, self.home, self.clock)
        repo.git("init", "-q", *init_args)
        return repo

    def clone(self, source, name, *clone_args):
        """`git clone ARGS file://SOURCE NAME`: file:// so that --depth and --filter apply."""
        Repo(self.tmp, self.home, self.clock).git("clone", "-q", *clone_args, "file://" + source.path, name)
        return Repo(os.path.join(self.tmp, name), self.home, self.clock)

    def zkscan(self, *args, cwd=None, env=None):
        """Runs the binary: it must exit 0, 1 or 2 (never die on a signal) within the time limit,
        and print no key of this test in full unless --show-secrets is given."""
        args = [str(a) for a in args]
        done = subprocess.run([ZKSCAN, *args], cwd=cwd or self.tmp, capture_output=True, text=True,
                              timeout=60, env={**os.environ, "NO_COLOR": "1", **(env or {})})
        self.assertIn(done.returncode, (0, 1, 2), f"zkscan {' '.join(args)} died: {done.stderr}")
        if "--show-secrets" not in args:
            shown = set(_KEY.findall(done.stdout + done.stderr)) & self.keys.issued
            self.assertFalse(shown, f"printed in full: {sorted(redacted(k) for k in shown)}")
        return ZkscanRun(args, done)

    def scan(self, target, *args, env=None):
        """`zkscan git TARGET --format json ARGS`, where TARGET is a Repo or a path."""
        path = target.path if isinstance(target, Repo) else target
        return self.zkscan("git", path, "--format", "json", *args, env=env)

    def libgit2_leaks_allowed(self):
        """Environment for a run that takes one of libgit2's leaking error paths: LeakSanitizer
        builds (tools/test.sh) then ignore leaks from inside libgit2, and only there."""
        supp = os.path.join(self.tmp, "lsan.supp")
        with open(supp, "w") as f:
            # Frames inside PCRE2 (libgit2's regex engine) have no frame pointers, so a leak
            # of its match data may show only libpcre2 in the stack.
            f.write("leak:libgit2.so\nleak:libpcre2-8.so\n")
        options = os.environ.get("LSAN_OPTIONS", "")
        return {"LSAN_OPTIONS": f"{options}:suppressions={supp}:print_suppressions=0".lstrip(":")}

    def assert_one(self, run, key, **expected):
        """Exactly one finding of `key`, with the `expected` fields; returns it."""
        found = run.of(key)
        self.assertEqual(len(found), 1, f"findings of {redacted(key)}: {found}")
        self.assertEqual({k: found[0].get(k) for k in expected}, expected)
        return found[0]

    def assert_error_exit(self, run, *fragments):
        """Exit 2 with one diagnostic line on stderr that holds every fragment."""
        self.assertEqual(run.returncode, 2, run.stderr)
        lines = run.stderr_lines()
        self.assertEqual(len(lines), 1, run.stderr)
        self.assertTrue(lines[0].startswith("zkscan: error: "), lines[0])
        for fragment in fragments:
            self.assertIn(fragment, lines[0])
