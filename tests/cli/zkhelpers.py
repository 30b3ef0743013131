"""Shared helpers for zkscan's end-to-end tests: run the binary, build trees, make fake keys.

Keys are generated at test time from a seeded RNG (never written in a test file), and every
run checks that no generated key appears in full in the output unless --show-secrets asks for it.
"""

import hashlib
import json
import os
import random
import shutil
import stat
import string
import subprocess
import tempfile
import time
import unittest
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE_DIR = Path(os.environ.get("ZKSCAN_SOURCE_DIR", HERE.parent.parent))
BUILD_DIR = Path(os.environ.get("ZKSCAN_BUILD_DIR", SOURCE_DIR / "build"))
# Absolute: hooks record it and run it from other directories.
ZKSCAN = os.path.abspath(os.environ.get("ZKSCAN", str(BUILD_DIR / "zkscan")))

CHUNK = 4 << 20  # scan::kChunk: large files are read in chunks of this size
NOBODY = 65534
ALNUM = string.ascii_letters + string.digits
FINDING_FIELDS = {"rule", "environment", "severity", "path_class", "path", "line", "column",
                  "secret", "fingerprint", "message", "source"}
SUMMARY_FIELDS = {"files", "bytes", "findings", "placeholders", "seconds"}


def fingerprint(key):
    return hashlib.sha256(key.encode()).hexdigest()


def redacted(key):
    """The key as reports show it: prefix, ****, last four characters."""
    return key[:8] + "****" + key[-4:]


def iso(timestamp):
    """A Unix time as reports write dates: 2026-01-31T10:00:00Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp))


def placeholder(prefix="zk_live_"):
    """The provider's documentation placeholder."""
    return prefix + "x" * 28


class Keys:
    """Fake keys from a seeded RNG, remembered so that outputs can be checked for leaks."""

    def __init__(self, seed):
        self._rng = random.Random(seed)
        self.made = []

    def body(self, n=28, alphabet=ALNUM):
        return "".join(self._rng.choice(alphabet) for _ in range(n))

    def make(self, prefix, n=28, alphabet=ALNUM):
        key = prefix + self.body(n, alphabet)
        self.made.append(key)
        return key

    def live(self):
        return self.make("zk_live_")

    def test(self):
        return self.make("zk_test_")


class Result:
    """A finished zkscan run: exit code, raw stdout, decoded stderr, and stdout as JSON."""

    def __init__(self, proc):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr.decode("utf-8", "replace")
        self.text = proc.stdout.decode("utf-8", "replace")

    @property
    def doc(self):
        return json.loads(self.stdout)

    @property
    def stderr_lines(self):
        return self.stderr.splitlines()


class ZkTestCase(unittest.TestCase):
    """A test with a fresh temporary directory (self.root) and its own seeded key generator."""

    maxDiff = None

    def setUp(self):
        self.keys = Keys(zlib.crc32(self.id().encode()))
        self.root = Path(tempfile.mkdtemp(prefix="zkscan-cli-"))
        self.addCleanup(self._remove, self.root)

    @staticmethod
    def _remove(path):
        # Give back permissions a test took away, so that the tree can be removed.
        for dirpath, dirnames, _ in os.walk(path):
            for d in dirnames:
                p = os.path.join(dirpath, d)
                if not os.path.islink(p):
                    os.chmod(p, 0o755)
        shutil.rmtree(path, ignore_errors=True)

    def mkdtemp(self):
        """Another temporary directory, removed after the test."""
        path = Path(tempfile.mkdtemp(prefix="zkscan-cli-"))
        self.addCleanup(self._remove, path)
        return path

    def write(self, rel, content, root=None):
        """Writes str or bytes to root/rel (root defaults to self.root), creating directories."""
        path = (root or self.root) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return path

    def tree(self, files, root=None):
        """Writes {relative path: content} and returns the root."""
        for rel, content in files.items():
            self.write(rel, content, root)
        return root or self.root

    def zkscan(self, *args, cwd=None, user=None, timeout=60):
        """Runs the binary. Fails the test if a generated key shows in full without --show-secrets."""
        env = dict(os.environ, NO_COLOR="1")
        env.pop("ZKSCAN_RULES_DIR", None)
        kwargs = {}
        if user is not None:
            kwargs.update(user=user, group=user, extra_groups=[])
        proc = subprocess.run([ZKSCAN, *map(str, args)], cwd=cwd or self.root, env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout,
                              **kwargs)
        result = Result(proc)
        if "--show-secrets" not in args:
            self.assert_no_full_key(proc.stdout + proc.stderr)
        return result

    def scan(self, *options, paths=None, **kwargs):
        """`zkscan scan --format json OPTIONS PATHS` (default: self.root); .doc is the report."""
        paths = [self.root] if paths is None else paths
        return self.zkscan("scan", "--format", "json", *options, *paths, **kwargs)

    def read_report(self, path):
        data = Path(path).read_bytes()
        self.assert_no_full_key(data)
        return data

    def assert_no_full_key(self, data):
        for key in self.keys.made:
            if key.encode() in data:
                self.fail(f"the full key {redacted(key)} appears in zkscan's output")

    def assert_usage_error(self, result, *mentions):
        """Exit 2, nothing on stdout, one line on stderr that mentions each of `mentions`."""
        self.assertEqual(result.rc, 2, result.stderr)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(len(result.stderr_lines), 1, result.stderr)
        self.assertTrue(result.stderr.startswith("zkscan: "), result.stderr)
        for m in mentions:
            self.assertIn(str(m), result.stderr)

    def assert_valid_report(self, doc):
        """The JSON report's shape: top-level fields, every finding's fields, the summary."""
        self.assertEqual(doc["tool"], "zkscan")
        self.assertRegex(doc["version"], r"^\d+\.\d+\.\d+$")
        self.assertIsInstance(doc["errors"], list)
        self.assertTrue(SUMMARY_FIELDS <= set(doc["summary"]), doc["summary"])
        self.assertEqual(doc["summary"]["findings"], len(doc["findings"]))
        for f in doc["findings"]:
            self.assertEqual(set(f), FINDING_FIELDS)
            self.assertEqual(f["source"], "worktree")
            self.assertRegex(f["fingerprint"], r"^[0-9a-f]{64}$")
            self.assertRegex(f["secret"], r"^zk_(live|test)_\*\*\*\*[A-Za-z0-9]{4}$")
        keys = [(f["path"], f["line"], f["column"], f["rule"]) for f in doc["findings"]]
        self.assertEqual(keys, sorted(keys), "findings are not sorted")

    def finding_for(self, doc, key):
        """The one finding of `key` (matched by fingerprint)."""
        found = [f for f in doc["findings"] if f["fingerprint"] == fingerprint(key)]
        self.assertEqual(len(found), 1, f"findings of {redacted(key)}: {found}")
        return found[0]

    def can_run_as(self, user):
        """Whether the binary and its rules are usable by `user` (for permission tests as root)."""
        try:
            return self.zkscan("rules", "check", user=user, cwd=self.root).rc == 0
        except (OSError, subprocess.SubprocessError):
            return False

    def make_world_readable(self, path):
        os.chmod(path, os.stat(path).st_mode | stat.S_IROTH | stat.S_IXOTH)
