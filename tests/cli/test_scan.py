"""End-to-end tests of `zkscan scan` (and `zkscan rules`) on trees made at test time."""

import json
import os
import re
import subprocess
import unittest

from zkhelpers import (CHUNK, NOBODY, SOURCE_DIR, ZkTestCase, fingerprint, placeholder,
                       redacted)


class JsonReportTest(ZkTestCase):
    def test_a_finding_has_every_field_of_the_contract(self):
        key = self.keys.live()
        config = f'// Browser configuration\nexport const config = {{\n  apiKey: "{key}",\n}};\n'
        self.tree({"web/src/config.js": config, "README.md": "# nothing to see\n"})
        r = self.scan()
        self.assertEqual(r.rc, 1, r.stderr)
        doc = r.doc
        self.assert_valid_report(doc)
        self.assertEqual(doc["errors"], [])
        self.assertEqual(len(doc["findings"]), 1)
        f = doc["findings"][0]
        self.assertEqual(f["rule"], "ziett-live-key")
        self.assertEqual(f["environment"], "live")
        self.assertEqual(f["severity"], "critical")
        self.assertEqual(f["path_class"], "frontend")
        self.assertEqual(f["path"], "web/src/config.js")
        self.assertEqual(f["line"], 3)
        self.assertEqual(f["column"], 12)
        self.assertEqual(f["secret"], redacted(key))
        self.assertEqual(f["fingerprint"], fingerprint(key))
        self.assertIn("client-side code", f["message"])
        self.assertEqual(f["source"], "worktree")
        s = doc["summary"]
        self.assertEqual(s["files"], 2)
        self.assertEqual(s["bytes"], len(config) + len("# nothing to see\n"))
        self.assertEqual(s["findings"], 1)
        self.assertEqual(s["placeholders"], 0)
        self.assertIsInstance(s["seconds"], float)
        self.assertGreaterEqual(s["seconds"], 0.0)

    def test_clean_tree_exits_0(self):
        self.tree({"src/main.py": "print('hello')\n", "empty": ""})
        r = self.scan()
        self.assertEqual(r.rc, 0, r.stderr)
        self.assertEqual(r.doc["findings"], [])
        self.assertEqual(r.doc["errors"], [])
        self.assertEqual(r.doc["summary"]["files"], 2)

    def test_severity_and_path_class_follow_the_tables(self):
        cases = {  # path: (live?, class, severity)
            "web/src/config.js": (True, "frontend", "critical"),
            "android/app/src/main/java/Api.kt": (True, "mobile", "critical"),
            "lib/db.js": (True, "other", "high"),
            "config/staging.yml": (True, "nonprod", "high"),
            "public/index.html": (False, "frontend", "medium"),
            "ios/App/Config.swift": (False, "mobile", "medium"),
            "server/billing.py": (False, "other", "low"),
            "src/__tests__/App.test.tsx": (False, "nonprod", "low"),
            "web/server/billing.js": (True, "other", "high"),
            "android/app/build/outputs/app.js": (True, "mobile", "critical"),
        }
        placed = {}
        for path, (live, _, _) in cases.items():
            placed[path] = self.keys.live() if live else self.keys.test()
            self.write(path, f"key = '{placed[path]}'\n")
        doc = self.scan().doc
        self.assert_valid_report(doc)
        self.assertEqual(len(doc["findings"]), len(cases))
        for path, (live, cls, severity) in cases.items():
            with self.subTest(path=path):
                f = self.finding_for(doc, placed[path])
                self.assertEqual(f["path"], path)
                self.assertEqual((f["path_class"], f["severity"]), (cls, severity))
                self.assertEqual(f["environment"], "live" if live else "test")
                self.assertEqual(f["rule"], "ziett-live-key" if live else "ziett-test-key")
        staging = self.finding_for(doc, placed["config/staging.yml"])
        self.assertIn("one-key-per-environment", staging["message"])

    def test_client_exposed_variable_is_frontend_wherever_the_file_is(self):
        vite, plain, nuxt = self.keys.test(), self.keys.test(), self.keys.live()
        self.tree({"server/.env": f"VITE_ZIETT={vite}\nZIETT_KEY={plain}\n",
                   "deploy/app.yaml": f"env:\n  NUXT_PUBLIC_ZIETT_KEY: '{nuxt}'\n"})
        doc = self.scan().doc
        f = self.finding_for(doc, vite)
        self.assertEqual((f["path"], f["path_class"], f["severity"]), ("server/.env", "frontend", "medium"))
        self.assertIn("client-exposed", f["message"])
        f = self.finding_for(doc, plain)
        self.assertEqual((f["path_class"], f["severity"]), ("other", "low"))
        f = self.finding_for(doc, nuxt)
        self.assertEqual((f["path_class"], f["severity"], f["line"], f["column"]), ("frontend", "critical", 2, 27))

    def test_lines_and_columns_are_1_based_after_crlf_lines(self):
        key = self.keys.test()
        self.write("notes.txt", f"one\r\ntwo\r\n\r\n\tk={key}\r\n")
        f = self.finding_for(self.scan().doc, key)
        self.assertEqual((f["line"], f["column"]), (4, 4))

    def test_output_is_sorted_and_the_same_for_any_thread_count(self):
        for d in range(6):
            for n in range(12):
                content = "".join(f"line {i}\n" for i in range(n))
                for k in range(n % 4):
                    content += f"k{k} = '{self.keys.live() if (n + k) % 2 else self.keys.test()}' "
                    content += f"'{self.keys.test()}'\n" if k == 2 else "\n"
                self.write(f"dir{d}/sub{n % 3}/file{n}.py", content)
        self.write("web/bundle.min.js", "a=1;" * 1000 + f'k="{self.keys.live()}";' * 3)
        docs = []
        for threads in (1, 2, 2):
            r = self.scan("--threads", threads)
            self.assertEqual(r.rc, 1, r.stderr)
            doc = r.doc
            self.assert_valid_report(doc)
            del doc["summary"]["seconds"]
            docs.append(doc)
        self.assertGreater(len(docs[0]["findings"]), 50)
        self.assertEqual(docs[0], docs[1])
        self.assertEqual(docs[1], docs[2])

    def test_paths_are_relative_to_the_scanned_root(self):
        a, b = self.keys.live(), self.keys.test()
        self.tree({"one/x/a.py": f"k='{a}'\n", "two/b.py": f"k='{b}'\n"})
        # One directory: paths relative to it; the default path is '.'.
        self.assertEqual(self.finding_for(self.scan(paths=[self.root / "one"]).doc, a)["path"], "x/a.py")
        self.assertEqual(self.finding_for(self.scan(paths=[], cwd=self.root / "one").doc, a)["path"], "x/a.py")
        # Several paths, or a file: paths as given.
        doc = self.scan(paths=["./one", "two"], cwd=self.root).doc
        self.assertEqual(self.finding_for(doc, a)["path"], "one/x/a.py")
        self.assertEqual(self.finding_for(doc, b)["path"], "two/b.py")
        doc = self.scan(paths=["two/b.py"], cwd=self.root).doc
        self.assertEqual(self.finding_for(doc, b)["path"], "two/b.py")


