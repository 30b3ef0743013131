"""`zkscan git` end to end: every object of real repositories made at test time (issue 3)."""

import os
import re
import unittest

from gitkit import BOB, ZKSCAN, GitTestCase, Repo, fingerprint, redacted


class EveryObjectTest(GitTestCase):
    """A key is found wherever git keeps it, not only in what HEAD reaches."""

    def setUp(self):
        super().setUp()
        self.repo = self.new_repo()
        self.base = self.repo.commit("initial", {"README.md": "demo\n"})

    def test_key_only_on_another_branch(self):
        key = self.keys.live()
        self.repo.git("switch", "-q", "-c", "feature")
        commit = self.repo.commit("add settings", {"server/settings.py": f"\nZIETT_KEY = '{key}'\n"}, who=BOB)
        self.repo.git("switch", "-q", "main")
        run = self.scan(self.repo)
        self.assertEqual(run.returncode, 1, run.stderr)
        f = self.assert_one(run, key, path="server/settings.py", source="commit", commit=commit,
                            author="Bob Example <bob@example.com>", date=self.repo.date(commit),
                            in_head=False, line=2, column=14, rule="ziett-live-key",
                            environment="live", severity="high", path_class="other",
                            secret=redacted(key), fingerprint=fingerprint(key))
        self.assertRegex(f["blob"], "^[0-9a-f]{40}$")
        self.assertEqual(run.errors, [])
        self.assertEqual(run.summary["findings"], 1)

    def test_key_only_in_an_annotated_tags_commit_on_a_deleted_branch(self):
        key = self.keys.test()
        self.repo.git("switch", "-q", "-c", "release")
        commit = self.repo.commit("release config", {"web/config.js": f"apiKey: '{key}'\n"})
        self.repo.git("tag", "-a", "v1.0", "-m", "release 1.0")
        self.repo.git("switch", "-q", "main")
        self.repo.git("branch", "-q", "-D", "release")
        run = self.scan(self.repo)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, key, path="web/config.js", source="commit", commit=commit,
                        path_class="frontend", severity="medium", in_head=False)

    def test_key_only_in_the_stash_of_a_tracked_modification(self):
        key = self.keys.live()
        self.repo.write("README.md", f"demo\nkey: {key}\n")
        self.repo.git("stash", "-q")
        stash = self.repo.rev("stash@{0}")
        run = self.scan(self.repo)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, key, path="README.md", source="commit", commit=stash, in_head=False,
                        line=2, column=6)

    def test_key_only_in_the_stash_of_an_untracked_file(self):
        key = self.keys.live()
        self.repo.write("notes.txt", f"{key}\n")
        self.repo.git("stash", "-q", "-u")
        self.assertFalse(os.path.exists(os.path.join(self.repo.path, "notes.txt")))
        untracked = self.repo.rev("stash@{0}^3")  # the stash's commit of untracked files
        run = self.scan(self.repo)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, key, path="notes.txt", source="commit", commit=untracked, in_head=False)

    def test_key_only_in_a_dangling_commit(self):
        key = self.keys.live()
        lost = self.repo.commit("oops", {"config/prod.yml": f"ziett: {key}\n"})
        self.repo.git("reset", "-q", "--hard", "HEAD~1")
        self.repo.git("reflog", "expire", "--expire=now", "--all")
        self.assertNotIn(lost, self.repo.git("rev-list", "--all", "--reflog"))  # no ref reaches it
        run = self.scan(self.repo)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, key, path="config/prod.yml", source="commit", commit=lost,
                        date=self.repo.date(lost), in_head=False)

    def test_dangling_blob_that_no_commit_reaches(self):
        key = self.keys.live()
        self.repo.write("scratch.txt", f"{key}\n")
        blob = self.repo.git("hash-object", "-w", "scratch.txt")
        os.remove(os.path.join(self.repo.path, "scratch.txt"))
        run = self.scan(self.repo)
        self.assertEqual(run.returncode, 1, run.stderr)
        f = self.assert_one(run, key, source="unreachable", blob=blob, path="", line=1, column=1)
        self.assertNotIn("commit", f)
        self.assertNotIn("author", f)

    def test_key_in_a_commit_message(self):
        key = self.keys.live()
        commit = self.repo.commit(f"Rotate key\n\nold key was {key}\n", who=BOB)
        run = self.scan(self.repo)
        self.assertEqual(run.returncode, 1, run.stderr)
        f = self.assert_one(run, key, source="commit-message", commit=commit, path="", line=3,
                            column=13, author="Bob Example <bob@example.com>",
                            date=self.repo.date(commit), severity="high")
        self.assertIn("commit message", f["message"])

    def test_key_in_an_annotated_tag_message(self):
        key = self.keys.test()
        self.repo.git("tag", "-a", "v2", "-m", f"deployed with {key}", who=BOB)
        tag = self.repo.rev("v2")
        run = self.scan(self.repo)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, key, source="commit-message", commit=self.base, blob=tag, line=1,
                        column=15, author="Bob Example <bob@example.com>",
                        date=self.repo.tag_date("v2"))

    def test_placeholder_in_history_is_counted_not_reported(self):
        self.repo.commit("docs", {"docs/api.md": "X-API-KEY: zk_live_" + "x" * 28 + "\n"})
        run = self.scan(self.repo)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(run.findings, [])
        self.assertEqual(run.summary["placeholders"], 1)

    def test_clean_history_exits_0(self):
        self.repo.commit("more", {"src/app.py": "print('hello')\n"})
        run = self.scan(self.repo)
        self.assertEqual((run.returncode, run.findings, run.errors), (0, [], []))
        self.assertEqual(run.summary["files"], len(self.repo.blobs()))


