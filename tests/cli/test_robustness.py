"""Odd files, error messages and --help, end to end through the real binary.

Behaviour pinned here (README, "Odd files"): symlinks found in the walk are skipped, symlinks
given on the command line are followed; FIFOs, sockets and devices in a tree are skipped,
on the command line they are an error; a file or directory that vanishes between its listing
and its open is skipped; a file that changes while it is read is read as it is at that time
(never a crash); a file or directory zkscan may not read is listed in `errors`, exit 2.
"""
import os
import re
import socket
import stat
import threading
import time
import unittest

from robustkit import ZKSCAN, make_key, redacted, run, temp_tree, unprivileged_prefix, write

KEY_RE = re.compile(rb"zk_(live|test)_[A-Za-z0-9]{28}")


def findings(report):
    return [(f["path"], f["line"], f["column"]) for f in report["findings"]]


class OddFilesTest(unittest.TestCase):
    def setUp(self):
        self.root = temp_tree(self)
        self.key = make_key("odd-files")

    def scan_json(self, *args, **kw):
        r = run(["scan", "--format", "json", *args], cwd=kw.pop("cwd", self.root), **kw)
        self.assertIn(r.code, (0, 1, 2), r)
        return r, r.json()

    def test_symlink_loops_finish(self):
        write(os.path.join(self.root, "src/app.py"), f'KEY = "{self.key}"\n')
        os.symlink(".", os.path.join(self.root, "src/self"))
        os.symlink("..", os.path.join(self.root, "src/up"))
        os.symlink("b", os.path.join(self.root, "a"))
        os.symlink("a", os.path.join(self.root, "b"))
        r, report = self.scan_json(".", timeout=60)
        self.assertEqual(r.code, 1, r)
        self.assertEqual(findings(report), [("src/app.py", 1, 8)])
        self.assertEqual(report["errors"], [])

    def test_dangling_symlink_is_skipped(self):
        os.symlink("does-not-exist", os.path.join(self.root, "dangling.js"))
        write(os.path.join(self.root, "ok.txt"), "nothing here\n")
        r, report = self.scan_json(".")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(report["errors"], [])
        self.assertEqual(report["summary"]["files"], 1)

    def test_symlink_in_tree_is_not_followed(self):
        outside = temp_tree(self)
        write(os.path.join(outside, "secret.js"), f'k="{self.key}"\n')
        os.symlink(os.path.join(outside, "secret.js"), os.path.join(self.root, "link.js"))
        os.symlink(outside, os.path.join(self.root, "linkdir"))
        r, report = self.scan_json(".")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(report["findings"], [])

    def test_symlink_on_command_line_is_followed(self):
        outside = temp_tree(self)
        write(os.path.join(outside, "secret.js"), f'k="{self.key}"\n')
        os.symlink(os.path.join(outside, "secret.js"), os.path.join(self.root, "link.js"))
        os.symlink(outside, os.path.join(self.root, "linkdir"))
        r, report = self.scan_json("link.js")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(findings(report), [("link.js", 1, 4)])
        r, report = self.scan_json("linkdir")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(findings(report), [("secret.js", 1, 4)])

    def test_fifo_in_tree_is_skipped_without_hanging(self):
        os.mkfifo(os.path.join(self.root, "pipe"))
        os.mkfifo(os.path.join(self.root, "pipe.js"))
        write(os.path.join(self.root, "app.js"), f'k="{self.key}"\n')
        r, report = self.scan_json(".", timeout=60)
        self.assertEqual(r.code, 1, r)
        self.assertEqual(findings(report), [("app.js", 1, 4)])
        self.assertEqual(report["errors"], [])

    def test_socket_in_tree_is_skipped(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.addCleanup(sock.close)
        sock.bind(os.path.join(self.root, "app.sock"))
        sock.listen(1)
        r, report = self.scan_json(".", timeout=60)
        self.assertEqual(r.code, 0, r)
        self.assertEqual(report["errors"], [])

    def test_devices_in_tree_are_skipped(self):
        try:  # /dev/zero would never end, /dev/null and a tty-like device must not block
            os.mknod(os.path.join(self.root, "zero"), 0o666 | stat.S_IFCHR, os.makedev(1, 5))
            os.mknod(os.path.join(self.root, "null"), 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        except (PermissionError, OSError) as e:
            self.skipTest(f"cannot create device nodes here: {e}")
        r, report = self.scan_json(".", timeout=60)
        self.assertEqual(r.code, 0, r)
        self.assertEqual(report["errors"], [])
        self.assertEqual(report["summary"]["files"], 0)

    def test_fifo_or_device_on_command_line_is_an_error(self):
        os.mkfifo(os.path.join(self.root, "pipe"))
        for arg, what in (("pipe", "a FIFO"), ("/dev/zero", "a device")):
            r = run(["scan", arg], cwd=self.root, timeout=60)
            self.assertEqual(r.code, 2, r)
            self.assertEqual(r.err_lines, [f"zkscan: error: cannot scan {arg}: not a regular file "
                                           f"or directory ({what})"])

    def test_nul_bytes_around_keys(self):
        other = make_key("nul", live=False)
        data = b"\0" * 100 + self.key.encode() + b"\0\n\0\0" + other.encode() + b"\0" * 10
        write(os.path.join(self.root, "blob.bin"), data)
        r, report = self.scan_json(".")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(findings(report), [("blob.bin", 1, 101), ("blob.bin", 2, 3)])

    def test_invalid_utf8_in_contents(self):
        data = b"\xff\xfe\xc3(\xe2\x82 k='" + self.key.encode() + b"' \xed\xa0\x80\xc0\xaf\n"
        write(os.path.join(self.root, "bad.js"), data)
        r, report = self.scan_json(".")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(findings(report), [("bad.js", 1, 11)])
        text = run(["scan", "--no-color", "."], cwd=self.root)
        self.assertEqual(text.code, 1, text)
        self.assertIn(redacted(self.key).encode(), text.stdout)
        self.assertNotIn(self.key.encode(), text.stdout + text.stderr)

    def test_invalid_utf8_and_control_characters_in_file_names(self):
        names = [b"bad\xff\xfe.js", b"new\nline.js", b"esc\x1b[31mred.js", b"caf\xc3\xa9.js"]
        for i, name in enumerate(names):
            write(os.path.join(self.root.encode(), b"web", name),
                  f'k = "{make_key(f"name-{i}")}"\n'.encode())
        r, report = self.scan_json(".")
        self.assertEqual(r.code, 1, r)
        paths = sorted(f["path"] for f in report["findings"])
        self.assertEqual(len(paths), 4, r)
        self.assertIn("web/café.js", paths)
        self.assertIn("web/new\nline.js", paths)
        self.assertIn("web/esc\x1b[31mred.js", paths)
        self.assertTrue(any(p.startswith("web/bad") and "\ufffd" in p for p in paths), paths)
        # The text report keeps one line per location and sends no escape sequence.
        text = run(["scan", "--no-color", "."], cwd=self.root)
        self.assertEqual(text.code, 1, text)
        self.assertNotIn(b"\x1b", text.stdout)
        self.assertIn(b"web/new\\nline.js:1:6", text.stdout)
        self.assertIn(b"web/esc\\x1b[31mred.js:1:6", text.stdout)

    def test_empty_files_and_directories(self):
        write(os.path.join(self.root, "empty.js"), b"")
        write(os.path.join(self.root, "newline.txt"), b"\n")
        os.makedirs(os.path.join(self.root, "empty/dir/tree"))
        r, report = self.scan_json(".")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(report["errors"], [])
        self.assertEqual(report["summary"]["files"], 2)
        self.assertEqual(report["summary"]["bytes"], 1)
        r, report = self.scan_json("empty.js")
        self.assertEqual((r.code, report["summary"]["files"]), (0, 1), r)

    def test_files_vanishing_during_the_scan_are_skipped(self):
        # Files and whole directories disappear while zkscan walks them: whatever it still
        # finds is scanned, whatever is gone is skipped, and that is not an error.
        for round_ in range(3):
            tree = os.path.join(self.root, f"round{round_}")
            for d in range(40):
                for f in range(50):
                    write(os.path.join(tree, f"d{d}", f"f{f}.txt"), "x = 1\n" * 20)
            stop = threading.Event()

            def remove():
                for d in range(40):
                    for f in range(50):
                        try:
                            os.unlink(os.path.join(tree, f"d{d}", f"f{f}.txt"))
                        except FileNotFoundError:
                            pass
                    try:
                        os.rmdir(os.path.join(tree, f"d{d}"))
                    except OSError:
                        pass
                    if stop.is_set():
                        return

            remover = threading.Thread(target=remove)
            remover.start()
            try:
                r, report = self.scan_json(tree, "--threads", "2", timeout=120)
            finally:
                stop.set()
                remover.join()
            self.assertEqual(r.code, 0, r)
            self.assertEqual(report["errors"], [], r)

    def test_files_changing_during_the_scan(self):
        # A file that grows, shrinks and is rewritten while it is read: never a crash, never
        # an error, and a key written before the scan and never touched is still found.
        path = os.path.join(self.root, "changing.log")
        write(path, b"")
        write(os.path.join(self.root, "stable.js"), f'k="{self.key}"\n')
        stop = threading.Event()

        def churn():
            chunk = b"log line without keys\n" * 20000
            while not stop.is_set():
                with open(path, "ab") as f:
                    f.write(chunk)
                if os.path.getsize(path) > 64 << 20:
                    os.truncate(path, 0)

        churner = threading.Thread(target=churn)
        churner.start()
        try:
            for _ in range(5):
                r, report = self.scan_json(".", timeout=120)
                self.assertEqual(r.code, 1, r)
                self.assertEqual(findings(report), [("stable.js", 1, 4)])
                self.assertEqual(report["errors"], [])
        finally:
            stop.set()
            churner.join()

    def test_permission_errors_are_listed_and_exit_2(self):
        if unprivileged_prefix() is None:
            self.skipTest("running as root without setpriv/runuser")
        write(os.path.join(self.root, "readable.js"), f'k="{self.key}"\n')
        write(os.path.join(self.root, "locked.js"), f'k="{make_key("locked")}"\n', mode=0o000)
        write(os.path.join(self.root, "closed/inner.js"), "x\n")
        os.chmod(os.path.join(self.root, "closed"), 0o000)
        write(os.path.join(self.root, "noexec/inner.js"), "x\n")
        os.chmod(os.path.join(self.root, "noexec"), 0o644)  # listable, not enterable
        r = run(["scan", "--format", "json", "."], cwd=self.root, as_user=True)
        self.assertEqual(r.code, 2, r)
        report = r.json()
        self.assertEqual(findings(report), [("readable.js", 1, 4)])
        errors = {(e["path"], e["message"]) for e in report["errors"]}
        self.assertEqual(errors, {
            ("closed", "cannot open directory: Permission denied"),
            ("locked.js", "cannot open: Permission denied"),
            ("noexec/inner.js", "cannot open: Permission denied"),
        })
        self.assertEqual(r.err_lines[:3], [
            "zkscan: error: closed: cannot open directory: Permission denied",
            "zkscan: error: locked.js: cannot open: Permission denied",
            "zkscan: error: noexec/inner.js: cannot open: Permission denied",
        ])
        self.assertRegex(r.err_lines[3], r"^zkscan: 1 findings, 3 errors, 1 files, ")
        self.assertEqual(len(r.err_lines), 4, r)
        # The text report lists them as well and says the scan is incomplete.
        text = run(["scan", "--no-color", "."], cwd=self.root, as_user=True)
        self.assertEqual(text.code, 2, text)
        self.assertIn(b"error: locked.js: cannot open: Permission denied\n", text.stdout)
        self.assertIn(b"(scan incomplete)", text.stdout)
        # Exit 2 wins over findings, whatever --fail-on says.
        self.assertEqual(run(["scan", "--fail-on", "critical", "."], cwd=self.root,
                             as_user=True).code, 2)

    def test_keys_across_read_chunk_boundaries(self):
        # Files are read in 4 MiB chunks: a key on, just before and just after each boundary.
        mib4 = 4 << 20
        shifts = [-37, -36, -20, -1, 0, 1, 2]
        data = bytearray(b"abc def\n" * ((len(shifts) + 1) * mib4 // 8))
        expected = []
        for i, shift in enumerate(shifts):
            off = (i + 1) * mib4 + shift
            key = make_key(f"chunk-{i}", live=i % 2 == 0).encode()
            data[off - 1:off] = b" "
            data[off:off + len(key)] = key
            data[off + len(key):off + len(key) + 1] = b" "
            line = data.count(b"\n", 0, off) + 1
            column = off - (data.rfind(b"\n", 0, off) + 1) + 1
            expected.append(("big.txt", line, column))
        write(os.path.join(self.root, "big.txt"), bytes(data))
        r, report = self.scan_json(".")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(findings(report), expected)

    def test_huge_sparse_file_key_at_its_end(self):
        # 3 GiB by default (ZKSCAN_HUGE_FILE_MIB to change it): a sparse file costs no disk.
        # Memory stays bounded: zkscan reads in chunks and never maps or loads a whole file.
        size = int(os.environ.get("ZKSCAN_HUGE_FILE_MIB", "3072")) << 20
        path = os.path.join(self.root, "dist", "huge.bin")
        os.makedirs(os.path.dirname(path))
        tail = b"\nconst key = '" + self.key.encode() + b"';\n"
        with open(path, "wb") as f:
            f.truncate(size)
            f.seek(size - len(tail))
            f.write(tail)
        start = time.monotonic()
        r = run(["scan", "--format", "json", "--threads", "2", "."], cwd=self.root,
                measure_rss=True, timeout=900)
        seconds = time.monotonic() - start
        print(f"\n{size >> 20} MiB sparse file: {seconds:.1f} s, peak RSS {r.max_rss_kib} KiB",
              file=os.sys.stderr)
        self.assertEqual(r.code, 1, r)
        self.assertEqual(findings(r.json()), [("dist/huge.bin", 2, 14)])
        self.assertEqual(r.json()["summary"]["bytes"], size)
        self.assertLess(r.max_rss_kib, 512 * 1024)


class ErrorMessagesTest(unittest.TestCase):
    """Every error is one line on stderr, says what and where, shows no key, and exits 2."""

    def setUp(self):
        self.root = temp_tree(self)
        self.key = make_key("errors")
        write(os.path.join(self.root, "app.js"), "ok\n")

    def assert_one_line_error(self, r, *expected_parts):
        self.assertEqual(r.code, 2, r)
        lines = r.err_lines
        self.assertEqual(len(lines), 1, r)
        self.assertRegex(lines[0], r"^zkscan: error: ")
        for part in expected_parts:
            self.assertIn(part, lines[0], r)
        self.assertIsNone(KEY_RE.search(r.stderr), r)
        self.assertIsNone(KEY_RE.search(r.stdout), r)

    def test_missing_path(self):
        r = run(["scan", "no/such/dir"], cwd=self.root)
        self.assert_one_line_error(r, "cannot scan no/such/dir", "No such file or directory")

    def test_missing_path_with_a_key_and_a_newline_in_its_name(self):
        r = run(["scan", f"leak-{self.key}\nsecond-line"], cwd=self.root)
        self.assert_one_line_error(r, redacted(self.key), "\\nsecond-line")

    def test_usage_errors(self):
        cases = [
            (["scan", "--no-such-option"], "--no-such-option"),
            (["frobnicate"], "unknown command 'zkscan frobnicate' (one of: scan, git, audit"),
            ([], "'zkscan' needs a command (one of: scan, git, audit, hook, rules)"),
            (["rules", "lst"], "unknown command 'zkscan rules lst' (one of: list, check)"),
            (["scan", "--threads", "0"], "--threads"),
            (["scan", "--format", "yaml"], "--format"),
            (["scan", "--fail-on", self.key], "--fail-on"),
            (["hook"], "'zkscan hook' needs a command (one of: install, pre-push)"),
            (["rules"], "'zkscan rules' needs a command (one of: list, check)"),
            (["git", "--staged", "--since", "HEAD~1"], "--since"),
        ]
        for args, where in cases:
            with self.subTest(args=args):
                r = run(args, cwd=self.root)
                self.assert_one_line_error(r, where, "(see zkscan --help)")

    def test_config_errors_name_the_file(self):
        cfg = os.path.join(self.root, "cfg")
        cases = {
            "syntax.toml": ("rules = [\n", "syntax.toml:"),
            "regex.toml": ("[[rules]]\nid = 'broken'\nregex = 'zk_(live'\nexamples = ['x']\n",
                           "rule 'broken' in "),
            "empty-match.toml": ("[[rules]]\nid = 'e'\nregex = 'a*'\n", "can match an empty string"),
            "types.toml": ("[[class]]\nname = 'backend'\n", "must be frontend, mobile, nonprod"),
            "allow.toml": ("[allowlist]\npaths = [1]\n", "allowlist.paths"),
            "key-in-id.toml": (f"[[rules]]\nid = \"{self.key}\\nline2\"\nregex = '('\n",
                               redacted(self.key)),
        }
        for name, (text, part) in cases.items():
            with self.subTest(config=name):
                write(os.path.join(cfg, name), text)
                r = run(["scan", "--config", os.path.join(cfg, name), "."], cwd=self.root)
                self.assert_one_line_error(r, part)
                self.assertIn(name, r.err_lines[0])

    def test_config_file_missing_or_a_directory(self):
        r = run(["scan", "--config", "nope.toml", "."], cwd=self.root)
        self.assert_one_line_error(r, "config file not found: nope.toml")
        os.mkdir(os.path.join(self.root, "adir"))
        r = run(["scan", "--config", "adir", "."], cwd=self.root)
        self.assert_one_line_error(r, "config file adir is a directory")

    def test_project_config_at_the_root_is_checked(self):
        write(os.path.join(self.root, ".zkscan.toml"), "[[rules]]\nid = 3\n")
        r = run(["scan", "."], cwd=self.root)
        self.assert_one_line_error(r, ".zkscan.toml", "missing `id`")

    def test_ignore_file_errors(self):
        write(os.path.join(self.root, ".zkscanignore"), f"# comment\n{self.key}\n")
        r = run(["scan", "."], cwd=self.root)
        self.assert_one_line_error(r, ".zkscanignore:2", "not a fingerprint")

    def test_unreadable_ignore_file(self):
        if unprivileged_prefix() is None:
            self.skipTest("running as root without setpriv/runuser")
        write(os.path.join(self.root, ".zkscanignore"), "# nothing\n", mode=0o000)
        r = run(["scan", "."], cwd=self.root, as_user=True)
        self.assert_one_line_error(r, "cannot read ./.zkscanignore: Permission denied")

    def test_baseline_errors(self):
        r = run(["scan", "--baseline", "missing.json", "."], cwd=self.root)
        self.assert_one_line_error(r, "missing.json")
        write(os.path.join(self.root, "bad.json"), "{not json")
        r = run(["scan", "--baseline", "bad.json", "."], cwd=self.root)
        self.assert_one_line_error(r, "bad.json", "not a zkscan JSON report")

    def test_report_that_cannot_be_written(self):
        r = run(["scan", "--output", "no/such/dir/report.json", "."], cwd=self.root)
        self.assert_one_line_error(r, "no/such/dir/report.json", "No such file or directory")
        if os.path.exists("/dev/full"):
            with open("/dev/full", "wb") as full:
                r = run(["scan", "."], cwd=self.root, stdout=full)
            self.assertEqual(r.code, 2, r)
            self.assertEqual(r.err_lines, ["zkscan: error: cannot write the report to standard "
                                           "output: No space left on device"])

    def test_broken_rules_directory(self):
        rules = os.path.join(self.root, "rules")
        write(os.path.join(rules, "paths.toml"), "[[class]]\nname = 'other'\n")
        write(os.path.join(rules, "keys.toml"), "[[rules]\n")
        r = run(["scan", "."], cwd=self.root, env={"ZKSCAN_RULES_DIR": rules})
        self.assert_one_line_error(r, "keys.toml:1")

    def test_rules_check_failures_are_one_line_each(self):
        cfg = write(os.path.join(self.root, "check.toml"),
                    "[[rules]]\nid = 'acme\\nnext'\nregex = 'acme_[a-f0-9]{16}'\n"
                    "examples = ['acme_zzzz']\n")
        r = run(["rules", "check", "--config", cfg], cwd=self.root)
        self.assertEqual(r.code, 2, r)
        self.assertEqual(r.err_lines, [f"zkscan: rules check: rule 'acme\\nnext' ({cfg}): "
                                       "example 1 is not found"])


class HelpTest(unittest.TestCase):
    """--help of zkscan and of every command lists every option the command takes."""

    COMMON = ["--format", "--output", "--config", "--baseline", "--show-secrets", "--threads",
              "--fail-on", "--no-color", "--quiet", "--help"]
    COMMANDS = {
        (): ["scan", "git", "audit", "hook", "rules", "--version", "--help", "Exit codes"],
        ("scan",): COMMON + ["PATH"],
        ("git",): COMMON + ["--staged", "--range", "--since", "REPO"],
        ("audit",): COMMON + ["--author", "--since", "--until", "REPO"],
        ("hook",): ["install", "pre-push", "--help"],
        ("hook", "install"): ["--pre-commit", "--pre-push", "--force", "REPO", "--help"],
        ("hook", "pre-push"): COMMON,
        ("rules",): ["list", "check", "--help"],
        ("rules", "list"): ["--config", "--help"],
        ("rules", "check"): ["--config", "--help"],
    }

    def test_every_help_lists_its_options(self):
        for command, expected in self.COMMANDS.items():
            with self.subTest(command=command):
                r = run([*command, "--help"])
                self.assertEqual(r.code, 0, r)
                self.assertEqual(r.stderr, b"", r)
                out = r.stdout.decode()
                self.assertIn("Usage: zkscan", out)
                for option in expected:
                    self.assertRegex(out, rf"(^|[\s,]){re.escape(option)}\b", f"{command}: {option}")
                self.assertIn("Exit codes: 0", out)

    def test_help_shows_no_generic_placeholders(self):
        for command in self.COMMANDS:
            with self.subTest(command=command):
                out = run([*command, "--help"]).stdout.decode()
                self.assertNotRegex(out, r"\bTEXT\b", out)

    def test_version(self):
        r = run(["--version"])
        self.assertEqual(r.code, 0, r)
        self.assertRegex(r.stdout.decode(), r"^zkscan \d+\.\d+\.\d+\n$")


if __name__ == "__main__":
    unittest.main()
