"""Reports end to end: goldens for the four formats, SARIF validation, redaction, colour, and
suppression (inline allow, .zkscanignore, --baseline, allowlisted paths, --fail-on) on real
trees and repositories made at test time."""

import json
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import reportkit as rk

FORMATS = {"text": "scan.txt", "json": "scan.json", "sarif": "scan.sarif", "gitlab": "scan.gitlab.json"}


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="zkscan-reports-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def scan(self, *args, cwd=None, env=None):
        return rk.run(["scan"] + list(args), cwd=cwd or self.tmp, env=env)

    def json_scan(self, *args, cwd=None):
        proc = self.scan("--format", "json", *args, cwd=cwd)
        return proc.returncode, json.loads(proc.stdout)


class GoldenTest(TempDirTest):
    """The four formats on a fixed fixture, compared with tests/golden/scan.*."""

    def test_goldens_do_not_depend_on_threads_paths_or_time(self):
        rk.golden_fixture(self.tmp)
        for fmt, golden in FORMATS.items():
            outputs = []
            for threads in ("1", "4"):
                proc = self.scan("--format", fmt, "--threads", threads)
                self.assertEqual(proc.returncode, 1, proc.stderr.decode())
                outputs.append(rk.normalize(fmt, proc.stdout.decode(), root=self.tmp))
            self.assertEqual(outputs[0], outputs[1], "%s output depends on the thread count" % fmt)
            self.assertNotIn(str(self.tmp), outputs[0], "%s output has the fixture's path" % fmt)
            rk.check_golden(self, golden, outputs[0])

    def test_fixture_findings(self):
        keys = rk.golden_fixture(self.tmp)
        rc, doc = self.json_scan()
        self.assertEqual(rc, 1)
        got = sorted((f["path"], f["severity"], f["secret"]) for f in doc["findings"])
        self.assertEqual(got, sorted([
            ("config/staging.yml", "high", rk.redacted(keys["staging"])),
            ("dist/bundle.min.js", "medium", rk.redacted(keys["bundle"])),
            ("docs/\u00fcber uns/notes.txt", "high", rk.redacted(keys["web"])),
            ("ios/App/Ziett.swift", "critical", rk.redacted(keys["swift"])),
            ("server/billing.py", "high", rk.redacted(keys["server"])),
            ("server/billing.py", "low", rk.redacted(keys["server2"])),
            ("tests/test_api.py", "low", rk.redacted(keys["test"])),
            ("web/.env", "medium", rk.redacted(keys["vite"])),
            ("web/src/config.js", "critical", rk.redacted(keys["web"])),
        ]))
        self.assertEqual(doc["summary"]["placeholders"], 1)
        self.assertEqual(doc["summary"]["suppressed"], 1)