class AttributionTest(GitTestCase):
    """Which commit, path and in_head a history finding carries."""

    def setUp(self):
        super().setUp()
        self.repo = self.new_repo()

    def test_file_deleted_later_is_not_in_head(self):
        key = self.keys.live()
        added = self.repo.commit("add", {"deploy.sh": f"export ZIETT={key}\n"})
        self.repo.commit("remove", remove=["deploy.sh"])
        run = self.scan(self.repo)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, key, path="deploy.sh", commit=added, in_head=False)

    def test_key_kept_in_head(self):
        key = self.keys.live()
        added = self.repo.commit("add", {"app/main.py": f"KEY = '{key}'\n"})
        self.repo.commit("other work", {"app/util.py": "pass\n"})
        run = self.scan(self.repo)
        self.assert_one(run, key, path="app/main.py", commit=added, in_head=True)

    def test_renamed_file_is_reported_at_each_path_with_its_oldest_commit(self):
        key = self.keys.live()
        added = self.repo.commit("add", {"old/keys.py": f"KEY = '{key}'\n"})
        self.repo.git("mv", "old", "new")
        moved = self.repo.commit("move")
        run = self.scan(self.repo)
        found = sorted((f["path"], f["commit"], f["in_head"]) for f in run.of(key))
        # in_head is about the key: it is in HEAD (at new/keys.py), so the old path says so too.
        self.assertEqual(found, [("new/keys.py", moved, True), ("old/keys.py", added, True)])

    def test_same_key_in_many_commits_is_reported_once_per_path_at_its_oldest_commit(self):
        key = self.keys.live()
        added = self.repo.commit("add", {"settings.py": f"KEY = '{key}'\n"})
        for i in range(5):
            self.repo.commit(f"work {i}", {f"src/mod{i}.py": f"x = {i}\n"})
        # Edits above and below the key: new blobs of the same file, same key.
        self.repo.commit("edit", {"settings.py": f"# settings\nKEY = '{key}'\n"})
        self.repo.commit("edit again", {"settings.py": f"# settings\nKEY = '{key}'\nDEBUG = 0\n"})
        copied = self.repo.commit("copy", {"backup/settings.py": f"KEY = '{key}'\n"})
        run = self.scan(self.repo)
        found = sorted((f["path"], f["commit"], f["line"]) for f in run.of(key))
        self.assertEqual(found, [("backup/settings.py", copied, 1), ("settings.py", added, 1)])
        # Every distinct blob is read once, however many commits hold it.
        self.assertEqual(run.summary["files"], len(self.repo.blobs()))

    def test_key_reported_from_the_commit_that_drops_its_allow_marker(self):
        key = self.keys.live()
        self.repo.commit("fixture", {"conf.py": f"K = '{key}'  # zkscan:allow\n"})
        dropped = self.repo.commit("oops", {"conf.py": f"K = '{key}'\n"})
        run = self.scan(self.repo)
        self.assert_one(run, key, path="conf.py", commit=dropped)
        self.assertEqual(run.summary["suppressed"], 1)

    def test_two_keys_in_one_file(self):
        live, test = self.keys.live(), self.keys.test()
        added = self.repo.commit("add", {".env.staging": f"A={live}\nB={test}\n"})
        run = self.scan(self.repo)
        self.assert_one(run, live, commit=added, line=1, column=3, path_class="nonprod", severity="high")
        self.assert_one(run, test, commit=added, line=2, column=3, path_class="nonprod", severity="low")

    def test_zkscanignore_suppresses_a_history_finding(self):
        key = self.keys.live()
        self.repo.commit("add", {"a.py": f"k = '{key}'\n"})
        self.repo.write(".zkscanignore", fingerprint(key) + "  # known fixture\n")
        run = self.scan(self.repo)
        self.assertEqual((run.returncode, run.findings), (0, []))
        self.assertEqual(run.summary["suppressed"], 1)

    def test_exit_code_follows_fail_on(self):
        key = self.keys.test()
        self.repo.commit("fixture", {"tests/fixtures/keys.txt": f"{key}\n"})
        run = self.scan(self.repo, "--fail-on", "medium")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assert_one(run, key, severity="low")  # still reported, but below the bar
        self.assertEqual(self.scan(self.repo, "--fail-on", "low").returncode, 1)

    def test_baseline_of_a_previous_report(self):
        self.repo.commit("add", {"a.py": f"k = '{self.keys.live()}'\n"})
        baseline = os.path.join(self.tmp, "baseline.json")
        first = self.zkscan("git", self.repo.path, "--format", "json", "--output", baseline)
        self.assertEqual(first.returncode, 1, first.stderr)
        run = self.scan(self.repo, "--baseline", baseline)
        self.assertEqual((run.returncode, run.findings), (0, []), run.stderr)
        new = self.keys.live()
        added = self.repo.commit("another", {"b.py": f"k = '{new}'\n"})
        run = self.scan(self.repo, "--baseline", baseline)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, new, commit=added)
        self.assertEqual(len(run.findings), 1)

    def test_text_report_redacts_and_names_the_commit(self):
        key = self.keys.live()
        added = self.repo.commit("add", {"a.py": f"k = '{key}'\n"})
        run = self.zkscan("git", self.repo.path)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertIn(redacted(key), run.stdout)  # and never the full key: see GitTestCase.zkscan
        self.assertIn(f"commit {added[:12]} by Alice Example <alice@example.com>", run.stdout)
        shown = self.zkscan("git", self.repo.path, "--show-secrets")
        self.assertTrue(key in shown.stdout, "--show-secrets does not show the key")