class ExitCodeTest(ZkTestCase):
    def test_findings_exit_1_and_fail_on_sets_the_threshold(self):
        test_key = self.keys.test()
        self.write("lib/client.py", f"KEY = '{test_key}'\n")
        self.assertEqual(self.scan().rc, 1)
        r = self.scan("--fail-on", "high")
        self.assertEqual(r.rc, 0, r.stderr)
        self.assertEqual(len(r.doc["findings"]), 1)  # still reported, just not failing
        self.assertEqual(self.scan("--fail-on", "low").rc, 1)

        self.write("lib/server.py", f"KEY = '{self.keys.live()}'\n")  # high
        self.assertEqual(self.scan("--fail-on", "high").rc, 1)
        self.assertEqual(self.scan("--fail-on", "critical").rc, 0)
        self.write("web/app.jsx", f"const k = '{self.keys.live()}';\n")  # critical
        self.assertEqual(self.scan("--fail-on", "critical").rc, 1)


class TextAndOutputTest(ZkTestCase):
    def test_text_report_is_redacted_with_a_summary_line(self):
        live, test = self.keys.live(), self.keys.test()
        self.tree({"web/app.js": f"const key = '{live}';\n", "tests/t.py": f"K = '{test}'\n",
                   "docs/api.md": f"Send `X-API-KEY: {placeholder()}`\n"})
        r = self.zkscan("scan", "--format", "text", self.root)
        self.assertEqual(r.rc, 1, r.stderr)
        self.assertIn(redacted(live), r.text)
        self.assertIn(redacted(test), r.text)
        self.assertIn("web/app.js:1:14", r.text)
        self.assertIn("tests/t.py:1:6", r.text)
        self.assertNotIn("\033[", r.text)  # no colour when stdout is not a terminal
        last = r.text.rstrip("\n").splitlines()[-1]
        self.assertRegex(last, r"^zkscan: 2 findings \(1 critical, 1 low\) in 3 files .* in \d+\.\d\d s"
                               r"; 1 placeholder ignored$")
        self.assertLess(r.text.index("CRITICAL"), r.text.index("LOW"))

    def test_text_is_the_default_format(self):
        key = self.keys.live()
        self.write("a.py", f"k = '{key}'\n")
        r = self.zkscan("scan", self.root)
        self.assertEqual(r.rc, 1)
        self.assertIn(redacted(key), r.text)
        self.assertRegex(r.text, r"zkscan: 1 finding \(1 high\) in 1 file ")

    def test_output_file(self):
        key = self.keys.live()
        self.write("src/a.py", f"k = '{key}'\n")
        for fmt in ("json", "text"):
            with self.subTest(format=fmt):
                out = self.mkdtemp() / f"report.{fmt}"
                r = self.zkscan("scan", "--format", fmt, "--output", out, self.root)
                self.assertEqual(r.rc, 1, r.stderr)
                self.assertEqual(r.stdout, b"")
                self.assertRegex(r.stderr, r"zkscan: 1 findings?, 0 errors, 1 files")
                data = self.read_report(out)
                if fmt == "json":
                    self.assertEqual(self.finding_for(json.loads(data), key)["path"], "src/a.py")
                else:
                    self.assertIn(redacted(key).encode(), data)

    def test_output_to_an_unwritable_place_is_an_error(self):
        self.write("a.py", "x = 1\n")
        r = self.zkscan("scan", "--output", self.root / "no" / "such" / "dir" / "r.json", self.root)
        self.assertEqual(r.rc, 2)
        self.assertIn("cannot write the report", r.stderr)

    def test_show_secrets_prints_the_full_key(self):
        key = self.keys.live()
        self.write("a.py", f"k = '{key}'\n")
        r = self.scan("--show-secrets")
        self.assertTrue(r.doc["findings"][0]["secret"] == key, "--show-secrets did not show the key")
        r = self.zkscan("scan", "--format", "text", "--show-secrets", self.root)
        self.assertTrue(key in r.text, "--show-secrets did not show the key in text")
        self.assertFalse(redacted(key) in r.text)