class SarifTest(TempDirTest):
    """SARIF from scan and git, checked for content and by Microsoft's validator with GitHub's
    ingestion rules (`Sarif.Multitool validate --rule-kind "Sarif;Gh"`)."""

    def sarif(self, *args, command="scan", cwd=None):
        proc = rk.run([command, "--format", "sarif"] + list(args), cwd=cwd or self.tmp)
        self.assertIn(proc.returncode, (0, 1), proc.stderr.decode())
        return proc.stdout

    def validate(self, name, sarif_bytes):
        exe, why = rk.sarif_multitool()
        if exe is None:
            self.skipTest("SARIF validation skipped: " + why)
        path = self.tmp.parent / (self.tmp.name + "-" + name)
        path.write_bytes(sarif_bytes)
        self.addCleanup(path.unlink)
        errors, console = rk.validate_sarif(exe, path, self.tmp.parent)
        self.addCleanup(lambda: (self.tmp.parent / (path.name + ".validation.sarif")).unlink(missing_ok=True))
        self.assertEqual(errors, [], "Sarif.Multitool found errors in %s:\n%s" % (name, console))

    def test_the_validator_catches_errors(self):
        # Not vacuous: a result without locations breaks GitHub's ingestion rules.
        broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "version": "1"}},
                                                "results": [{"ruleId": "r", "message": {"text": "m."}}]}]}
        exe, why = rk.sarif_multitool()
        if exe is None:
            self.skipTest("SARIF validation skipped: " + why)
        path = self.tmp / "broken.sarif"
        path.write_text(json.dumps(broken))
        errors, console = rk.validate_sarif(exe, path, self.tmp)
        self.assertTrue(any(e.startswith("GH") for e in errors), console)

    def test_scan_sarif_passes_the_validator(self):
        rk.golden_fixture(self.tmp)
        self.validate("scan.sarif", self.sarif())

    def test_absolute_paths_become_relative_references(self):
        # Several paths given as absolute paths: %SRCROOT% is the current directory, and a URI
        # may not start with '/' (SARIF1004), so they are made relative to it.
        rk.write_tree(self.tmp, {"a/x.py": 'K = "%s"\n' % rk.fake_key("live", "abs/a"),
                                 "b/y.py": 'K = "%s"\n' % rk.fake_key("test", "abs/b")})
        (self.tmp / "cwd").mkdir()
        raw = self.sarif(str(self.tmp / "a"), str(self.tmp / "b/y.py"), cwd=self.tmp / "cwd")
        uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in json.loads(raw)["runs"][0]["results"]]
        self.assertEqual(uris, ["../a/x.py", "../b/y.py"])
        self.validate("absolute.sarif", raw)

    def test_history_golden_passes_the_validator(self):
        # tests/golden/history.sarif is what the unit tests check the writer produces for a
        # hand-built history report (commits, a commit message, unreachable and staged blobs,
        # errors).
        self.validate("history.sarif", (rk.GOLDEN_DIR / "history.sarif").read_bytes())

    def make_history(self):
        repo = self.tmp / "repo"
        repo.mkdir()
        rk.git(repo, "init", "-q", "-b", "main")
        rk.write_tree(repo, {"web/src/app.js": 'const k = "%s";\n' % rk.fake_key("live", "h/web")})
        rk.git(repo, "add", "-A")
        rk.git(repo, "commit", "-q", "-m", "web")
        rk.git(repo, "rm", "-q", "web/src/app.js")
        rk.git(repo, "commit", "-q", "-m", "remove the key", "-m", rk.fake_key("live", "h/msg"))
        rk.write_tree(repo, {"server/my notes/\u00e9t\u00e9.py": "K = '%s'\n" % rk.fake_key("test", "h/srv")})
        rk.git(repo, "add", "-A")
        rk.git(repo, "commit", "-q", "-m", "server")
        rk.git(repo, "remote", "add", "origin", "https://bob:hunter2@git.example.com/acme/shop.git")
        subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, check=True,
                       input=rk.fake_key("live", "h/dangling").encode(), stdout=subprocess.PIPE)
        rk.write_tree(repo, {"staged.py": "S = '%s'\n" % rk.fake_key("live", "h/staged")})
        rk.git(repo, "add", "staged.py")
        return repo

    def test_git_sarif_passes_the_validator_and_records_provenance(self):
        repo = self.make_history()
        head = rk.git(repo, "rev-parse", "HEAD").strip()
        raw = self.sarif(command="git", cwd=repo)
        run_ = json.loads(raw)["runs"][0]
        vcs = run_["versionControlProvenance"][0]
        self.assertEqual(vcs["revisionId"], head)
        self.assertEqual(vcs["repositoryUri"], "https://git.example.com/acme/shop.git")
        self.assertNotIn(b"hunter2", raw)
        sources = {r["properties"]["source"] for r in run_["results"]}
        self.assertTrue({"commit", "commit-message", "unreachable"} <= sources, sources)
        for r in run_["results"]:
            if r["properties"]["source"] == "commit":
                for field in ("commit", "author", "date", "blob", "in_head"):
                    self.assertIn(field, r["properties"])
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]}
        self.assertIn("COMMIT_MSG", uris)
        self.assertIn("server/my%20notes/%C3%A9t%C3%A9.py", uris)
        self.validate("git.sarif", raw)
        staged = self.sarif("--staged", command="git", cwd=repo)
        # --staged reads the repository without libgit2, but for SARIF's remote (its config).
        vcs = json.loads(staged)["runs"][0]["versionControlProvenance"][0]
        self.assertEqual((vcs["repositoryUri"], vcs["revisionId"]), ("https://git.example.com/acme/shop.git", head))
        self.validate("staged.sarif", staged)
        self.validate("range.sarif", self.sarif("--range", "HEAD~2..HEAD", command="git", cwd=repo))

    def test_severity_rules_and_fingerprints(self):
        keys = rk.golden_fixture(self.tmp)
        run_ = json.loads(self.sarif())["runs"][0]
        rules = run_["tool"]["driver"]["rules"]
        ids = [r["id"] for r in rules]
        self.assertEqual(len(ids), len(set(ids)))
        expected = {"critical": (9.0, 10.1), "high": (7.0, 9.0), "medium": (4.0, 7.0), "low": (0.0, 4.0)}
        for rule in rules:
            low, high = expected[rule["id"].split("/")[1]]
            score = float(rule["properties"]["security-severity"])
            self.assertTrue(low <= score < high, (rule["id"], score))
        by_uri = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r
                  for r in run_["results"]}
        web = by_uri["web/src/config.js"]
        self.assertEqual(web["ruleId"], "ziett-live-key/critical")
        self.assertEqual(by_uri["ios/App/Ziett.swift"]["ruleId"], "ziett-live-key/critical")
        self.assertEqual(by_uri["tests/test_api.py"]["ruleId"], "ziett-test-key/low")
        self.assertEqual(by_uri["web/.env"]["ruleId"], "ziett-test-key/medium")
        # The same key in another file: the same content fingerprint, so one alert.
        moved = by_uri["docs/%C3%BCber%20uns/notes.txt"]
        self.assertEqual(web["partialFingerprints"], moved["partialFingerprints"])
        self.assertEqual(web["partialFingerprints"]["zkscan/fingerprint/v1"], rk.fingerprint(keys["web"]))
        # "# Schlüssel 🔑: " is 19 bytes but 16 UTF-16 code units.
        self.assertEqual(moved["locations"][0]["physicalLocation"]["region"]["startColumn"], 17)
        self.assertEqual(run_["originalUriBaseIds"]["%SRCROOT%"]["uri"], rk.sarif_root_uri(self.tmp))
        self.assertNotIn("versionControlProvenance", run_)  # not a repository


