"""zkscan's git hooks end to end: `zkscan hook install`, then real commits and pushes to bare
remotes on disk; the pre-commit framework through Debian's pre-commit; the scripts in hooks/."""

import os
import shutil
import stat
import subprocess
import unittest

from hookkit import SOURCE_DIR, ZERO, ZKSCAN, HookTestCase, Sandbox, redacted


def project(test, seed, install=True):
    """A work repository with one clean commit pushed to a bare `origin`, hooks installed."""
    sb = Sandbox(test, seed)
    remote = sb.bare()
    work = sb.repo()
    work.git("remote", "add", "origin", remote.path)
    work.stage("README.md", "# demo\n")
    test.assertEqual(work.commit("Initial commit", "--no-verify").returncode, 0)
    work.git("push", "-q", "--no-verify", "-u", "origin", "main")
    if install:
        r = work.zkscan("hook", "install")
        test.assertEqual(r.returncode, 0, r.output)
    return sb, work, remote


class CommitHook(HookTestCase):
    def test_commit_adding_a_live_key_is_blocked_and_head_does_not_move(self):
        sb, work, _ = project(self, "commit-live")
        head = work.rev()
        key = sb.key()
        work.stage_key("server/billing.py", key)
        r = work.commit("Add billing")
        self.assertBlocked(r, sb, redacted(key), "server/billing.py:1", "commit refused", "--no-verify")
        self.assertEqual(work.rev(), head)

    def test_commit_all_and_commit_paths_are_checked_too(self):
        # git commit -a / git commit <path> stage into a temporary index (GIT_INDEX_FILE).
        sb, work, _ = project(self, "commit-all")
        work.stage("app.py", "print('hi')\n")
        self.assertPassed(work.commit("Add app"), sb)
        head = work.rev()
        key = sb.key()
        work.write("app.py", f"print('hi')\nKEY = '{key}'\n")
        self.assertBlocked(work.commit("Configure", "-a"), sb, redacted(key), "app.py:2")
        self.assertBlocked(work.git("commit", "-q", "-m", "Configure", "app.py", check=False), sb, redacted(key))
        self.assertEqual(work.rev(), head)

    def test_clean_commit_passes(self):
        sb, work, _ = project(self, "commit-clean")
        head = work.rev()
        work.stage("server/billing.py", "API_KEY = os.environ['ZIETT_API_KEY']\n")
        self.assertPassed(work.commit("Add billing"), sb)
        self.assertNotEqual(work.rev(), head)

    def test_without_zkscan_the_commit_is_refused_with_a_way_out(self):
        sb, work, _ = project(self, "missing", install=False)
        copy = sb.path("bin", "zkscan")
        os.makedirs(os.path.dirname(copy))
        shutil.copy2(ZKSCAN, copy)
        self.assertPassed(sb.run([copy, "hook", "install"], cwd=work.path), sb)
        os.remove(copy)  # zkscan was uninstalled; it is not on PATH either
        head = work.rev()
        work.stage("notes.txt", "nothing secret\n")
        r = work.commit("Notes", env={"PATH": "/usr/bin:/bin"})
        self.assertBlocked(r, sb, "cannot find zkscan", "git commit --no-verify")
        self.assertEqual(work.rev(), head)
        # ZKSCAN points the hook at a binary, whatever was recorded.
        self.assertPassed(work.commit("Notes", env={"PATH": "/usr/bin:/bin", "ZKSCAN": ZKSCAN}), sb)


