"""Helpers for test_robustness.py: fake keys, running the binary with a timeout (and as an
unprivileged user when the tests run as root), peak memory, and report parsing."""
import json
import os
import pwd
import random
import shutil
import subprocess
import sys
import tempfile
import unittest

from zkhelpers import ALNUM, ZKSCAN, redacted  # noqa: F401 (re-exported)



def is_placeholder_like(body):
    """Loosely what zkscan calls a placeholder: runs, short repeats, sequences."""
    for i in range(len(body) - 3):
        window = body[i:i + 4]
        if len(set(window)) == 1:
            return True
    for i in range(len(body) - 6):
        if all(ord(body[j + 1]) - ord(body[j]) in (1, -1) for j in range(i, i + 6)):
            return True
    return len(set(body)) < 12


def make_key(seed, live=True):
    """A random-looking key, made at test time (no key is committed), the same for a seed."""
    rng = random.Random(f"robustkit-{seed}")
    while True:
        body = "".join(rng.choice(ALNUM) for _ in range(28))
        if not is_placeholder_like(body):
            return ("zk_live_" if live else "zk_test_") + body


def temp_tree(test):
    """A temporary directory removed after the test; readable by every user (for setpriv)."""
    path = tempfile.mkdtemp(prefix="zkscan-robust-")
    os.chmod(path, 0o755)

    def cleanup():
        # Undo chmod 000 and friends so rmtree can remove everything.
        os.chmod(path, 0o755)
        for root, dirs, _ in os.walk(path):
            for d in dirs:
                if not os.path.islink(os.path.join(root, d)):
                    os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(path, ignore_errors=True)

    test.addCleanup(cleanup)
    return path


def write(path, data, mode=None):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)
    if mode is not None:
        os.chmod(path, mode)
    return path


def unprivileged_prefix():
    """How to run a command as 'nobody' when the tests run as root (root reads any file, so
    permission errors need another user); [] when not root. None when root cannot drop."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("nobody")
    except KeyError:
        return None
    if shutil.which("setpriv"):
        group = "nogroup" if _group_exists("nogroup") else "nobody"
        return ["setpriv", "--reuid=nobody", f"--regid={group}", "--clear-groups", "--"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    return None


def _group_exists(name):
    import grp
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


class Result:
    def __init__(self, proc, max_rss_kib=None):
        self.code = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.max_rss_kib = max_rss_kib

    @property
    def err_lines(self):
        return self.stderr.decode("utf-8", "replace").splitlines()

    def json(self):
        """The JSON report: must be valid UTF-8 and valid JSON."""
        return json.loads(self.stdout.decode("utf-8"))

    def __repr__(self):
        return (f"exit {self.code}\nstdout: {self.stdout[:2000]!r}\n"
                f"stderr: {self.stderr[:2000]!r}")


def run(args, cwd=None, timeout=120, as_user=False, env=None, measure_rss=False, stdout=None):
    """Runs zkscan with `args`. A hang fails the test (TimeoutExpired), never the suite."""
    cmd = [ZKSCAN] + list(args)
    if as_user:
        prefix = unprivileged_prefix()
        if prefix is None:
            raise unittest.SkipTest("cannot run as an unprivileged user")
        cmd = prefix + cmd
    if measure_rss:
        # A wrapper process whose only child is zkscan: RUSAGE_CHILDREN is zkscan's peak RSS.
        cmd = [sys.executable, "-c",
               "import resource, subprocess, sys\n"
               "r = subprocess.run(sys.argv[1:])\n"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
               "sys.exit(r.returncode)\n"] + cmd
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    full_env.update(env or {})
    proc = subprocess.run(cmd, cwd=cwd, timeout=timeout, env=full_env,
                          stdout=stdout if stdout is not None else subprocess.PIPE,
                          stderr=subprocess.PIPE)
    # Under ASan/UBSan (tools/test.sh's second pass) a report may come with any exit code,
    # including 1, which also means "findings": look for it explicitly.
    for marker in (b"ERROR: AddressSanitizer", b"ERROR: LeakSanitizer", b"runtime error:"):
        if marker in proc.stderr:
            raise AssertionError(f"sanitizer report from {cmd}:\n{proc.stderr.decode('utf-8', 'replace')}")
    rss = None
    if measure_rss:
        lines = proc.stderr.rstrip(b"\n").split(b"\n")
        rss = int(lines[-1])
        proc.stderr = b"\n".join(lines[:-1]) + (b"\n" if len(lines) > 1 else b"")
    return Result(proc, rss)