class RedactionTest(TempDirTest):
    """No full key in any format's default output, on stdout, stderr or --output files."""

    def assert_no_keys(self, keys, *blobs, what=""):
        for blob in blobs:
            for key in keys:
                self.assertNotIn(key.encode(), blob, "%s printed a full key" % what)

    def test_scan_outputs(self):
        keys = list(rk.golden_fixture(self.tmp).values())
        for fmt in FORMATS:
            proc = self.scan("--format", fmt)
            self.assertEqual(proc.returncode, 1)
            self.assert_no_keys(keys, proc.stdout, proc.stderr, what=fmt)
            out = self.tmp.parent / (self.tmp.name + ".out")
            proc = self.scan("--format", fmt, "--output", str(out))
            self.addCleanup(out.unlink, missing_ok=True)
            self.assert_no_keys(keys, out.read_bytes(), proc.stdout, proc.stderr, what=fmt + " --output")
        shown = self.scan("--format", "json", "--show-secrets").stdout
        self.assertIn(rk.golden_keys()["web"].encode(), shown)  # the check can see keys

    def test_git_outputs(self):
        repo = self.tmp / "repo"
        repo.mkdir()
        rk.git(repo, "init", "-q", "-b", "main")
        keys = [rk.fake_key("live", "r/file"), rk.fake_key("test", "r/msg")]
        rk.write_tree(repo, {"app/config.js": 'k = "%s"\n' % keys[0]})
        rk.git(repo, "add", "-A")
        rk.git(repo, "commit", "-q", "-m", "config", "-m", "old key: " + keys[1])
        for fmt in FORMATS:
            proc = rk.run(["git", "--format", fmt], cwd=repo)
            self.assertEqual(proc.returncode, 1, proc.stderr.decode())
            self.assert_no_keys(keys, proc.stdout, proc.stderr, what="git " + fmt)

    def test_errors_are_redacted(self):
        # A directory whose path is longer than PATH_MAX cannot be opened, even by root: the
        # error names the path, and the path holds a key.
        key = rk.fake_key("live", "in-a-path")
        fd = os.open(self.tmp, os.O_RDONLY | os.O_DIRECTORY)
        try:
            for i in range(20):
                name = "d%02d-%s-%s" % (i, key, "p" * 200)
                os.mkdir(name, dir_fd=fd)
                next_fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
                os.close(fd)
                fd = next_fd
            with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as f:
                f.write("nothing here\n")
        finally:
            os.close(fd)
        for fmt in FORMATS:
            proc = self.scan("--format", fmt)
            self.assertEqual(proc.returncode, 2, "an incomplete scan is never clean")
            self.assertIn(b"zk_live_****", proc.stdout + proc.stderr)
            self.assert_no_keys([key], proc.stdout, proc.stderr, what=fmt + " errors")