class BadInputTest(ZkTestCase):
    def test_nonexistent_path(self):
        missing = self.root / "does-not-exist"
        self.assert_usage_error(self.scan(paths=[missing]), missing)
        self.assert_usage_error(self.zkscan("scan", "--format", "text", missing), missing)

    def test_unknown_option(self):
        self.assert_usage_error(self.zkscan("scan", "--frobnicate", self.root), "--frobnicate")
        self.assert_usage_error(self.zkscan("frobnicate"))

    def test_unknown_format(self):
        self.assert_usage_error(self.zkscan("scan", "--format", "xml", self.root), "xml")

    def test_bad_option_values(self):
        self.assert_usage_error(self.zkscan("scan", "--fail-on", "urgent", self.root), "urgent")
        self.assert_usage_error(self.zkscan("scan", "--threads", "0", self.root), "--threads")

    def test_rule_that_does_not_compile_in_dot_zkscan_toml(self):
        cfg = self.write(".zkscan.toml", "[[rules]]\nid = 'acme-broken'\nregex = 'acme_(live'\n")
        self.write("a.py", "x = 1\n")
        self.assert_usage_error(self.scan(), "acme-broken", cfg)

    def test_rule_that_does_not_compile_in_config_option(self):
        cfg = self.write("conf/zk.toml", "[[rules]]\nid = 'empty-match'\nregex = 'a*'\n", root=self.mkdtemp())
        self.write("a.py", "x = 1\n")
        self.assert_usage_error(self.scan("--config", cfg), "empty-match", cfg)
        self.assert_usage_error(self.zkscan("rules", "check", "--config", cfg), "empty-match", cfg)

    def test_bad_configuration_files(self):
        self.write("a.py", "x = 1\n")
        missing = self.root / "nope.toml"
        self.assert_usage_error(self.scan("--config", missing), missing)
        bad_toml = self.write("bad.toml", "[[rules]\nid = 1\n")
        self.assert_usage_error(self.scan("--config", bad_toml), bad_toml)
        ignore = self.write(".zkscanignore", "# ok\nnot-a-fingerprint\n")
        self.assert_usage_error(self.scan(), f"{ignore}:2")
        ignore.unlink()
        baseline = self.write("baseline.json", "{}")
        self.assert_usage_error(self.scan("--baseline", baseline), baseline)