class StagedTest(GitTestCase):
    """--staged: only what the index adds against HEAD (the pre-commit hook)."""

    def setUp(self):
        super().setUp()
        self.repo = self.new_repo()

    def staged(self, *args):
        return self.scan(self.repo, "--staged", *args)

    def test_only_staged_keys_are_reported(self):
        staged, unstaged, untracked = self.keys.live(), self.keys.live(), self.keys.live()
        self.repo.commit("initial", {"a.py": "a = 1\n", "b.py": "b = 1\n"})
        self.repo.write("a.py", f"a = '{staged}'\n")
        self.repo.git("add", "a.py")
        self.repo.write("b.py", f"b = '{unstaged}'\n")
        self.repo.write("c.py", f"c = '{untracked}'\n")
        run = self.staged()
        self.assertEqual(run.returncode, 1, run.stderr)
        f = self.assert_one(run, staged, path="a.py", source="staged", line=1, column=6)
        self.assertNotIn("commit", f)
        self.assertEqual(run.of(unstaged) + run.of(untracked), [])
        self.assertEqual(len(run.findings), 1)

    def test_nothing_staged_exits_0(self):
        self.repo.commit("initial", {"a.py": f"a = '{self.keys.live()}'\n"})
        self.repo.write("a.py", f"a = '{self.keys.live()}'\n")  # modified, not staged
        run = self.staged()
        self.assertEqual((run.returncode, run.findings, run.errors), (0, [], []))

    def test_key_already_in_head_is_not_new(self):
        old = self.keys.live()
        self.repo.commit("initial", {"config.py": f"KEY = '{old}'\n"})
        self.repo.write("config.py", f"# config\nKEY = '{old}'\nDEBUG = False\n")
        self.repo.git("add", "config.py")
        run = self.staged()
        self.assertEqual((run.returncode, run.findings), (0, []))

        new = self.keys.test()
        self.repo.write("config.py", f"# config\nKEY = '{old}'\nTEST_KEY = '{new}'\n")
        self.repo.git("add", "config.py")
        run = self.staged()
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, new, path="config.py", source="staged", line=3)
        self.assertEqual(run.of(old), [])

    def test_first_commit_on_an_unborn_branch(self):
        key = self.keys.live()
        self.repo.write("web/index.html", f"<script>key='{key}'</script>\n")
        self.repo.git("add", ".")
        run = self.staged()
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, key, path="web/index.html", source="staged", severity="critical")

    def test_pre_commit_hook_of_commit_all_sees_the_index_git_commits(self):
        # `git commit -a` stages into a temporary index and names it in GIT_INDEX_FILE.
        self.repo.commit("initial", {"a.py": "a = 1\n"})
        hook = os.path.join(self.repo.path, ".git", "hooks", "pre-commit")
        with open(hook, "w") as f:
            f.write(f"#!/bin/sh\nexec '{ZKSCAN}' git --staged --quiet --no-color\n")
        os.chmod(hook, 0o755)
        key = self.keys.live()
        self.repo.write("a.py", f"a = '{key}'\n")
        head = self.repo.rev("HEAD")
        done = self.repo.run_git("commit", "-a", "-m", "leak")
        self.assertNotEqual(done.returncode, 0, "the hook let the key through")
        self.assertIn(redacted(key), done.stderr)  # git sends hook output to stderr
        self.assertEqual(self.repo.rev("HEAD"), head)

    def test_new_directories_and_names_that_sort_around_a_directory(self):
        # The index sorts "a/b c" and "a/b.txt" before "a/b/…": a walk that pairs index entries
        # with HEAD's trees must still see each of them, and a file that became a directory.
        self.repo.commit("initial", {"a/b/f.txt": "f\n", "top": "x\n"})
        self.repo.git("rm", "-q", "top")
        paths = ["a/a", "a/b c", "a/b.txt", "a/b/zz", "n/e/w/deep.txt", "top/inner.txt"]
        keys = {path: self.keys.live() for path in paths}
        for path, key in keys.items():
            self.repo.write(path, f"{key}\n")
        self.repo.git("add", "-A")
        run = self.staged()
        self.assertEqual(run.returncode, 1, run.stderr)
        for path, key in keys.items():
            self.assert_one(run, key, path=path, source="staged")

    def test_staged_deletion_is_clean(self):
        self.repo.commit("initial", {"a.py": f"a = '{self.keys.live()}'\n"})
        self.repo.git("rm", "-q", "a.py")
        run = self.staged()
        self.assertEqual((run.returncode, run.findings), (0, []))

    def history_with_a_key(self):
        """Two commits under nested directories, packed (refs too); returns the key in HEAD."""
        old = self.keys.live()
        files = {f"src/mod{i}/deep/file{j}.py": f"x = {i * j}\n" for i in range(4) for j in range(5)}
        self.repo.commit("initial", {**files, "src/mod1/deep/keys.py": f"K = '{old}'\n"})
        self.repo.commit("second", {"src/mod2/deep/file3.py": "x = 'changed'\n"})
        self.repo.git("gc", "-q")
        return old

    def test_staged_in_every_index_version_against_a_packed_history(self):
        # Index versions 2, 3 (extended flags: `git add -N`) and 4 (prefix-compressed paths),
        # HEAD's trees and blobs in a pack, HEAD's branch in packed-refs.
        old = self.history_with_a_key()
        self.assertFalse(os.path.exists(os.path.join(self.repo.path, ".git", "refs", "heads", "main")))
        new = self.keys.test()
        self.repo.write("src/mod1/deep/keys.py", f"K = '{old}'\nT = '{new}'\n")
        self.repo.write("src/mod3/deep/later.py", "pending = True\n")
        self.repo.git("add", "src/mod1/deep/keys.py")
        self.repo.git("add", "-N", "src/mod3/deep/later.py")
        for version in ("2", "3", "4"):
            self.repo.git("update-index", "--index-version", version)
            run = self.staged()
            self.assertEqual(run.returncode, 1, f"index v{version}: {run.stderr}")
            self.assert_one(run, new, path="src/mod1/deep/keys.py", source="staged", line=2)
            self.assertEqual((run.of(old), len(run.findings), run.errors), ([], 1, []), f"index v{version}")

    def test_moved_file_keeps_its_keys(self):
        self.history_with_a_key()
        os.makedirs(os.path.join(self.repo.path, "config"))
        self.repo.git("mv", "src/mod1/deep/keys.py", "config/keys.py")
        run = self.staged()
        self.assertEqual((run.returncode, run.findings, run.errors), (0, [], []))

    def test_from_a_subdirectory_and_from_a_linked_worktree(self):
        self.history_with_a_key()
        key = self.keys.live()
        self.repo.write("src/mod0/deep/file1.py", f"x = '{key}'\n")
        self.repo.git("add", ".")
        run = self.zkscan("git", "--staged", "--format", "json", cwd=os.path.join(self.repo.path, "src", "mod0"))
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, key, path="src/mod0/deep/file1.py", source="staged")

        worktree = os.path.join(self.tmp, "wt")
        self.repo.git("worktree", "add", "-q", "-b", "side", worktree)
        other = self.keys.live()
        with open(os.path.join(worktree, "src", "side.py"), "w") as f:
            f.write(f"k = '{other}'\n")
        Repo(worktree, self.home, self.clock).git("add", ".")
        run = self.zkscan("git", "--staged", "--format", "json", cwd=os.path.join(worktree, "src"))
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, other, path="src/side.py", source="staged")
        self.assertEqual(run.of(key), [])  # staged in the main work tree, not in this one

    def test_detached_head_and_a_symbolic_ref_chain(self):
        self.history_with_a_key()
        key = self.keys.live()
        self.repo.git("checkout", "-q", "--detach", "HEAD~1")
        self.repo.write("src/mod2/deep/file3.py", f"x = '{key}'\n")  # differs from HEAD~1 and HEAD
        self.repo.git("add", ".")
        run = self.staged()
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, key, path="src/mod2/deep/file3.py", source="staged")

        self.repo.git("checkout", "-q", "-f", "main")
        self.repo.git("symbolic-ref", "refs/heads/alias", "refs/heads/main")
        self.repo.git("symbolic-ref", "HEAD", "refs/heads/alias")
        self.repo.write("src/mod2/deep/file3.py", "x = 'changed'\n")  # as in main: nothing staged
        self.repo.git("add", ".")
        run = self.staged()
        self.assertEqual((run.returncode, run.findings, run.errors), (0, [], []))

    def test_objects_borrowed_through_alternates(self):
        old = self.history_with_a_key()
        Repo(self.tmp, self.home, self.clock).git("clone", "-q", "--shared", self.repo.path, "shared")
        clone = Repo(os.path.join(self.tmp, "shared"), self.home, self.clock)
        self.assertTrue(os.path.exists(os.path.join(clone.path, ".git", "objects", "info", "alternates")))
        new = self.keys.live()
        clone.write("src/mod1/deep/keys.py", f"K = '{old}'\nN = '{new}'\n")
        clone.git("add", ".")
        run = self.scan(clone, "--staged")
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, new, path="src/mod1/deep/keys.py", source="staged", line=2)
        self.assertEqual(run.of(old), [])