def run_on_pty(args, cwd, env):
    """Runs zkscan with stdout on a pseudo-terminal; returns (exit code, what it printed)."""
    master, slave = pty.openpty()
    full_env = dict(os.environ, TERM="xterm-256color")
    full_env.pop("NO_COLOR", None)
    full_env.update(env)
    proc = subprocess.Popen([rk.ZKSCAN] + args, cwd=cwd, env=full_env, stdout=slave,
                            stderr=subprocess.DEVNULL)
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(timeout=60), out


class TextTest(TempDirTest):
    def test_colour_only_on_a_terminal(self):
        rk.golden_fixture(self.tmp)
        piped = self.scan()
        self.assertNotIn(b"\033[", piped.stdout)
        _, tty = run_on_pty(["scan"], self.tmp, {})
        self.assertIn(b"\033[1;31mCRITICAL", tty)
        for env, args in [({"NO_COLOR": "1"}, []), ({}, ["--no-color"]), ({"TERM": "dumb"}, [])]:
            rc, out = run_on_pty(["scan"] + args, self.tmp, env)
            self.assertEqual(rc, 1)
            self.assertIn(b"CRITICAL", out)
            self.assertNotIn(b"\033[", out, (env, args))
        _, empty = run_on_pty(["scan"], self.tmp, {"NO_COLOR": ""})  # no-color.org: empty is unset
        self.assertIn(b"\033[", empty)

    def test_readable_blocks_and_summary(self):
        keys = rk.golden_fixture(self.tmp)
        out = self.scan().stdout.decode()
        order = [out.index(h) for h in ("CRITICAL (2)", "HIGH (3)", "MEDIUM (2)", "LOW (2)")]
        self.assertEqual(order, sorted(order))
        self.assertIn('    2 |   apiKey: "%s",' % rk.redacted(keys["web"]), out)
        self.assertIn("Rotate the key in the Ziett Dashboard", out)
        self.assertIn("call the Ziett API from your backend", out)
        self.assertIn("environment variable or a secret manager", out)
        self.assertIn("one-key-per-environment", out)
        last = out.rstrip("\n").splitlines()[-1]
        self.assertRegex(last, r"^zkscan: 9 findings \(2 critical, 3 high, 2 medium, 2 low\) in 9 files "
                               r"\(.*\) in \d+\.\d\d s; 1 placeholder ignored; 1 suppressed$")