class ConfigTest(ZkTestCase):
    def test_config_rule_finds_a_custom_key(self):
        token = self.keys.make("acme_tok_", 32, "0123456789abcdef")
        self.tree({".zkscan.toml": "[[rules]]\nid = 'acme-token'\ndescription = 'Acme token'\n"
                                   "regex = 'acme_tok_[0-9a-f]{32}'\nenvironment = 'test'\n",
                   "lib/acme.py": f"TOKEN = '{token}'\n"})
        r = self.scan()
        self.assertEqual(r.rc, 1, r.stderr)
        f = self.finding_for(r.doc, token)
        self.assertEqual((f["rule"], f["environment"], f["severity"]), ("acme-token", "test", "low"))
        self.assertEqual(f["secret"], "acme_tok_****" + token[-4:])
        listed = self.zkscan("rules", "list", cwd=self.root)  # reads ./.zkscan.toml too
        self.assertRegex(listed.text, r"(?m)^acme-token +test ")

    def test_config_classes_and_allowlist(self):
        widget, vendored, snap, kept = (self.keys.live() for _ in range(4))
        cfg = self.mkdtemp() / "zkscan.toml"
        cfg.write_text("[[class]]\nname = 'frontend'\ndirs = ['widgets']\n\n"
                       "[allowlist]\npaths = ['vendor/', '*.snap']\n")
        self.tree({"widgets/key.py": f"k = '{widget}'\n", "vendor/lib/x.js": f"k = '{vendored}'\n",
                   "src/__snapshots__/App.snap": f"k = '{snap}'\n", "lib/kept.py": f"k = '{kept}'\n"})
        doc = self.scan("--config", cfg).doc
        self.assertEqual(len(doc["findings"]), 2)
        f = self.finding_for(doc, widget)
        self.assertEqual((f["path_class"], f["severity"]), ("frontend", "critical"))
        self.assertEqual(self.finding_for(doc, kept)["path_class"], "other")
        self.assertEqual(doc["summary"]["files"], 2)  # allowlisted files are not read at all


class SuppressionTest(ZkTestCase):
    def test_zkscanignore_suppresses_by_fingerprint(self):
        ignored, reported = self.keys.live(), self.keys.live()
        self.tree({"a.py": f"k = '{ignored}'\n", "b/c.py": f"k = '{ignored}'\nj = '{reported}'\n",
                   ".zkscanignore": f"# reviewed\n{fingerprint(ignored)}  # a.py\n"})
        r = self.scan()
        self.assertEqual(r.rc, 1)
        self.assertEqual([f["fingerprint"] for f in r.doc["findings"]], [fingerprint(reported)])
        self.assertEqual(r.doc["summary"]["suppressed"], 2)
        self.write(".zkscanignore", f"{fingerprint(ignored)}\n{fingerprint(reported)}\n")
        self.assertEqual(self.scan().rc, 0)

    def test_zkscan_allow_lines_are_skipped(self):
        allowed, reported = self.keys.live(), self.keys.test()
        self.write("a.py", f"A = '{allowed}'  # zkscan:allow\nB = '{reported}'\n")
        doc = self.scan().doc
        self.assertEqual([f["fingerprint"] for f in doc["findings"]], [fingerprint(reported)])
        self.assertEqual(doc["findings"][0]["line"], 2)
        self.assertEqual(doc["summary"]["suppressed"], 1)

    def test_placeholders_are_counted_not_reported(self):
        self.tree({"docs/api.md": f"X-API-KEY: {placeholder()}\n",
                   "README.md": f"{placeholder('zk_test_')} and zk_live_{'0' * 28}\n"})
        r = self.scan()
        self.assertEqual(r.rc, 0)
        self.assertEqual(r.doc["findings"], [])
        self.assertEqual(r.doc["summary"]["placeholders"], 3)

    def test_baseline_reports_only_new_findings(self):
        old = self.keys.live()
        self.write("a.py", f"k = '{old}'\n")
        baseline = self.mkdtemp() / "baseline.json"
        self.assertEqual(self.zkscan("scan", "--format", "json", "--output", baseline, self.root).rc, 1)
        r = self.scan("--baseline", baseline)
        self.assertEqual((r.rc, r.doc["findings"]), (0, []))
        new = self.keys.live()
        self.write("b.py", f"k = '{new}'\nk = '{old}'\n")  # the old key in a new place counts too
        r = self.scan("--baseline", baseline)
        self.assertEqual(r.rc, 1)
        self.assertEqual(sorted((f["path"], f["fingerprint"]) for f in r.doc["findings"]),
                         [("b.py", fingerprint(new)), ("b.py", fingerprint(old))])


