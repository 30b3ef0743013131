"""Test kit for zkscan's git hooks: scratch repositories with real git, bare remotes on disk,
fake keys, and runs of git whose hooks call the zkscan under test.

- Keys come from a seeded RNG at test time; no full key is written in a test file. Output is
  checked for the redacted form, and failure messages go through `scrub()`, which replaces
  every full key, so a failing test prints none.
- Every git command runs with a private HOME, no system or global configuration, a fixed
  identity and no ZKSCAN variable: the hooks must find zkscan through what `zkscan hook
  install` recorded, unless a test says otherwise.
"""

import os
import random
import shutil
import subprocess
import tempfile
import unittest

from zkhelpers import ALNUM, SOURCE_DIR, ZKSCAN, redacted  # noqa: F401 (re-exported)

ZERO = "0" * 40


def scrub(text, keys):
    for k in keys:
        text = text.replace(k, redacted(k))
    return text


class Run:
    """A finished command: its exit code and its stdout and stderr, interleaved."""

    def __init__(self, argv, returncode, output):
        self.argv = argv
        self.returncode = returncode
        self.output = output


class Sandbox:
    """A temporary directory with a private HOME for work repositories and bare remotes."""

    def __init__(self, test, seed):
        self.test = test
        self.root = tempfile.mkdtemp(prefix="zkhooks-")
        test.addCleanup(shutil.rmtree, self.root, ignore_errors=True)
        self.home = os.path.join(self.root, "home")
        os.makedirs(self.home)
        self._rng = random.Random(seed)
        self.keys = []  # every key handed out, for scrub()
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("GIT_") and not k.startswith("PRE_COMMIT") and k != "ZKSCAN"}
        self.env.update({
            "HOME": self.home,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.path.join(self.home, ".gitconfig"),
            "GIT_AUTHOR_NAME": "Ana Souza", "GIT_AUTHOR_EMAIL": "ana@example.com",
            "GIT_COMMITTER_NAME": "Ana Souza", "GIT_COMMITTER_EMAIL": "ana@example.com",
            "NO_COLOR": "1",
            "PRE_COMMIT_HOME": os.path.join(self.root, "pre-commit-cache"),
        })
        with open(self.env["GIT_CONFIG_GLOBAL"], "w") as f:
            f.write("[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n")

    def key(self, environment="live"):
        """A fake key from the sandbox's seeded RNG."""
        k = f"zk_{environment}_" + "".join(self._rng.choice(ALNUM) for _ in range(28))
        self.keys.append(k)
        return k

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def run(self, argv, cwd, env=None, stdin=None):
        e = dict(self.env)
        e.update(env or {})
        p = subprocess.run(argv, cwd=cwd, env=e, input=stdin, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, errors="replace", timeout=300)
        return Run(argv, p.returncode, p.stdout)

    def repo(self, name="work"):
        path = self.path(name)
        os.makedirs(path)
        r = Repo(self, path)
        r.git("init", "-q")
        return r

    def bare(self, name="remote.git"):
        path = self.path(name)
        r = self.run(["git", "init", "-q", "--bare", path], cwd=self.root)
        self.test.assertEqual(r.returncode, 0, r.output)
        return Repo(self, path)

    def explain(self, run):
        """A failure message: the command and its output, keys redacted."""
        return scrub(f"$ {' '.join(run.argv)} -> exit {run.returncode}\n{run.output}", self.keys)


class Repo:
    def __init__(self, sandbox, path):
        self.sb = sandbox
        self.path = path

    def git(self, *args, env=None, stdin=None, check=True):
        r = self.sb.run(["git", *args], cwd=self.path, env=env, stdin=stdin)
        if check and r.returncode != 0:
            self.sb.test.fail(self.sb.explain(r))
        return r

    def zkscan(self, *args, env=None, stdin=None):
        return self.sb.run([ZKSCAN, *args], cwd=self.path, env=env, stdin=stdin)

    def rev(self, rev="HEAD"):
        r = self.git("rev-parse", "--verify", "--quiet", rev + "^{commit}", check=False)
        return r.output.strip() if r.returncode == 0 else None

    def write(self, rel, text):
        full = os.path.join(self.path, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)

    def stage(self, rel, text):
        self.write(rel, text)
        self.git("add", "--", rel)

    def stage_key(self, rel, key):
        self.stage(rel, f'ZIETT_API_KEY = "{key}"\n')

    def commit(self, message, *flags, env=None):
        """git commit, hooks and all; the caller checks the outcome."""
        return self.git("commit", "-q", "-m", message, *flags, env=env, check=False)

    def hooks_dir(self):
        out = self.git("rev-parse", "--git-path", "hooks").output.strip()
        return os.path.normpath(os.path.join(self.path, out))


class HookTestCase(unittest.TestCase):
    def assertNoFullKey(self, run, sb):
        for k in sb.keys:
            if k in run.output:
                self.fail("a full key was printed:\n" + sb.explain(run))

    def assertBlocked(self, run, sb, *needles):
        """Non-zero exit, no full key printed, and each needle in the output."""
        self.assertNotEqual(run.returncode, 0, sb.explain(run))
        self.assertNoFullKey(run, sb)
        for n in needles:
            self.assertIn(n, run.output, sb.explain(run))

    def assertPassed(self, run, sb):
        self.assertEqual(run.returncode, 0, sb.explain(run))
        self.assertNoFullKey(run, sb)
