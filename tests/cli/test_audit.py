"""`zkscan audit`: the key inventory for offboarding, end to end against real repositories with
several authors (fixed identities and dates) and keys generated at test time."""

from __future__ import annotations

import os
import re
import unittest

from auditkit import Author, Keys, Repo, TempDir, audit, day, fingerprint, iso, redacted

ALICE = Author("Alice Liddell", "alice@example.com")
BOB = Author("Bob Builder", "bob@corp.example")
CAROL = Author("Carol Danvers", "carol@example.org")

SEVERITY_RANK = {"critical": 3, "high": 2, "medium": 1, "low": 0}
ALL_REFS = ["refs/heads/feature", "refs/heads/main", "refs/remotes/origin/main", "refs/stash",
            "refs/tags/v1.0"]


class TeamRepo:
    """Three authors, two weeks of history (2024-01-01 to 2024-01-14, one day per event):

      d1  Alice   web/src/config.js <- A1 (live), config/prod.py <- S (live)
      d2  Alice   tests/test_api.py <- A2 (test)
      d3  Bob     server/billing.py <- B1 (live)
      d4  Bob     server/notify.py  <- S, copied from Alice's config/prod.py
      d5  Bob     server/old.py     <- R (live)
      d6  Carol   M (test) in the commit message only
      d7  Bob     on branch feature: server/feature.py <- F (live)
      d8  Carol   removes server/old.py and tests/test_api.py (R and A2 gone)
      d9  Alice   merges feature (no-ff): the merge introduces nothing
      d10 Carol   renames web/src/config.js -> web/src/settings.js: a move introduces nothing
      d11 Carol   annotated tag v1.0 on HEAD, TAG (test) in its message
      d12 Carol   stashes README.md with ST (live): only in refs/stash
      d13 Bob     a dangling commit (git commit-tree, no ref) with server/tmp.py <- D (test)
      d14 Alice   a git note on the d3 commit with N (live): only in refs/notes/commits
      --  U (live) in a blob that no commit holds (git hash-object -w)
    refs/remotes/origin/main points at the merge; HEAD is main at the d10 commit.
    """

    def __init__(self, path: str):
        gen = Keys(seed=6)
        envs = {"A1": "live", "A2": "test", "S": "live", "B1": "live", "R": "live", "M": "test",
                "F": "live", "TAG": "test", "ST": "live", "D": "test", "N": "live", "U": "live"}
        self.keys = {name: gen.make(env) for name, env in envs.items()}
        self.env = envs
        K = self.keys
        r = self.repo = Repo(path)
        c = self.c = {}
        c["init"] = r.commit(ALICE, day(1), "Initial shop", {
            "README.md": "# shop\n",
            "web/src/config.js": f'export const ZIETT_KEY = "{K["A1"]}";\n',
            "config/prod.py": f'ZIETT_KEY = "{K["S"]}"\n'})
        c["tests"] = r.commit(ALICE, day(2), "API tests", {"tests/test_api.py": f'KEY = "{K["A2"]}"\n'})
        c["bill"] = r.commit(BOB, day(3), "Billing", {"server/billing.py": f'ZIETT = "{K["B1"]}"\n'})
        c["copy"] = r.commit(BOB, day(4), "Notify with the prod key",
                             {"server/notify.py": f'API_KEY = "{K["S"]}"\n'})
        c["old"] = r.commit(BOB, day(5), "Old sender", {"server/old.py": f'KEY = "{K["R"]}"\n'})
        c["msg"] = r.commit(CAROL, day(6), f"Docs\n\nTried it with {K['M']} on staging.\n",
                            {"docs/notes.md": "notes\n"})
        r.git("checkout", "-q", "-b", "feature")
        c["feat"] = r.commit(BOB, day(7), "Feature sender", {"server/feature.py": f'KEY = "{K["F"]}"\n'})
        r.git("checkout", "-q", "main")
        c["rm"] = r.commit(CAROL, day(8), "Remove old code", remove=["server/old.py", "tests/test_api.py"])
        r.git("merge", "-q", "--no-ff", "--no-edit", "-m", "Merge feature", "feature", author=ALICE, when=day(9))
        c["merge"] = r.rev("HEAD")
        r.git("mv", "web/src/config.js", "web/src/settings.js")
        c["rename"] = r.commit(CAROL, day(10), "Rename the config")
        r.git("tag", "-a", "v1.0", "-m", f"Release 1.0\n\nSmoke-tested with {K['TAG']}\n",
              author=CAROL, when=day(11))
        r.write("README.md", f"# shop\nZIETT_KEY={K['ST']}\n")
        r.git("stash", "-q", author=CAROL, when=day(12))
        c["stash"] = r.rev("refs/stash")
        c["stash_index"] = r.rev("refs/stash^2")
        c["dangling"] = r.dangling_commit(BOB, day(13), c["rename"],
                                          {"server/tmp.py": f'KEY = "{K["D"]}"\n'}, "Temporary")
        r.git("notes", "add", "-m", f"Deployed with {K['N']}", c["bill"], author=ALICE, when=day(14))
        c["notes"] = r.rev("refs/notes/commits")
        self.unreachable_blob = r.git("hash-object", "-w", "--stdin", input=f"ZIETT_KEY={K['U']}\n")
        r.git("update-ref", "refs/remotes/origin/main", c["merge"])

    def seen(self, commit: str, who: Author, n: int, path: str = "", source: str = "commit") -> dict:
        return {"commit": self.c[commit], "author": who.ident, "date": iso(day(n)), "path": path,
                "source": source}

    def expected(self) -> dict:
        """Every key's entry without filters, by key name."""
        c = self.c
        tag = {"commit": c["rename"], "author": CAROL.ident, "date": iso(day(11)), "path": "",
               "source": "commit-message", "tag": self.repo.rev("refs/tags/v1.0")}
        e = {
            "A1": ("critical", True, self.seen("init", ALICE, 1, "web/src/config.js"),
                   self.seen("dangling", BOB, 13, "web/src/settings.js"), [ALICE],
                   ["web/src/config.js", "web/src/settings.js"], ALL_REFS, 13),
            "S": ("high", True, self.seen("init", ALICE, 1, "config/prod.py"),
                  self.seen("dangling", BOB, 13, "config/prod.py"), [ALICE, BOB],
                  ["config/prod.py", "server/notify.py"], ALL_REFS, 13),
            "A2": ("low", False, self.seen("tests", ALICE, 2, "tests/test_api.py"),
                   self.seen("feat", BOB, 7, "tests/test_api.py"), [ALICE], ["tests/test_api.py"], ALL_REFS, 6),
            "B1": ("high", True, self.seen("bill", BOB, 3, "server/billing.py"),
                   self.seen("dangling", BOB, 13, "server/billing.py"), [BOB], ["server/billing.py"], ALL_REFS, 11),
            "R": ("high", False, self.seen("old", BOB, 5, "server/old.py"),
                  self.seen("feat", BOB, 7, "server/old.py"), [BOB], ["server/old.py"], ALL_REFS, 3),
            "M": ("low", False, self.seen("msg", CAROL, 6, source="commit-message"),
                  self.seen("msg", CAROL, 6, source="commit-message"), [CAROL], [], ALL_REFS, 1),
            "F": ("high", True, self.seen("feat", BOB, 7, "server/feature.py"),
                  self.seen("dangling", BOB, 13, "server/feature.py"), [BOB], ["server/feature.py"], ALL_REFS, 6),
            "TAG": ("low", False, tag, tag, [CAROL], [], ["refs/tags/v1.0"], 0),
            "ST": ("high", False, self.seen("stash", CAROL, 12, "README.md"),
                   self.seen("stash", CAROL, 12, "README.md"), [CAROL], ["README.md"], ["refs/stash"], 1),
            "D": ("low", False, self.seen("dangling", BOB, 13, "server/tmp.py"),
                  self.seen("dangling", BOB, 13, "server/tmp.py"), [BOB], ["server/tmp.py"], [], 1),
            "N": ("high", False, self.seen("notes", ALICE, 14, c["bill"]), self.seen("notes", ALICE, 14, c["bill"]),
                  [ALICE], [c["bill"]], ["refs/notes/commits"], 1),
            "U": ("high", False, None, None, [], [], [], 0),
        }
        out = {}
        for name, (severity, in_head, first, last, authors, paths, refs, commits) in e.items():
            key = self.keys[name]
            out[name] = {
                "secret": redacted(key), "fingerprint": fingerprint(key), "environment": self.env[name],
                "severity": severity, "in_head": in_head, "first_seen": first, "last_seen": last,
                "authors": sorted(a.ident for a in authors), "paths": paths, "refs": refs, "commits": commits,
                "unreachable_blobs": [self.unreachable_blob] if name == "U" else [],
            }
        return out

    def names(self, doc: dict) -> list:
        """The key names of a JSON report's entries, in report order."""
        by_fp = {fingerprint(k): n for n, k in self.keys.items()}
        return [by_fp[e["fingerprint"]] for e in doc["keys"]]