class WalkTest(ZkTestCase):
    def test_dot_git_is_skipped_but_other_hidden_files_are_read(self):
        in_git, in_github, in_dotfile = self.keys.live(), self.keys.live(), self.keys.live()
        self.tree({".git/config": f"[ziett]\n\tkey = {in_git}\n",
                   "sub/.git/objects/ab": f"{in_git}\n",
                   ".github/workflows/ci.yml": f"env:\n  KEY: {in_github}\n",
                   ".config": f"key={in_dotfile}\n"})
        doc = self.scan().doc
        self.assertEqual(sorted(f["path"] for f in doc["findings"]), [".config", ".github/workflows/ci.yml"])
        self.assertEqual(doc["summary"]["files"], 2)

    def test_symlinks_are_not_followed(self):
        outside = self.mkdtemp()
        secret = self.write("secret.js", f"const k = '{self.keys.live()}';\n", root=outside)
        self.write("src/clean.js", "const x = 1;\n")
        os.symlink(secret, self.root / "src" / "link.js")
        os.symlink(outside, self.root / "linked-dir")
        os.symlink(self.root / "nowhere", self.root / "dangling")
        r = self.scan()
        self.assertEqual(r.rc, 0, r.text)
        self.assertEqual(r.doc["findings"], [])
        self.assertEqual(r.doc["errors"], [])
        self.assertEqual(r.doc["summary"]["files"], 1)

    def test_a_symlink_named_on_the_command_line_is_scanned(self):
        key = self.keys.live()
        outside = self.mkdtemp()
        secret = self.write("secret.js", f"const k = '{key}';\n", root=outside)
        os.symlink(secret, self.root / "link.js")
        os.symlink(outside, self.root / "linked-dir")
        r = self.scan(paths=["link.js"], cwd=self.root)
        self.assertEqual(r.rc, 1, "an explicitly named symlink to a file was silently skipped")
        self.assertEqual(self.finding_for(r.doc, key)["path"], "link.js")
        r = self.scan(paths=["linked-dir"], cwd=self.root)
        self.assertEqual(r.rc, 1)
        self.assertEqual(self.finding_for(r.doc, key)["path"], "secret.js")

    def test_fifos_are_skipped(self):
        self.write("a.txt", "nothing\n")
        os.mkfifo(self.root / "pipe")
        r = self.scan(timeout=20)
        self.assertEqual(r.rc, 0, r.stderr)
        self.assertEqual(r.doc["summary"]["files"], 1)

    def test_unreadable_file_and_directory_are_errors_and_the_scan_goes_on(self):
        key = self.keys.live()
        self.tree({"readable.py": f"k = '{key}'\n", "secret.py": "x = 1\n", "locked/inner.py": "y = 2\n"})
        user = None
        if os.geteuid() == 0:
            # Root reads mode-000 files: run zkscan as nobody, for whom they are unreadable.
            for path in (self.root, self.root / "locked"):
                os.chmod(path, 0o755)
            for path in ("readable.py", "locked/inner.py"):
                os.chmod(self.root / path, 0o644)
            if not self.can_run_as(NOBODY):
                self.skipTest("running as root and the zkscan binary or rules are not usable by nobody")
            user = NOBODY
        os.chmod(self.root / "secret.py", 0)
        os.chmod(self.root / "locked", 0)
        r = self.scan(user=user)
        self.assertEqual(r.rc, 2, r.stderr)
        doc = r.doc
        self.assertEqual([e["path"] for e in doc["errors"]], ["locked", "secret.py"])
        for e in doc["errors"]:
            self.assertIn("Permission denied", e["message"])
        self.assertEqual(self.finding_for(doc, key)["path"], "readable.py")
        self.assertIn("zkscan: error: secret.py: cannot open: Permission denied", r.stderr)
        text = self.zkscan("scan", "--format", "text", self.root, user=user)
        self.assertEqual(text.rc, 2)
        self.assertIn("error: secret.py: cannot open: Permission denied", text.text)
        self.assertRegex(text.text, r"; 2 errors \(scan incomplete\)\n$")

        # Errors and nothing else: still exit 2.
        r = self.scan("--fail-on", "critical", paths=[self.root / "secret.py"], user=user)
        self.assertEqual(r.rc, 2)
        self.assertEqual(r.doc["findings"], [])
        self.assertEqual(len(r.doc["errors"]), 1)

    def test_binary_file_with_a_key(self):
        key = self.keys.live()
        self.write("app.bin", b"\x7fELF\x00\x01\x02" + b"\x00" * 100 + key.encode() + b"\x00\xff\xfe" * 50)
        f = self.finding_for(self.scan().doc, key)
        self.assertEqual((f["path"], f["line"], f["column"]), ("app.bin", 1, 108))

    def test_non_utf8_file_name_is_scanned_and_json_stays_valid(self):
        key = self.keys.live()
        raw = os.path.join(os.fsencode(self.root), b"caf\xe9", b"\xff.js")
        os.makedirs(os.path.dirname(raw))
        with open(raw, "wb") as out:
            out.write(f"k = '{key}'\n".encode())
        r = self.scan()
        self.assertEqual(r.rc, 1, r.stderr)
        self.assertEqual(self.finding_for(r.doc, key)["path"], "caf\ufffd/\ufffd.js")
        text = self.zkscan("scan", "--format", "text", self.root)
        self.assertIn(b"caf\xe9/\xff.js:1:6", text.stdout)  # the name's bytes, as they are

    def test_key_across_the_chunk_boundary_of_a_large_file(self):
        boundary, tail = self.keys.live(), self.keys.test()
        lines = bytearray(b"".join(b"%07d some log text, nothing secret here\n" % i for i in range(120000)))
        self.assertGreater(len(lines), CHUNK + 1000)
        at = CHUNK - 20  # the key starts 20 bytes before the boundary
        lines[at - 16:at + 37] = b"\nVITE_ZIETT_KEY=" + boundary.encode() + b"\n"
        data = bytes(lines) + b"last line " + tail.encode()
        self.write("logs/big.log", data)
        r = self.scan()
        self.assertEqual(r.rc, 1, r.stderr)
        self.assertEqual(r.doc["summary"]["bytes"], len(data))
        f = self.finding_for(r.doc, boundary)
        self.assertEqual((f["line"], f["column"]), (data[:at].count(b"\n") + 1, 16))
        self.assertEqual((f["path_class"], f["severity"]), ("frontend", "critical"))
        f = self.finding_for(r.doc, tail)
        self.assertEqual((f["line"], f["column"]), (data.count(b"\n") + 1, 11))