class RangeTest(GitTestCase):
    """--range A..B and --since REV: only the commits of the range (CI gate, pre-push)."""

    def setUp(self):
        super().setUp()
        self.repo = self.new_repo()
        self.base = self.repo.commit("initial", {"README.md": "demo\n"})

    def test_range_that_adds_a_key_reports_it_once_at_the_commit_that_introduced_it(self):
        key = self.keys.live()
        added = self.repo.commit("add", {"app.py": f"KEY = '{key}'\n"}, who=BOB)
        self.repo.commit("edit", {"app.py": f"KEY = '{key}'\nDEBUG = 1\n"})
        self.repo.commit("copy", {"tools/app.py": "pass\n"})
        run = self.scan(self.repo, "--range", f"{self.base}..HEAD")
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, key, path="app.py", source="commit", commit=added,
                        author="Bob Example <bob@example.com>", date=self.repo.date(added), in_head=True)
        self.assertEqual(len(run.findings), 1)

    def test_range_without_new_keys_exits_0(self):
        self.repo.commit("add", {"app.py": f"KEY = '{self.keys.live()}'\n"})
        before = self.repo.rev("HEAD")
        self.repo.commit("work", {"lib.py": "pass\n"})
        run = self.scan(self.repo, "--range", f"{before}..HEAD")
        self.assertEqual((run.returncode, run.findings, run.errors), (0, [], []))

    def test_key_present_before_the_range_and_kept_is_not_reported(self):
        key = self.keys.live()
        self.repo.commit("add", {"app.py": f"KEY = '{key}'\n"})
        before = self.repo.rev("HEAD")
        self.repo.commit("edit", {"app.py": f"import os\nKEY = '{key}'\n"})
        self.repo.git("mv", "app.py", "main.py")
        self.repo.commit("rename")
        run = self.scan(self.repo, "--range", f"{before}..HEAD")
        self.assertEqual((run.returncode, run.findings), (0, []))

    def test_merge_of_a_branch_outside_the_range_is_not_reported(self):
        key = self.keys.live()
        self.repo.git("switch", "-q", "-c", "feature")
        feature = self.repo.commit("feature", {"feature.py": f"KEY = '{key}'\n"})
        self.repo.git("switch", "-q", "main")
        self.repo.commit("main work", {"main.py": "pass\n"})
        self.repo.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature")
        run = self.scan(self.repo, "--range", "feature..main")
        self.assertEqual((run.returncode, run.findings), (0, []))
        # A range that holds the feature commit reports the key there, not at the merge.
        run = self.scan(self.repo, "--range", f"{self.base}..main")
        self.assert_one(run, key, commit=feature, path="feature.py")

    def test_key_added_by_the_merge_itself_is_reported_at_the_merge(self):
        key = self.keys.live()
        self.repo.git("switch", "-q", "-c", "feature")
        self.repo.commit("feature", {"feature.py": "pass\n"})
        self.repo.git("switch", "-q", "main")
        self.repo.commit("main work", {"main.py": "pass\n"})
        self.repo.git("merge", "-q", "--no-ff", "--no-commit", "feature")
        merge = self.repo.commit("merge feature", {"feature.py": f"KEY = '{key}'\n"})
        run = self.scan(self.repo, "--range", "feature..main")
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, key, commit=merge, path="feature.py")

    def test_key_in_a_commit_message_in_the_range(self):
        key = self.keys.live()
        commit = self.repo.commit(f"use {key}")
        run = self.scan(self.repo, "--range", f"{self.base}..HEAD")
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, key, source="commit-message", commit=commit)

    def test_since_rev_means_rev_to_head(self):
        old, new = self.keys.live(), self.keys.live()
        self.repo.commit("old", {"old.py": f"K = '{old}'\n"})
        since = self.repo.rev("HEAD")
        added = self.repo.commit("new", {"new.py": f"K = '{new}'\n"})
        run = self.scan(self.repo, "--since", since)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, new, commit=added, path="new.py")
        self.assertEqual(run.of(old), [])
        self.assertEqual(self.scan(self.repo, "--since", "HEAD").returncode, 0)

    def test_bad_revision_is_one_error_line(self):
        for args in (["--range", "nope..HEAD"], ["--range", f"{self.base}..nope"], ["--since", "nope"]):
            with self.subTest(args=args):
                run = self.scan(self.repo, *args)
                self.assert_error_exit(run, "nope")
                self.assertEqual(run.stdout, "")