class SuppressionTest(TempDirTest):
    def tree(self):
        self.keys = {name: rk.fake_key(env, "supp/" + name) for name, env in
                     [("a", "live"), ("b", "test"), ("c", "live"), ("vendor", "live"),
                      ("snap", "live"), ("new", "live")]}
        k = self.keys
        rk.write_tree(self.tmp, {
            "src/a.py": 'A = "%s"\nALLOWED = "%s"  # zkscan:allow\n' % (k["a"], k["c"]),
            "src/b.py": 'B = "%s"\n' % k["b"],
            "vendor/lib/x.py": 'V = "%s"\n' % k["vendor"],
            "tests/__snapshots__/ui.snap": 'S = "%s"\n' % k["snap"],
        })

    def paths(self, doc):
        return sorted(f["path"] for f in doc["findings"])

    def test_inline_allow(self):
        self.tree()
        rc, doc = self.json_scan()
        self.assertNotIn(rk.redacted(self.keys["c"]), [f["secret"] for f in doc["findings"]])
        self.assertEqual(doc["summary"]["suppressed"], 1)

    def test_zkscanignore_with_comments(self):
        self.tree()
        fps = [rk.fingerprint(self.keys[n]) for n in ("b", "vendor")]
        (self.tmp / ".zkscanignore").write_text(
            "# reviewed 2026-01: test key, and the vendored SDK's sample key\n\n"
            "%s   # src/b.py\n%s\n" % (fps[0], fps[1]))
        rc, doc = self.json_scan()
        self.assertEqual(self.paths(doc), ["src/a.py", "tests/__snapshots__/ui.snap"])
        self.assertEqual(doc["summary"]["suppressed"], 3)
        (self.tmp / ".zkscanignore").write_text("not-a-fingerprint\n")
        proc = self.scan()
        self.assertEqual(proc.returncode, 2)
        self.assertIn(b".zkscanignore:1", proc.stderr)

    def test_allowlisted_paths(self):
        self.tree()
        (self.tmp / ".zkscan.toml").write_text('[allowlist]\npaths = ["vendor/", "*.snap"]\n')
        rc, doc = self.json_scan()
        self.assertEqual(self.paths(doc), ["src/a.py", "src/b.py"])

    def test_baseline(self):
        self.tree()
        baseline = self.tmp.parent / (self.tmp.name + "-baseline.json")
        self.addCleanup(baseline.unlink, missing_ok=True)
        proc = self.scan("--format", "json", "--output", str(baseline))
        self.assertEqual(proc.returncode, 1)
        # Nothing new: silent, exit 0.
        proc = self.scan("--baseline", str(baseline))
        self.assertEqual(proc.returncode, 0, proc.stdout.decode())
        self.assertIn(b"no findings", proc.stdout)
        # A new key: only it is reported, exit 1.
        rk.write_tree(self.tmp, {"src/new.py": 'N = "%s"\n' % self.keys["new"]})
        rc, doc = self.json_scan("--baseline", str(baseline))
        self.assertEqual(rc, 1)
        self.assertEqual([f["secret"] for f in doc["findings"]], [rk.redacted(self.keys["new"])])
        # An old key copied to a new file is a new finding (fingerprint and path).
        os.remove(self.tmp / "src/new.py")
        shutil.copy(self.tmp / "src/b.py", self.tmp / "src/copy.py")
        rc, doc = self.json_scan("--baseline", str(baseline))
        self.assertEqual((rc, self.paths(doc)), (1, ["src/copy.py"]))
        # Not a zkscan JSON report: a configuration error.
        baseline.write_text('{"runs": []}')
        self.assertEqual(self.scan("--baseline", str(baseline)).returncode, 2)

    def test_baseline_in_git_history(self):
        repo = self.tmp / "repo"
        repo.mkdir()
        rk.git(repo, "init", "-q", "-b", "main")
        rk.write_tree(repo, {"app.py": 'K = "%s"\n' % rk.fake_key("live", "g/old")})
        rk.git(repo, "add", "-A")
        rk.git(repo, "commit", "-q", "-m", "old")
        baseline = self.tmp / "baseline.json"
        self.assertEqual(rk.run(["git", "--format", "json", "-o", str(baseline)], cwd=repo).returncode, 1)
        self.assertEqual(rk.run(["git", "--baseline", str(baseline)], cwd=repo).returncode, 0)
        rk.write_tree(repo, {"web/app.jsx": 'const k = "%s";\n' % rk.fake_key("live", "g/new")})
        rk.git(repo, "add", "-A")
        rk.git(repo, "commit", "-q", "-m", "new")
        proc = rk.run(["git", "--format", "json", "--baseline", str(baseline)], cwd=repo)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual([f["path"] for f in json.loads(proc.stdout)["findings"]], ["web/app.jsx"])

    def test_fail_on(self):
        # One high (live key in server code) and one low (test key in server code).
        rk.write_tree(self.tmp, {"server/a.py": 'A = "%s"\nB = "%s"\n' % (
            rk.fake_key("live", "f/a"), rk.fake_key("test", "f/b"))})
        for fail_on, rc in [(None, 1), ("low", 1), ("medium", 1), ("high", 1), ("critical", 0)]:
            args = ["--format", "json"] + (["--fail-on", fail_on] if fail_on else [])
            proc = self.scan(*args)
            self.assertEqual(proc.returncode, rc, fail_on)
            self.assertEqual(len(json.loads(proc.stdout)["findings"]), 2, "reported either way")
        os.remove(self.tmp / "server/a.py")
        rk.write_tree(self.tmp, {"tests/t.py": 'T = "%s"\n' % rk.fake_key("test", "f/t")})
        self.assertEqual(self.scan("--fail-on", "medium").returncode, 0)
        self.assertEqual(self.scan("--fail-on", "low").returncode, 1)
        self.assertEqual(self.scan("--fail-on", "severe").returncode, 2)


if __name__ == "__main__":
    unittest.main()