class IgnoredEnvFilesTest(ZkTestCase):
    def setUp(self):
        super().setUp()
        self.server_key, self.public_key = self.keys.live(), self.keys.test()
        self.dev_live, self.test_test = self.keys.live(), self.keys.test()
        self.vite_key, self.deploy_key = self.keys.test(), self.keys.live()
        self.tree({".env": f"ZIETT_API_KEY={self.server_key}\nNEXT_PUBLIC_ZIETT_KEY={self.public_key}\n",
                   ".env.development": f"ZIETT_API_KEY={self.dev_live}\n",
                   ".env.test": f"ZIETT_API_KEY={self.test_test}\n",
                   "web/.env": f"VITE_ZIETT_KEY={self.vite_key}\n",
                   "deploy/.env": f"ZIETT_API_KEY={self.deploy_key}\n",
                   ".gitignore": "/.env\n/.env.*\nweb/.env\n"})

    @staticmethod
    def git_init(root):
        subprocess.run(["git", "-c", "init.defaultBranch=main", "init", "-q", str(root)],
                       check=True, capture_output=True)

    def reported(self, doc, prefix=""):
        """{fingerprint: (path, class, severity)} of the findings."""
        return {f["fingerprint"]: (f["path"].removeprefix(prefix), f["path_class"], f["severity"])
                for f in doc["findings"]}

    def expected(self):
        return {
            fingerprint(self.public_key): (".env", "frontend", "medium"),  # client-exposed
            fingerprint(self.dev_live): (".env.development", "nonprod", "high"),  # live in dev
            fingerprint(self.vite_key): ("web/.env", "frontend", "medium"),
            fingerprint(self.deploy_key): ("deploy/.env", "other", "high"),  # not ignored
        }

    def test_keys_in_git_ignored_env_files_are_counted_not_reported(self):
        self.git_init(self.root)
        r = self.scan()
        self.assertEqual(r.rc, 1, r.stderr)
        self.assertEqual(self.reported(r.doc), self.expected())
        self.assertEqual(r.doc["summary"]["env_files"], 2)  # the server key and the test key

    def test_env_files_of_several_repositories_scanned_from_outside_them(self):
        self.git_init(self.root)
        other = self.mkdtemp()
        self.tree({".env": f"ZIETT_API_KEY={self.keys.live()}\n", ".gitignore": ".env\n"}, root=other)
        self.git_init(other)
        r = self.scan(paths=[self.root, other], cwd=self.mkdtemp())
        self.assertEqual(r.rc, 1, r.stderr)
        self.assertEqual(self.reported(r.doc, f"{self.root}/"), self.expected())
        self.assertEqual(r.doc["summary"]["env_files"], 3)

        r = self.scan(paths=[self.root / ".env"], cwd=other)  # a file named from another repository
        self.assertEqual(self.reported(r.doc, f"{self.root}/"),
                         {fingerprint(self.public_key): (".env", "frontend", "medium")})
        self.assertEqual(r.doc["summary"]["env_files"], 1)

    def test_without_a_repository_every_env_key_is_reported(self):
        doc = self.scan().doc
        self.assertEqual(len(doc["findings"]), 6)
        self.assertEqual(doc["summary"]["env_files"], 0)