class PushHook(HookTestCase):
    def test_a_leaking_commit_made_with_no_verify_is_stopped_at_push(self):
        sb, work, remote = project(self, "push-existing")
        key = sb.key()
        work.stage_key("config/app.py", key)
        self.assertPassed(work.commit("Add config", "--no-verify"), sb)
        leak = work.rev()
        before = remote.rev("main")
        r = work.git("push", "origin", "main", check=False)
        self.assertBlocked(r, sb, redacted(key), "config/app.py:1", leak[:12], "Add config",
                           "Rotate the key", "git commit --amend", f"git rebase -i {leak[:12]}^",
                           "git push --no-verify")
        self.assertEqual(remote.rev("main"), before)

    def test_first_push_of_a_new_branch_checks_every_commit_the_remote_lacks(self):
        sb, work, remote = project(self, "push-new")
        work.git("checkout", "-q", "-b", "feature/sms")
        key = sb.key()
        work.stage_key("web/src/config.js", key)
        self.assertPassed(work.commit("Wire SMS", "--no-verify"), sb)
        leak = work.rev()
        work.stage("web/src/app.js", "export const app = 1;\n")
        self.assertPassed(work.commit("App"), sb)
        r = work.git("push", "-u", "origin", "feature/sms", check=False)
        # The key is in an older commit, not the tip; a frontend path makes it critical.
        self.assertBlocked(r, sb, redacted(key), "web/src/config.js:1", leak[:12], "critical")
        self.assertIsNone(remote.rev("refs/heads/feature/sms"))

    def test_a_new_branch_is_not_blamed_for_commits_already_on_the_remote(self):
        sb, work, remote = project(self, "push-known")
        key = sb.key()
        work.stage_key("legacy.py", key)
        self.assertPassed(work.commit("Old leak", "--no-verify"), sb)
        work.git("push", "-q", "--no-verify", "origin", "main")  # already public
        work.git("checkout", "-q", "-b", "topic")
        work.stage("topic.py", "x = 1\n")
        self.assertPassed(work.commit("Topic"), sb)
        r = work.git("push", "origin", "topic", check=False)
        self.assertPassed(r, sb)
        self.assertEqual(remote.rev("refs/heads/topic"), work.rev())

    def test_clean_push_passes(self):
        sb, work, remote = project(self, "push-clean")
        work.stage("app.py", "print('ok')\n")
        self.assertPassed(work.commit("App"), sb)
        self.assertPassed(work.git("push", "origin", "main", check=False), sb)
        self.assertEqual(remote.rev("main"), work.rev())

    def test_deleting_a_branch_passes(self):
        sb, work, remote = project(self, "push-delete")
        work.git("checkout", "-q", "-b", "oops")
        work.stage_key("oops.py", sb.key())
        self.assertPassed(work.commit("Oops", "--no-verify"), sb)
        work.git("push", "-q", "--no-verify", "origin", "oops")
        self.assertPassed(work.git("push", "origin", "--delete", "oops", check=False), sb)
        self.assertIsNone(remote.rev("refs/heads/oops"))

    def test_pushing_a_tag_checks_the_commits_it_brings(self):
        sb, work, remote = project(self, "push-tag")
        work.git("tag", "-a", "v1", "-m", "v1")  # a commit the remote has: nothing new
        self.assertPassed(work.git("push", "origin", "v1", check=False), sb)
        work.git("checkout", "-q", "-b", "release")
        key = sb.key()
        work.stage_key("release.py", key)
        self.assertPassed(work.commit("Release", "--no-verify"), sb)
        work.git("tag", "-a", "v2", "-m", "v2")
        self.assertBlocked(work.git("push", "origin", "v2", check=False), sb, redacted(key), "release.py:1")
        self.assertIsNone(remote.rev("refs/tags/v2"))

    def test_a_push_to_a_url_checks_every_new_commit(self):
        sb, work, _ = project(self, "push-url")
        mirror = sb.bare("mirror.git")
        key = sb.key("test")
        work.stage_key("lib/db.py", key)
        self.assertPassed(work.commit("DB", "--no-verify"), sb)
        r = work.git("push", mirror.path, "main", check=False)
        self.assertBlocked(r, sb, redacted(key), "lib/db.py:1")
        self.assertIsNone(mirror.rev("refs/heads/main"))

    def test_the_hook_body_rejects_input_that_is_not_git_ref_lines(self):
        sb, work, _ = project(self, "push-input")
        r = work.zkscan("hook", "pre-push", "origin", "url", stdin="not a ref line\n")
        self.assertEqual(r.returncode, 2, sb.explain(r))
        self.assertIn("unexpected pre-push input", r.output)
        sha = work.rev()
        r = work.zkscan("hook", "pre-push", "origin", "url", stdin=f"(delete) {ZERO} refs/heads/x {sha}\n")
        self.assertPassed(r, sb)


