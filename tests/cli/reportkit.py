"""Helpers for the report tests: fake keys, fixture trees, goldens, SARIF validation.

Stdlib only. The binary is $ZKSCAN; the source and build trees are $ZKSCAN_SOURCE_DIR and
$ZKSCAN_BUILD_DIR (set by tests/CMakeLists.txt).
"""

import difflib
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

from zkhelpers import BUILD_DIR, SOURCE_DIR, ZKSCAN, fingerprint, redacted  # noqa: F401 (re-exported)

GOLDEN_DIR = SOURCE_DIR / "tests" / "golden"

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def fake_key(env, label):
    """A key made at test time, the same on every run: zk_<env>_ and 28 characters from
    SHA-256 of the label (a seeded generator that no Python version changes)."""
    digest = hashlib.sha256(("zkscan-test/" + label).encode()).digest()
    return "zk_%s_%s" % (env, "".join(_ALPHABET[b % 62] for b in digest[:28]))


def write_tree(root, files):
    """files: {relative path: str or bytes}."""
    root = Path(root)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode()
        path.write_bytes(content)


def run(args, cwd, env=None, stdout=subprocess.PIPE):
    """Runs zkscan; returns the CompletedProcess (bytes)."""
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    full_env.update(env or {})
    return subprocess.run([ZKSCAN] + list(args), cwd=cwd, env=full_env, stdout=stdout,
                          stderr=subprocess.PIPE, timeout=300)


def git(cwd, *args, env=None):
    full_env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=str(cwd),
                    GIT_AUTHOR_NAME="Ann Dev", GIT_AUTHOR_EMAIL="ann@example.com",
                    GIT_COMMITTER_NAME="Ann Dev", GIT_COMMITTER_EMAIL="ann@example.com")
    full_env.update(env or {})
    return subprocess.run(["git"] + list(args), cwd=cwd, env=full_env, check=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE).stdout.decode()


# The golden fixture: every severity and path class, a client-exposed variable, two keys on
# one line, the same key in two files, a placeholder, an inline allow, a path with a space and
# non-ASCII letters, a line with non-ASCII before the key, and a key 300 bytes into a line.
def golden_keys():
    return {name: fake_key(env, "golden/" + name) for name, env in [
        ("web", "live"), ("vite", "test"), ("swift", "live"), ("server", "live"),
        ("server2", "test"), ("staging", "live"), ("test", "test"), ("allowed", "live"),
        ("bundle", "test")]}


def golden_fixture(root):
    k = golden_keys()
    write_tree(root, {
        "web/src/config.js": 'export const config = {\n  apiKey: "%s",\n};\n' % k["web"],
        "web/.env": "VITE_ZIETT_KEY=%s\n" % k["vite"],
        "ios/App/Ziett.swift": 'let apiKey = "%s"\n' % k["swift"],
        "server/billing.py": 'LIVE = "%s"; TEST = "%s"\n' % (k["server"], k["server2"]),
        "config/staging.yml": "ziett:\n  api_key: %s\n" % k["staging"],
        "tests/test_api.py": 'TEST_KEY = "%s"\n' % k["test"],
        "docs/guide.md": ("Send `X-API-KEY: zk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx`.\n"
                          "Example: %s  <!-- zkscan:allow -->\n" % k["allowed"]),
        "docs/\u00fcber uns/notes.txt": "# Schl\u00fcssel \U0001F511: %s\n" % k["web"],
        "dist/bundle.min.js": 'var a="%s";var k="%s";\n' % ("x" * 300, k["bundle"]),
    })
    return k


def sarif_root_uri(path):
    return "file://" + urllib.parse.quote(str(Path(path).resolve()).rstrip("/") + "/", safe="/")


def normalize(fmt, text, root=None):
    """Removes what depends on time or on where the fixture lives."""
    text = re.sub(r"in \d+\.\d+ s", "in 0.00 s", text)
    text = re.sub(r'"seconds": [0-9.eE+-]+', '"seconds": 0', text)
    text = re.sub(r'"(start|end)_time": "[0-9T:-]+"', r'"\1_time": "2000-01-01T00:00:00"', text)
    if root is not None:
        text = text.replace(sarif_root_uri(root), "file:///FIXTURE/")
    return text