def sort_key(entry: dict):
    return (-SEVERITY_RANK[entry["severity"]], entry["environment"] != "live", not entry["in_head"],
            entry["fingerprint"])


FIELDS = ["secret", "fingerprint", "environment", "severity", "in_head", "first_seen", "last_seen",
          "authors", "paths", "refs", "commits", "unreachable_blobs"]


class AuditTeamTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir("zkaudit-team-")
        cls.team = TeamRepo(os.path.join(cls.tmp.path, "team"))
        cls.path = cls.team.repo.path

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def audit_json(self, *args: str, rc: int | None = 1) -> dict:
        run = audit(self.path, "--format", "json", *args)
        if rc is not None:
            self.assertEqual(run.rc, rc, run.err)
        self.assertNotIn("zkscan: error", run.err)
        return run.json()

    def assert_entry(self, entry: dict, want: dict, name: str):
        for field in FIELDS:
            self.assertEqual(entry[field], want[field], f"key {name}, field {field}")

    def assert_no_full_key(self, text: str, what: str):
        for name, key in self.team.keys.items():
            self.assertFalse(key in text, f"{what} prints key {name} in full")

    def test_every_key_once_with_exact_fields(self):
        doc = self.audit_json()
        names = self.team.names(doc)
        self.assertEqual(sorted(names), sorted(self.team.keys), "one entry per distinct key")
        want = self.team.expected()
        for entry, name in zip(doc["keys"], names):
            self.assert_entry(entry, want[name], name)
        self.assertEqual(doc["summary"]["keys"], len(self.team.keys))
        self.assertEqual(doc["summary"]["commits"], 14)
        self.assertEqual(doc["errors"], [])

    def test_entries_sorted_most_severe_live_in_head_first(self):
        doc = self.audit_json()
        self.assertEqual([e["fingerprint"] for e in doc["keys"]],
                         [e["fingerprint"] for e in sorted(doc["keys"], key=sort_key)])
        self.assertEqual(self.team.names(doc)[0], "A1")  # the only critical key
        self.assertEqual(self.team.names(doc)[-4:], sorted(["A2", "M", "TAG", "D"],
                         key=lambda n: fingerprint(self.team.keys[n])))

    def test_copied_key_lists_both_authors_and_a_rename_or_merge_introduces_nothing(self):
        want = self.team.expected()
        doc = self.audit_json()
        entries = dict(zip(self.team.names(doc), doc["keys"]))
        self.assertEqual(entries["S"]["authors"], sorted([ALICE.ident, BOB.ident]))
        self.assertEqual(entries["A1"]["authors"], [ALICE.ident], "Carol only renamed the file")
        self.assertEqual(entries["F"]["authors"], [BOB.ident], "Alice only merged the branch")
        self.assertEqual(entries["S"]["paths"], want["S"]["paths"])

    def test_author_filter_keeps_exactly_the_keys_each_author_introduced(self):
        cases = {
            "alice": {"A1", "A2", "S", "N"},
            "Bob Builder": {"B1", "S", "R", "F", "D"},
            "carol": {"M", "TAG", "ST"},
            "CORP.EXAMPLE": {"B1", "S", "R", "F", "D"},  # the email, any case
            "liddell": {"A1", "A2", "S", "N"},
        }
        want = self.team.expected()
        for pattern, names in cases.items():
            with self.subTest(author=pattern):
                doc = self.audit_json("--author", pattern)
                got = self.team.names(doc)
                self.assertEqual(set(got), names)
                self.assertEqual(len(got), len(names))
                self.assertEqual(doc["filters"]["author"], pattern)
                for entry, name in zip(doc["keys"], got):  # the filter selects, it does not trim
                    self.assert_entry(entry, want[name], name)

    def test_author_filter_without_match_is_clean(self):
        for pattern in ["nobody", "builder <bob", "example.net"]:
            with self.subTest(author=pattern):
                run = audit(self.path, "--format", "json", "--author", pattern)
                self.assertEqual(run.rc, 0, run.err)
                self.assertEqual(run.json()["keys"], [])

    def test_date_window_counts_only_commits_inside_it(self):
        doc = self.audit_json("--since", "2024-01-05", "--until", "2024-01-09")
        self.assertEqual(doc["summary"]["commits"], 5)
        entries = dict(zip(self.team.names(doc), doc["keys"]))
        self.assertEqual(set(entries), {"A1", "S", "A2", "B1", "R", "M", "F"})
        commits = {n: e["commits"] for n, e in entries.items()}
        self.assertEqual(commits, {"A1": 5, "S": 5, "A2": 3, "B1": 5, "R": 3, "M": 1, "F": 2})
        authors = {n: e["authors"] for n, e in entries.items()}
        self.assertEqual(authors, {"A1": [], "S": [], "A2": [], "B1": [], "R": [BOB.ident],
                                   "M": [CAROL.ident], "F": [BOB.ident]})
        self.assertEqual(entries["A1"]["first_seen"], self.team.seen("old", BOB, 5, "web/src/config.js"))
        self.assertEqual(entries["A1"]["last_seen"], self.team.seen("merge", ALICE, 9, "web/src/config.js"))
        self.assertEqual(entries["F"]["last_seen"], self.team.seen("merge", ALICE, 9, "server/feature.py"))
        self.assertEqual(entries["S"]["paths"], ["config/prod.py", "server/notify.py"])
        self.assertTrue(entries["A1"]["in_head"], "in_head does not depend on the window")
        self.assertEqual(doc["filters"], {"author": None, "since": "2024-01-05T00:00:00Z",
                                          "until": "2024-01-09T23:59:59Z"})

    def test_until_a_date_includes_that_whole_day(self):
        doc = self.audit_json("--until", "2024-01-03")
        entries = dict(zip(self.team.names(doc), doc["keys"]))
        self.assertEqual(set(entries), {"A1", "S", "A2", "B1"})
        self.assertEqual(entries["S"]["paths"], ["config/prod.py"], "Bob's copy is later")
        self.assertEqual(entries["S"]["authors"], [ALICE.ident])
        self.assertEqual(entries["B1"]["first_seen"], self.team.seen("bill", BOB, 3, "server/billing.py"))
        self.assertEqual(entries["A1"]["last_seen"], self.team.seen("bill", BOB, 3, "web/src/config.js"))

    def test_author_and_dates_combined(self):
        cases = [
            (["--author", "bob", "--since", "2024-01-05", "--until", "2024-01-09"], {"R", "F"}),
            (["--author", "bob", "--until", "2024-01-03"], {"B1"}),
            (["--author", "alice", "--since", "2024-01-05"], {"N"}),
            (["--author", "carol", "--until", "2024-01-10"], {"M"}),
            (["--author", "bob", "--since", "2024-01-05T10:00:00Z", "--until", "2024-01-06"], {"R"}),
            (["--author", "bob", "--since", "2024-01-05T12:00:00+02:00", "--until", "2024-01-06"], {"R"}),
            (["--author", "bob", "--since", "2024-01-05T10:00:01Z", "--until", "2024-01-06"], set()),
        ]
        for args, names in cases:
            with self.subTest(args=args):
                doc = self.audit_json(*args, rc=1 if names else 0)
                self.assertEqual(set(self.team.names(doc)), names)

    def test_unreachable_blob_listed_only_without_filters(self):
        doc = self.audit_json()
        entries = dict(zip(self.team.names(doc), doc["keys"]))
        self.assertEqual(entries["U"]["unreachable_blobs"], [self.team.unreachable_blob])
        self.assertIsNone(entries["U"]["first_seen"])
        for args in (["--author", "a"], ["--since", "2000-01-01"], ["--until", "2100-01-01"]):
            with self.subTest(args=args):
                self.assertNotIn("U", self.team.names(self.audit_json(*args)))

    def test_text_is_a_rotation_checklist_in_report_order(self):
        run = audit(self.path)
        self.assertEqual(run.rc, 1, run.err)
        self.assert_no_full_key(run.out + run.err, "text")
        items = re.findall(r"^\[ \] (\d+)\. (CRITICAL|HIGH|MEDIUM|LOW)  (zk_\w+_\*\*\*\*\w{4})  \((.*)\)$",
                           run.out, re.M)
        doc = self.audit_json()
        self.assertEqual([(i[1].lower(), i[2]) for i in items], [(e["severity"], e["secret"]) for e in doc["keys"]])
        self.assertEqual([int(i[0]) for i in items], list(range(1, len(doc["keys"]) + 1)))
        self.assertEqual(items[0][3], "live key, still in HEAD")
        self.assertEqual(run.out.count("to do"), len(doc["keys"]), "each key says what to do")
        self.assertIn("Rotate it now", run.out)
        self.assertEqual(run.out.count("It is only in a stash"), 1, "only the stashed key")
        self.assertEqual(run.out.count("No ref reaches it"), 1, "only the key of the dangling commit")
        self.assertIn(f"first seen   {iso(day(1))}  {self.team.c['init'][:12]}  {ALICE.ident}  web/src/config.js",
                      run.out)
        self.assertRegex(run.out, r"zkscan audit: 12 keys \(1 critical, 7 high, 4 low\) from 14 commits")

    def test_markdown_for_a_ticket(self):
        run = audit(self.path, "--format", "markdown", "--author", "bob")
        self.assertEqual(run.rc, 1, run.err)
        self.assert_no_full_key(run.out + run.err, "markdown")
        self.assertTrue(run.out.startswith("## Ziett API keys to rotate: 5\n"), run.out[:80])
        rows = re.findall(r"^\| (\d+) \| `(zk_\w+?_\*{4}\w{4})` \| (\w+) \|", run.out, re.M)
        doc = self.audit_json("--author", "bob")
        self.assertEqual([(r[1], r[2]) for r in rows], [(e["secret"], e["severity"]) for e in doc["keys"]])
        self.assertEqual(len(re.findall(r"^### \d+\. `zk_", run.out, re.M)), 5)
        self.assertGreaterEqual(run.out.count("- [ ] "), 5)
        self.assertIn(f"`{BOB.ident}`", run.out)

    def test_redacted_unless_show_secrets(self):
        for fmt in ("text", "json", "markdown"):
            with self.subTest(format=fmt):
                run = audit(self.path, "--format", fmt)
                self.assertEqual(run.rc, 1, run.err)
                self.assert_no_full_key(run.out + run.err, fmt)
        doc = audit(self.path, "--format", "json", "--show-secrets").json()
        by_fp = {fingerprint(k): k for k in self.team.keys.values()}
        for e in doc["keys"]:
            self.assertTrue(e["secret"] == by_fp[e["fingerprint"]], "--show-secrets prints the full key")

    def test_output_file_and_fail_on(self):
        out = os.path.join(self.tmp.path, "inventory.json")
        run = audit(self.path, "--format", "json", "--output", out, "--quiet")
        self.assertEqual((run.rc, run.out, run.err), (1, "", ""))
        with open(out) as f:
            self.assertIn('"keys"', f.read())
        self.assertEqual(audit(self.path, "--fail-on", "critical", "--author", "bob").rc, 0, "Bob has no critical key")
        self.assertEqual(audit(self.path, "--fail-on", "critical", "--author", "alice").rc, 1)

    def test_same_report_whatever_the_thread_count(self):
        def report(threads: str) -> dict:
            doc = self.audit_json("--threads", threads)
            doc["summary"].pop("seconds")
            return doc
        one = report("1")
        for threads in ("2", "7"):
            self.assertEqual(report(threads), one, f"--threads {threads}")

    def test_bad_dates_are_usage_errors(self):
        for args in (["--since", "2024-02-30"], ["--since", "yesterday"], ["--until", "2024-1-5"],
                     ["--since", "2024-01-05T25:00"], ["--since", "2024-01-10", "--until", "2024-01-09"]):
            with self.subTest(args=args):
                run = audit(self.path, *args)
                self.assertEqual(run.rc, 2)
                self.assertEqual(run.out, "")
                self.assertRegex(run.err, r"zkscan: error: .*(--since|--until)")