class Install(HookTestCase):
    def test_core_hooks_path_is_where_the_hooks_go(self):
        sb, work, _ = project(self, "hookspath", install=False)
        work.git("config", "core.hooksPath", ".githooks")
        os.makedirs(os.path.join(work.path, "src"))
        r = sb.run([ZKSCAN, "hook", "install"], cwd=os.path.join(work.path, "src"))
        self.assertPassed(r, sb)
        hooks = os.path.join(work.path, ".githooks")
        self.assertTrue(os.access(os.path.join(hooks, "pre-commit"), os.X_OK), r.output)
        self.assertTrue(os.access(os.path.join(hooks, "pre-push"), os.X_OK), r.output)
        self.assertFalse(os.path.exists(os.path.join(work.path, ".git", "hooks", "pre-commit")))
        # Without git on PATH, libgit2 finds the same directory.
        r = sb.run([ZKSCAN, "hook", "install"], cwd=os.path.join(work.path, "src"), env={"PATH": "/nonexistent"})
        self.assertPassed(r, sb)
        self.assertIn("up to date: " + os.path.join(hooks, "pre-commit"), r.output)
        key = sb.key()
        work.stage_key("src/app.py", key)
        self.assertBlocked(work.commit("Key"), sb, redacted(key))

    def test_a_linked_worktree_installs_into_the_shared_hooks(self):
        sb, work, _ = project(self, "worktree", install=False)
        wt_path = sb.path("wt")
        work.git("worktree", "add", "-q", "-b", "side", wt_path)
        r = sb.run([ZKSCAN, "hook", "install"], cwd=wt_path)
        self.assertPassed(r, sb)
        self.assertTrue(os.path.isfile(os.path.join(work.path, ".git", "hooks", "pre-commit")), r.output)
        self.assertEqual(work.hooks_dir(), os.path.join(work.path, ".git", "hooks"))
        r = sb.run([ZKSCAN, "hook", "install"], cwd=wt_path, env={"PATH": "/nonexistent"})
        self.assertIn("up to date: " + os.path.join(work.path, ".git", "hooks", "pre-commit"), r.output)
        # A commit in the worktree runs the hook on the worktree's index.
        wt = type(work)(sb, wt_path)
        head = wt.rev()
        key = sb.key()
        wt.stage_key("side.py", key)
        self.assertBlocked(wt.commit("Side"), sb, redacted(key), "side.py:1")
        self.assertEqual(wt.rev(), head)

    def write_foreign(self, work, name, body):
        path = os.path.join(work.hooks_dir(), name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n# another tool's hook\n" + body)
        os.chmod(path, 0o755)
        return path

    def test_a_foreign_hook_is_chained_not_overwritten(self):
        sb, work, _ = project(self, "chain", install=False)
        log = sb.path("foreign.log")
        pre_commit = self.write_foreign(work, "pre-commit", f'echo pre-commit >> "{log}"\nexit "${{FOREIGN_RC:-0}}"\n')
        self.write_foreign(work, "pre-push", f'echo "pre-push $1" >> "{log}"\ncat >> "{log}"\n')
        with open(pre_commit) as f:
            original = f.read()
        r = work.zkscan("hook", "install")
        self.assertPassed(r, sb)
        self.assertIn("pre-commit.zkscan-chained and runs first", r.output)
        with open(pre_commit + ".zkscan-chained") as f:
            self.assertEqual(f.read(), original)

        work.stage("a.py", "a = 1\n")
        self.assertPassed(work.commit("A"), sb)
        key = sb.key()
        work.stage_key("b.py", key)
        self.assertBlocked(work.commit("B"), sb, redacted(key))
        work.git("reset", "-q", "--hard")
        work.stage("c.py", "c = 1\n")
        self.assertBlocked(work.commit("C", env={"FOREIGN_RC": "3"}), sb)  # the foreign hook can still say no

        self.assertPassed(work.git("push", "origin", "main", check=False), sb)
        with open(log) as f:
            text = f.read()
        self.assertEqual(text.count("pre-commit\n"), 3, text)
        self.assertIn(f"pre-push origin\nrefs/heads/main {work.rev()} refs/heads/main ", text)

        # Re-running changes nothing; a second foreign hook cannot be chained over the first.
        r = work.zkscan("hook", "install")
        self.assertIn("pre-commit hook up to date", r.output)
        self.write_foreign(work, "pre-commit", "exit 0\n")
        r = work.zkscan("hook", "install", "--pre-commit")
        self.assertEqual(r.returncode, 2, sb.explain(r))
        self.assertIn("--force", r.output)
        with open(pre_commit + ".zkscan-chained") as f:
            self.assertEqual(f.read(), original)

    def test_force_replaces_a_foreign_hook(self):
        sb, work, _ = project(self, "force", install=False)
        path = self.write_foreign(work, "pre-commit", "exit 0\n")
        r = work.zkscan("hook", "install", "--pre-commit", "--force")
        self.assertPassed(r, sb)
        self.assertIn("replacing the hook that was there", r.output)
        self.assertFalse(os.path.exists(path + ".zkscan-chained"))
        self.assertFalse(os.path.exists(os.path.join(work.hooks_dir(), "pre-push")))
        with open(path) as f:
            text = f.read()
        self.assertIn("zkscan-hook: managed by", text)
        self.assertIn(f"zkscan_installed='{ZKSCAN}'", text)

    def test_reinstalling_is_harmless(self):
        sb, work, _ = project(self, "again")
        path = os.path.join(work.hooks_dir(), "pre-push")
        with open(path) as f:
            first = f.read()
        r = work.zkscan("hook", "install")
        self.assertPassed(r, sb)
        self.assertEqual(r.output.count("up to date"), 2, r.output)
        with open(path) as f:
            self.assertEqual(f.read(), first)
        self.assertEqual(sorted(os.listdir(work.hooks_dir())).count("pre-push.zkscan-chained"), 0)


def which(tool):
    return shutil.which(tool)


@unittest.skipUnless(which("pre-commit"), "pre-commit is not installed")
class PreCommitFramework(HookTestCase):
    """Debian's pre-commit (3.0.x) running the hooks of .pre-commit-hooks.yaml."""

    def hook_repo(self, sb):
        """A git repository holding this checkout's .pre-commit-hooks.yaml and hooks/."""
        repo = sb.repo("zkscan-hooks")
        shutil.copy2(os.path.join(SOURCE_DIR, ".pre-commit-hooks.yaml"), repo.path)
        shutil.copytree(os.path.join(SOURCE_DIR, "hooks"), os.path.join(repo.path, "hooks"))
        repo.git("add", "-A")
        repo.git("commit", "-q", "-m", "zkscan hooks")
        return repo

    def env(self):
        return {"PATH": os.path.dirname(ZKSCAN) + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin")}

    def test_try_repo_fails_on_a_staged_key_and_passes_on_a_clean_change(self):
        sb, work, _ = project(self, "try-repo", install=False)
        hooks = self.hook_repo(sb)
        key = sb.key()
        work.stage_key("settings.py", key)
        r = sb.run(["pre-commit", "try-repo", hooks.path, "zkscan"], cwd=work.path, env=self.env())
        self.assertBlocked(r, sb, redacted(key), "settings.py:1", "SKIP=zkscan")
        work.git("reset", "-q", "--hard")
        work.stage("settings.py", "KEY = os.environ['ZIETT_API_KEY']\n")
        r = sb.run(["pre-commit", "try-repo", hooks.path, "zkscan"], cwd=work.path, env=self.env())
        self.assertPassed(r, sb)
        self.assertIn("Passed", r.output)

    def test_the_push_stage_through_pre_commit_install(self):
        sb, work, remote = project(self, "pc-push", install=False)
        hooks = self.hook_repo(sb)
        work.write(".pre-commit-config.yaml",
                   f"repos:\n- repo: {hooks.path}\n  rev: {hooks.rev()}\n  hooks:\n  - id: zkscan\n  - id: zkscan-push\n")
        r = sb.run(["pre-commit", "install", "-t", "pre-commit", "-t", "pre-push"], cwd=work.path, env=self.env())
        self.assertPassed(r, sb)
        work.git("add", ".pre-commit-config.yaml")
        self.assertPassed(work.commit("pre-commit config", env=self.env()), sb)
        work.git("checkout", "-q", "-b", "feature")
        key = sb.key()
        work.stage_key("feature.py", key)
        self.assertBlocked(work.commit("Feature", env=self.env()), sb, redacted(key))
        self.assertPassed(work.commit("Feature", env={**self.env(), "SKIP": "zkscan"}), sb)
        r = work.git("push", "origin", "feature", env=self.env(), check=False)
        self.assertBlocked(r, sb, redacted(key), "feature.py:1", "SKIP=zkscan-push")
        self.assertIsNone(remote.rev("refs/heads/feature"))
        self.assertPassed(work.git("push", "-q", "origin", "main", env=self.env(), check=False), sb)


class Scripts(unittest.TestCase):
    SCRIPTS = [os.path.join(SOURCE_DIR, "hooks", name) for name in ("pre-commit", "pre-push")]

    def test_the_hook_scripts_are_executable(self):
        for path in self.SCRIPTS:
            self.assertTrue(os.stat(path).st_mode & stat.S_IXUSR, path)

    @unittest.skipUnless(which("shellcheck"), "shellcheck is not installed")
    def test_the_hook_scripts_are_posix_sh_and_shellcheck_clean(self):
        r = subprocess.run(["shellcheck", "-s", "sh", *self.SCRIPTS], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        self.assertEqual(r.returncode, 0, r.stdout)


if __name__ == "__main__":
    unittest.main()