class OpeningTest(GitTestCase):
    """Where `zkscan git` can be pointed: work tree, subdirectory, bare repository, .git."""

    def setUp(self):
        super().setUp()
        self.repo = self.new_repo()
        self.key = self.keys.live()
        self.repo.commit("initial", {"src/deep/dir/config.py": f"KEY = '{self.key}'\n"})
        self.expected = self.scan(self.repo)
        self.assertEqual(self.expected.returncode, 1, self.expected.stderr)

    def assert_same_findings(self, run):
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertEqual(run.findings, self.expected.findings)

    def test_from_a_subdirectory(self):
        subdir = os.path.join(self.repo.path, "src", "deep")
        self.assert_same_findings(self.scan(subdir))
        self.assert_same_findings(self.zkscan("git", "--format", "json", cwd=subdir))

    def test_bare_repository(self):
        bare = self.clone(self.repo, "bare.git", "--bare")
        self.assert_same_findings(self.scan(bare))

    def test_git_directory(self):
        self.assert_same_findings(self.scan(os.path.join(self.repo.path, ".git")))

    def test_linked_worktree(self):
        path = os.path.join(self.tmp, "worktree")
        self.repo.git("worktree", "add", "-q", path, "-b", "side")
        self.assert_same_findings(self.scan(path))
        worktree = Repo(path, self.home, self.clock)  # --staged reads the worktree's own index
        key = self.keys.live()
        worktree.write("side.py", f"K = '{key}'\n")
        worktree.git("add", "side.py")
        self.assert_one(self.scan(worktree, "--staged"), key, path="side.py", source="staged")

    def test_not_a_repository(self):
        plain = os.path.join(self.tmp, "plain")
        os.makedirs(plain)
        self.assert_error_exit(self.scan(plain), "not a git repository", plain)
        self.assert_error_exit(self.scan(os.path.join(self.tmp, "missing")), "not a git repository")

    def test_staged_in_a_bare_repository_is_an_error(self):
        bare = self.clone(self.repo, "bare.git", "--bare")
        self.assert_error_exit(self.scan(bare, "--staged"))