class AuditSmallReposTest(unittest.TestCase):
    def setUp(self):
        self.tmp = TempDir("zkaudit-")
        self.gen = Keys(seed=61)

    def tearDown(self):
        self.tmp.cleanup()

    def test_window_uses_committer_dates(self):
        r = Repo(os.path.join(self.tmp.path, "rebased"))
        key = self.gen.make("live")
        sha = r.commit(ALICE, day(1), "Rebased later", {"app.py": f'K = "{key}"\n'}, commit_when=day(20),
                       committer=BOB)
        self.assertEqual(audit(r.path, "--until", "2024-01-10").rc, 0, "committed on 2024-01-20")
        doc = audit(r.path, "--format", "json", "--since", "2024-01-15").json()
        self.assertEqual(len(doc["keys"]), 1)
        self.assertEqual(doc["keys"][0]["first_seen"], {"commit": sha, "author": ALICE.ident, "date": iso(day(20)),
                                                        "path": "app.py", "source": "commit"})
        self.assertEqual(doc["keys"][0]["authors"], [ALICE.ident], "the author, not the committer")

    def test_key_removed_and_added_again_by_someone_else(self):
        r = Repo(os.path.join(self.tmp.path, "again"))
        key = self.gen.make("test")
        first = r.commit(ALICE, day(1), "add", {"lib/a.py": f'K = "{key}"\n'})
        r.commit(ALICE, day(2), "remove", remove=["lib/a.py"])
        again = r.commit(CAROL, day(3), "add again", {"lib/b.py": f'K = "{key}"\n'})
        r.commit(CAROL, day(4), "unrelated", {"lib/c.py": "x = 1\n"})
        doc = audit(r.path, "--format", "json").json()
        (e,) = doc["keys"]
        self.assertEqual(e["authors"], sorted([ALICE.ident, CAROL.ident]))
        self.assertEqual(e["first_seen"]["commit"], first)
        self.assertEqual(e["last_seen"]["commit"], r.rev("HEAD"))
        self.assertEqual(e["last_seen"]["path"], "lib/b.py")
        self.assertEqual(e["commits"], 3)
        self.assertEqual(e["paths"], ["lib/a.py", "lib/b.py"])
        self.assertTrue(e["in_head"])
        doc = audit(r.path, "--format", "json", "--author", "carol").json()
        self.assertEqual([k["first_seen"]["commit"] for k in doc["keys"]], [first], "entries are not trimmed")
        self.assertNotEqual(first, again)

    def test_suppressions_and_allowlisted_paths(self):
        r = Repo(os.path.join(self.tmp.path, "suppressed"))
        ignored, allowed, kept, vendored = (self.gen.make(e) for e in ("live", "live", "test", "live"))
        r.commit(ALICE, day(1), "one", {
            "a.py": f'A = "{ignored}"\nB = "{allowed}"  # zkscan:allow\nC = "{kept}"\n',
            "vendor/sdk.py": f'K = "{vendored}"\n'})
        r.commit(BOB, day(2), "two", {"server/send.py": f'K = "{vendored}"\n'})
        r.write(".zkscanignore", f"{fingerprint(ignored)}\n")
        r.write(".zkscan.toml", '[allowlist]\npaths = ["vendor/"]\n')
        doc = audit(r.path, "--format", "json").json()
        got = {e["fingerprint"]: e for e in doc["keys"]}
        self.assertEqual(set(got), {fingerprint(kept), fingerprint(vendored)})
        v = got[fingerprint(vendored)]
        self.assertEqual(v["paths"], ["server/send.py"])
        self.assertEqual((v["commits"], v["authors"]), (1, [BOB.ident]), "the allowlisted copy does not count")
        self.assertGreaterEqual(doc["summary"]["suppressed"], 3)

    def test_repository_without_keys_is_clean(self):
        r = Repo(os.path.join(self.tmp.path, "clean"))
        r.commit(ALICE, day(1), "docs", {"README.md": "Use zk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx as a placeholder\n"})
        run = audit(r.path, "--format", "json")
        self.assertEqual(run.rc, 0, run.err)
        self.assertEqual(run.json()["keys"], [])
        self.assertEqual(run.json()["summary"]["placeholders"], 1)
        text = audit(r.path)
        self.assertEqual(text.rc, 0)
        self.assertIn("0 keys to rotate", text.out)

    def test_staged_key_in_a_repository_without_commits(self):
        r = Repo(os.path.join(self.tmp.path, "unborn"))
        key = self.gen.make("live")
        r.write("web/app.js", f'const k = "{key}";\n')
        r.git("add", "web/app.js")
        doc = audit(r.path, "--format", "json").json()
        (e,) = doc["keys"]
        self.assertEqual((e["commits"], e["first_seen"], e["in_head"], e["refs"]), (0, None, False, []))
        self.assertEqual(len(e["unreachable_blobs"]), 1)

    def test_merge_of_two_copies_introduces_nothing_an_evil_merge_does(self):
        r = Repo(os.path.join(self.tmp.path, "merges"))
        key, other = self.gen.make("live"), self.gen.make("test")
        r.commit(ALICE, day(1), "base", {"README.md": "base\n"})
        r.git("checkout", "-q", "-b", "b")
        r.commit(BOB, day(2), "b", {"b.py": f'K = "{key}"\n'})
        r.git("checkout", "-q", "main")
        r.commit(ALICE, day(3), "a", {"a.py": f'K = "{key}"\n'})
        r.git("merge", "-q", "--no-ff", "--no-edit", "-m", "merge b", "b", author=CAROL, when=day(4))
        r.git("checkout", "-q", "-b", "c", "HEAD~1")
        r.commit(BOB, day(5), "c", {"c.py": "x = 1\n"})
        r.git("checkout", "-q", "main")
        r.git("merge", "-q", "--no-ff", "--no-commit", "c", author=CAROL, when=day(6))
        r.write("evil.py", f'K = "{other}"\nK2 = "{key}"\n')
        r.git("add", "evil.py")
        r.git("commit", "-q", "-m", "evil merge", author=CAROL, when=day(6))
        doc = audit(r.path, "--format", "json").json()
        authors = {e["fingerprint"]: e["authors"] for e in doc["keys"]}
        self.assertEqual(authors[fingerprint(other)], [CAROL.ident], "added by the merge itself")
        self.assertEqual(authors[fingerprint(key)], sorted([ALICE.ident, BOB.ident, CAROL.ident]),
                         "Alice and Bob each added it; Carol's evil merge copied it to a third file")
        (e,) = audit(r.path, "--format", "json", "--until", "2024-01-04").json()["keys"]
        self.assertEqual(e["authors"], sorted([ALICE.ident, BOB.ident]), "merging two copies adds none")
        self.assertEqual(e["paths"], ["a.py", "b.py"])

    def test_older_stash_entries_and_a_detached_head_are_refs(self):
        r = Repo(os.path.join(self.tmp.path, "stashes"))
        older, newer, detached = (self.gen.make("live") for _ in range(3))
        base = r.commit(ALICE, day(1), "base", {"app.py": "x = 1\n"})
        for n, key in ((2, older), (3, newer)):
            r.write("app.py", f'K = "{key}"\n')
            r.git("stash", "-q", author=BOB, when=day(n))
        r.git("checkout", "-q", "--detach", base)
        r.commit(CAROL, day(4), "on a detached HEAD", {"lib.py": f'K = "{detached}"\n'})
        doc = audit(r.path, "--format", "json").json()
        refs = {e["fingerprint"]: e["refs"] for e in doc["keys"]}
        self.assertEqual(refs, {fingerprint(older): ["stash@{1}"], fingerprint(newer): ["refs/stash"],
                                fingerprint(detached): ["HEAD"]})
        authors = {e["fingerprint"]: e["authors"] for e in doc["keys"]}
        self.assertEqual(authors[fingerprint(older)], [BOB.ident], "the stash's author")
        text = audit(r.path).out
        self.assertEqual(text.count("It is only in a stash"), 2)

    def test_severity_is_the_highest_over_the_considered_findings(self):
        r = Repo(os.path.join(self.tmp.path, "severity"))
        key = self.gen.make("live")
        r.commit(ALICE, day(1), "server", {"server/send.py": f'K = "{key}"\n'})
        r.commit(BOB, day(2), "client", {"web/src/App.jsx": f'const k = "{key}";\n'})
        r.commit(BOB, day(3), "oops", remove=["web/src/App.jsx"])
        (e,) = audit(r.path, "--format", "json").json()["keys"]
        self.assertEqual((e["severity"], e["in_head"]), ("critical", True))
        self.assertEqual(e["paths"], ["server/send.py", "web/src/App.jsx"])
        (e,) = audit(r.path, "--format", "json", "--until", "2024-01-01").json()["keys"]
        self.assertEqual((e["severity"], e["paths"]), ("high", ["server/send.py"]))
        (e,) = audit(r.path, "--format", "json", "--since", "2024-01-03").json()["keys"]
        self.assertEqual((e["severity"], e["authors"], e["commits"]), ("high", [], 1))

    def test_not_a_repository(self):
        run = audit(self.tmp.path)
        self.assertEqual(run.rc, 2)
        self.assertIn("not a git repository", run.err)


if __name__ == "__main__":
    unittest.main()