class RulesCommandTest(ZkTestCase):
    def test_rules_check(self):
        r = self.zkscan("rules", "check")
        self.assertEqual(r.rc, 0, r.stderr)
        self.assertRegex(r.text, r"^2 rules compiled, \d+ key examples and \d+ path examples checked: ok\n$")

    def test_rules_check_reports_a_failing_example(self):
        cfg = self.write("zk.toml", "[[rules]]\nid = 'acme'\nregex = 'acme_[0-9]{8}'\nentropy = 2.0\n"
                                    "examples = ['acme_1234']\nnegative_examples = ['x acme_97531864 y']\n")
        r = self.zkscan("rules", "check", "--config", cfg)
        self.assertEqual(r.rc, 2)
        self.assertIn("rule 'acme'", r.stderr)
        self.assertIn("example 1 is not found", r.stderr)
        self.assertIn("negative example 1 is found", r.stderr)
        self.assertIn("2 failed", r.text)

    def test_rules_list(self):
        r = self.zkscan("rules", "list")
        self.assertEqual(r.rc, 0, r.stderr)
        self.assertEqual(re.findall(r"^(\S+)\s+(live|test)\s", r.text, re.M),
                         [("ziett-live-key", "live"), ("ziett-test-key", "test")])


class DemoTest(ZkTestCase):
    def test_examples_demo(self):
        r = self.scan(paths=[SOURCE_DIR / "examples" / "demo"])
        self.assertEqual(r.rc, 1, r.stderr)
        doc = r.doc
        self.assert_valid_report(doc)
        got = [(f["path"], f["rule"], f["path_class"], f["severity"]) for f in doc["findings"]]
        self.assertEqual(got, [
            ("android/app/src/main/java/co/ziett/demo/SmsClient.kt", "ziett-live-key", "mobile", "critical"),
            ("config/staging.yml", "ziett-live-key", "nonprod", "high"),
            ("server/notify.py", "ziett-live-key", "other", "high"),
            ("tests/test_notify.py", "ziett-test-key", "nonprod", "low"),
            ("web/.env", "ziett-test-key", "frontend", "medium"),
            ("web/src/config.js", "ziett-live-key", "frontend", "critical"),
        ])
        severities = sorted(f["severity"] for f in doc["findings"])
        self.assertEqual(severities, ["critical", "critical", "high", "high", "low", "medium"])
        self.assertEqual(doc["summary"]["placeholders"], 2)  # docs/api.md and README.md
        self.assertEqual(doc["summary"]["suppressed"], 1)    # the zkscan:allow line
        # The project's own .zkscanignore lists every demo key.
        ignore = (SOURCE_DIR / ".zkscanignore").read_text()
        for f in doc["findings"]:
            self.assertIn(f["fingerprint"], ignore)


if __name__ == "__main__":
    unittest.main()