class ShallowAndPartialTest(GitTestCase):
    """Clones that do not hold the whole history: scanned as far as they go."""

    def setUp(self):
        super().setUp()
        self.origin = self.new_repo("origin")
        self.old = self.keys.live()
        self.origin.commit("old", {"old.py": f"K = '{self.old}'\n"})
        self.origin.commit("drop", remove=["old.py"])

    def test_shallow_clone_is_scanned_as_far_as_it_goes(self):
        shallow = self.clone(self.origin, "shallow", "--depth", "1")
        run = self.scan(shallow)
        self.assertEqual((run.returncode, run.findings, run.errors), (0, [], []), run.stderr)
        notes = [line for line in run.stderr_lines() if "shallow" in line]
        self.assertEqual(len(notes), 1, run.stderr)

        new = self.keys.live()
        added = shallow.commit("new key", {"new.py": f"K = '{new}'\n"})
        run = self.scan(shallow)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, new, commit=added, in_head=True)
        self.assertEqual(run.of(self.old), [])

    def test_range_up_to_the_shallow_boundary(self):
        shallow = self.clone(self.origin, "shallow", "--depth", "1")
        boundary = shallow.rev("HEAD")
        new = self.keys.live()
        added = shallow.commit("new key", {"new.py": f"K = '{new}'\n"})
        for args in (["--range", f"{boundary}..HEAD"], ["--since", boundary]):
            with self.subTest(args=args):
                run = self.scan(shallow, *args)
                self.assertEqual(run.returncode, 1, run.stderr)
                self.assert_one(run, new, commit=added, path="new.py")
                self.assertEqual(len(run.findings), 1)

    def test_range_across_the_shallow_boundary_counts_the_boundary_as_a_root(self):
        kept = self.keys.live()
        self.origin.commit("kept", {"kept.py": f"K = '{kept}'\n"})
        shallow = self.clone(self.origin, "shallow", "--depth", "1")
        boundary = shallow.rev("HEAD")
        shallow.git("switch", "-q", "--orphan", "elsewhere")
        shallow.commit("unrelated", {"x.txt": "x\n"})
        run = self.scan(shallow, "--range", "elsewhere..main")
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, kept, commit=boundary, path="kept.py")
        self.assertEqual(run.of(self.old), [])
        self.assertTrue(any(boundary in line for line in run.stderr_lines()), run.stderr)

    def test_linked_worktree_of_a_shallow_clone(self):
        # The shallow file lives in the common directory, not in the worktree's git dir.
        shallow = self.clone(self.origin, "shallow", "--depth", "1")
        path = os.path.join(self.tmp, "worktree")
        shallow.git("worktree", "add", "-q", path, "-b", "side")
        worktree = Repo(path, self.home, self.clock)
        new = self.keys.live()
        added = worktree.commit("new key", {"new.py": f"K = '{new}'\n"})
        for args in ([], ["--since", "HEAD~1"]):
            with self.subTest(args=args):
                run = self.scan(worktree, *args)
                self.assertEqual((run.returncode, run.errors), (1, []), run.stderr)
                self.assert_one(run, new, commit=added)
                self.assertEqual(len([l for l in run.stderr_lines() if "shallow" in l]), 1, run.stderr)

    def test_partial_clone_counts_missing_objects_without_failing(self):
        message_key = self.keys.live()
        head = self.origin.commit(f"note {message_key}")
        self.origin.git("config", "uploadpack.allowFilter", "true")
        partial = self.clone(self.origin, "partial", "--filter=blob:none", "--no-checkout")
        # A partial clone declares extensions.partialclone, and libgit2 1.5 leaks the regex
        # match data of its extension check in git_repository_open_ext.
        run = self.scan(partial, env=self.libgit2_leaks_allowed())
        # The blobs were never fetched: counted, not errors; commits are there, messages scanned.
        self.assertEqual(run.errors, [])
        self.assertEqual(run.summary["missing_objects"], len(self.origin.blobs()))
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, message_key, source="commit-message", commit=head)
        self.assertEqual(len([l for l in run.stderr_lines() if "partial clone" in l]), 1, run.stderr)