def check_golden(test, name, actual):
    """Compares with tests/golden/<name>; ZKSCAN_UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN_DIR / name
    if os.environ.get("ZKSCAN_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        test.fail("%s is missing: create it with ZKSCAN_UPDATE_GOLDEN=1 and review it" % path)
    expected = path.read_text(encoding="utf-8")
    if expected != actual:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            str(path), "actual"))
        test.fail("%s differs (review, then regenerate with ZKSCAN_UPDATE_GOLDEN=1):\n%s"
                  % (path, diff))


# --- SARIF validation: Microsoft's Sarif.Multitool from the npm package @microsoft/sarif-multitool.
#
# The package's own launcher (node_modules/.bin/sarif-multitool) runs the tool through a shell
# without quoting, so `--rule-kind "Sarif;Gh"` loses everything after the ';' (GitHub's rules
# silently do not run). The native executable of the platform package is run directly instead.

_NPM_DIR = SOURCE_DIR / ".cache" / "npm"


def _native_multitool():
    system = {"Linux": "linux", "Darwin": "darwin"}.get(platform.system())
    if system is None:
        return None
    exe = _NPM_DIR / "node_modules" / "@microsoft" / ("sarif-multitool-" + system) / "Sarif.Multitool"
    return exe if exe.exists() else None


def sarif_multitool():
    """(path, None) or (None, why it is unavailable). Installs with tools/install-test-tools.sh
    when npm is present and the tool is not there yet."""
    exe = _native_multitool()
    if exe is None and shutil.which("npm"):
        subprocess.run(["bash", str(SOURCE_DIR / "tools" / "install-test-tools.sh")],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=900)
        exe = _native_multitool()
    if exe is not None:
        os.chmod(exe, os.stat(exe).st_mode | 0o111)
        return exe, None
    if not shutil.which("npm"):
        return None, "npm is not installed, so @microsoft/sarif-multitool cannot be installed"
    return None, ("@microsoft/sarif-multitool is not in %s (tools/install-test-tools.sh could not "
                  "install it: no registry access, or no native build for this platform)" % _NPM_DIR)


def validate_sarif(exe, sarif_path, out_dir):
    """Runs `Sarif.Multitool validate FILE -o OUT --rule-kind "Sarif;Gh"` and returns
    (error-level problems, the tool's console summary). The tool exits 0 even when it finds
    errors, so its output log (itself SARIF) is read instead."""
    out = Path(out_dir) / (Path(sarif_path).name + ".validation.sarif")
    # No ICU needed; the single-file bundle extracts under .cache, not $HOME (unset in some CIs).
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1", DOTNET_CLI_TELEMETRY_OPTOUT="1",
               DOTNET_BUNDLE_EXTRACT_BASE_DIR=str(SOURCE_DIR / ".cache" / "dotnet-bundle"))
    proc = subprocess.run([str(exe), "validate", str(sarif_path), "-o", str(out),
                           "--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh"],
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    console = proc.stdout.decode(errors="replace")
    if not out.exists():
        return ["the validator wrote no log (exit %d): %s" % (proc.returncode, console)], console
    log = json.loads(out.read_text(encoding="utf-8-sig"))
    errors = []
    for run_ in log.get("runs", []):
        rules = run_.get("tool", {}).get("driver", {}).get("rules", [])
        for res in run_.get("results", []):
            level = res.get("level")
            if level is None and "ruleIndex" in res and res["ruleIndex"] < len(rules):
                level = rules[res["ruleIndex"]].get("defaultConfiguration", {}).get("level")
            if (level or "warning") == "error":
                msg = res.get("message", {})
                errors.append("%s %s %s" % (res.get("ruleId"), msg.get("id", ""),
                                            msg.get("text") or msg.get("arguments")))
        for inv in run_.get("invocations", []):
            for note in (inv.get("toolExecutionNotifications", [])
                         + inv.get("toolConfigurationNotifications", [])):
                if note.get("level") == "error":
                    errors.append("validator: %s" % note.get("message", {}).get("text"))
    return errors, console