class DamagedRepositoryTest(GitTestCase):
    """Missing and corrupt objects: exit 2 with a clear message, never a crash or a clean exit."""

    def setUp(self):
        super().setUp()
        self.repo = self.new_repo()
        for i in range(3):
            self.repo.commit(f"c{i}", {f"f{i}.txt": f"file {i}\n" * 50})
        self.repo.commit("key", {"k.py": f"K = '{self.keys.live()}'\n"})

    def test_missing_loose_blob(self):
        blob = self.repo.rev("HEAD:f1.txt")
        os.remove(self.repo.loose_object(blob))
        run = self.scan(self.repo)
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertIn(blob, [e["path"] for e in run.errors])
        self.assertEqual(len(run.findings), 1)  # the rest of the scan went on
        self.assertTrue(any(blob in line and "missing" in line for line in run.stderr_lines()), run.stderr)

    def test_missing_parent_commit(self):
        parent = self.repo.rev("HEAD~1")
        os.remove(self.repo.loose_object(parent))
        run = self.scan(self.repo)
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertIn(parent, [e["path"] for e in run.errors])

    def test_missing_commit_at_a_branch_tip(self):
        self.repo.git("switch", "-q", "-c", "side")
        key = self.keys.live()
        tip = self.repo.commit("side", {"side.py": f"K = '{key}'\n"})
        self.repo.git("switch", "-q", "main")
        os.remove(self.repo.loose_object(tip))
        run = self.scan(self.repo)
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertIn(tip, [e["path"] for e in run.errors])
        self.assertTrue(any("refs/heads/side" in e["message"] for e in run.errors), run.errors)

    def test_missing_commit_inside_a_range(self):
        first, middle = self.repo.rev("HEAD~3"), self.repo.rev("HEAD~1")
        os.remove(self.repo.loose_object(middle))
        # libgit2 1.5's revwalk leaks a list node when it stops on a missing commit.
        run = self.scan(self.repo, "--range", f"{first}..{self.repo.rev('HEAD')}",
                        env=self.libgit2_leaks_allowed())
        self.assert_error_exit(run, middle)

    def packed(self):
        self.repo.git("gc", "-q", "--prune=now")
        pack_dir = os.path.join(self.repo.path, ".git", "objects", "pack")
        packs = [p for p in os.listdir(pack_dir) if p.endswith(".pack")]
        self.assertEqual(len(packs), 1)
        return os.path.join(pack_dir, packs[0])

    def assert_incomplete(self, run):
        """Exit 2, errors in the report, and every stderr line one of zkscan's own."""
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertNotEqual(run.errors, [])
        lines = run.stderr_lines()
        for line in lines:
            self.assertRegex(line, r"^zkscan: (error: \S+: \S.*|\d+ findings, \d+ errors, .*)$")
        self.assertEqual(len([l for l in lines if l.startswith("zkscan: error: ")]), len(run.errors))
        return run

    def assert_damaged_pack_named(self, run, pack):
        name = "objects/pack/" + os.path.basename(pack)
        self.assertIn(name, [e["path"] for e in run.errors])
        self.assertIn(f"zkscan: error: {name}: damaged pack file", run.stderr)

    def test_pack_overwritten_in_the_middle(self):
        pack = self.packed()
        with open(pack, "r+b") as f:
            f.seek(os.path.getsize(pack) // 2)
            f.write(b"\xff" * 64)
        self.assert_incomplete(self.scan(self.repo))

    def test_pack_overwritten_at_the_start(self):
        pack = self.packed()
        with open(pack, "r+b") as f:
            f.write(b"garbage!")
        self.assert_damaged_pack_named(self.assert_incomplete(self.scan(self.repo)), pack)

    def test_truncated_pack(self):
        pack = self.packed()
        with open(pack, "r+b") as f:
            f.truncate(os.path.getsize(pack) // 2)
        run = self.assert_incomplete(self.scan(self.repo))
        self.assert_damaged_pack_named(run, pack)
        objects = [e["message"] for e in run.errors if "/" not in e["path"]]
        self.assertTrue(all("listed in a pack index" in m for m in objects), objects)


class DeterminismTest(GitTestCase):
    """The report depends on the repository's content only: not on threads, not on packing."""

    def report_without_seconds(self, target, *args):
        run = self.scan(target, *args)
        self.assertEqual(run.errors, [])
        run.report["summary"].pop("seconds")
        return run.report

    def test_packing_does_not_change_the_report(self):
        repo = self.new_repo()
        key, other = self.keys.live(), self.keys.test()
        lines = [f"line {i}: {'x' * 60}\n" for i in range(200)]
        for i in range(12):  # versions of one file that delta against each other once packed
            lines[i * 10] = f"K{i} = '{key}'\n" if i % 4 == 0 else f"edit {i}\n"
            repo.commit(f"edit {i}", {"config/big.py": "".join(lines), f"n{i}.txt": f"{i}\n"})
        repo.git("tag", "-a", "v1", "-m", f"tag {other}")
        repo.write("config/big.py", "".join(lines) + f"STASHED = '{other}'\n")
        repo.git("stash", "-q")
        repo.dangling_blobs([f"{self.keys.live()}\n"])
        loose = self.report_without_seconds(repo)
        self.assertGreater(len(loose["findings"]), 3)
        repo.git("repack", "-q", "-a", "-d", "-f", "-k", "--depth=50", "--window=50")  # deltas
        self.assertEqual(self.report_without_seconds(repo), loose)

    def test_output_is_identical_for_one_and_two_threads(self):
        repo = self.new_repo()
        for i in range(40):
            text = f"K{i} = '{self.keys.live()}'\n" if i % 3 == 0 else f"x = {i}\n"
            message = f"commit {i} {self.keys.test()}" if i % 7 == 0 else f"commit {i}"
            repo.commit(message, {f"pkg{i % 4}/m{i}.py": text})
        repo.git("tag", "-a", "t1", "-m", f"tag {self.keys.test()}")
        repo.git("switch", "-q", "-c", "side")
        repo.commit("side", {"web/app.jsx": f"k = '{self.keys.live()}'\n"})
        # Findings that tie on (path, commit, line, column, rule): dangling blobs (enough that
        # both threads get some), and a tag message at the same place as its commit's message.
        repo.dangling_blobs(f"{self.keys.live()}\n" for _ in range(3000))
        same = self.keys.live()
        repo.commit(f"tie {same}")
        repo.git("tag", "-a", "t2", "-m", f"tie {same}")
        for fmt in ("json", "text"):
            one, two = (self.zkscan("git", repo.path, "--format", fmt, "--threads", n) for n in "12")
            self.assertEqual((one.returncode, two.returncode), (1, 1), one.stderr + two.stderr)
            seconds = re.compile(r"\d+\.\d+ s\b|\"seconds\": [0-9.e-]+")
            lines_one = seconds.sub("<seconds>", one.stdout).splitlines()
            lines_two = seconds.sub("<seconds>", two.stdout).splitlines()
            for number, (a, b) in enumerate(zip(lines_one, lines_two), 1):
                self.assertEqual(a, b, f"{fmt}, line {number}")  # not the whole report: it is long
            self.assertEqual(len(lines_one), len(lines_two), fmt)

if __name__ == "__main__":
    unittest.main()


class LargeRepositoryShapesTest(GitTestCase):
    """Shapes that break naive readers: thousands of refs, a huge commit message (issue 8)."""

    def test_thousands_of_refs(self):
        repo = self.new_repo()
        base = repo.commit("initial", {"README.md": "demo\n"})
        key = self.keys.live()
        leak = repo.commit("config", {"web/config.js": f"export const k = '{key}';\n"})
        lines = "".join(f"create refs/heads/topic/{i:05d} {base}\n" for i in range(3000))
        lines += "".join(f"create refs/tags/build-{i:05d} {leak}\n" for i in range(2000))
        repo.git("update-ref", "--stdin", input=lines)
        run = self.scan(repo)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assert_one(run, key, path="web/config.js", source="commit", commit=leak,
                        severity="critical", in_head=True)

    def test_huge_commit_message_with_a_key_at_its_end(self):
        repo = self.new_repo()
        repo.commit("initial", {"README.md": "demo\n"})
        key = self.keys.test()
        message = "release notes\n\n" + ("- fixed a thing in the billing service\n" * 150000) + f"token {key}\n"
        repo.git("commit", "--allow-empty", "-q", "-F", "-", input=message)
        head = repo.rev("HEAD")
        run = self.scan(repo)
        self.assertEqual(run.returncode, 1, run.stderr)
        f = self.assert_one(run, key, source="commit-message", commit=head)
        self.assertEqual(f["line"], message.count("\n"))
