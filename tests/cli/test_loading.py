"""How zkscan loads libgit2: not at start-up (it is not linked), but with dlopen on the first
call of a git_* function (src/ffi/libgit2_loader.cpp). Commands that never call libgit2 must
never map it, and once it is loaded, its stat() must still be zkscan's (src/ffi/git.cpp).

The dynamic loader reports what it loads and binds (LD_DEBUG), so no tracer is needed."""

import glob
import os
import re
import shutil
import stat
import subprocess
import tempfile
import unittest

from gitkit import ZKSCAN, GitTestCase

# "binding file /lib/.../libgit2.so.1.5 [0] to /…/zkscan [0]: normal symbol `stat' [GLIBC_2.33]"
_STAT_BINDING = re.compile(r"binding file (\S+) \[\d+\] to (\S+) \[\d+\]: normal symbol `stat'")


class LoadingTest(GitTestCase):

    def run_traced(self, *args):
        """Runs zkscan with the dynamic loader's log of loaded files and symbol bindings;
        returns the run and the log (of zkscan and of any program it started)."""
        prefix = os.path.join(tempfile.mkdtemp(dir=self.tmp), "ld-debug")
        run = self.zkscan(*args, env={"LD_DEBUG": "files,bindings", "LD_DEBUG_OUTPUT": prefix})
        log = ""
        for path in glob.glob(prefix + ".*"):
            with open(path, errors="replace") as f:
                log += f.read()
        self.assertIn("file=", log, "the dynamic loader wrote no log (LD_DEBUG)")
        return run, log

    def test_zkscan_does_not_need_libgit2(self):
        readelf = shutil.which("readelf")
        if readelf is None:
            self.skipTest("readelf (binutils) is not installed")
        dynamic = subprocess.run([readelf, "-d", ZKSCAN], capture_output=True, text=True,
                                 check=True).stdout
        needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^]]+)\]", dynamic)
        self.assertTrue(needed, dynamic)
        self.assertEqual([lib for lib in needed if "git2" in lib], [], needed)

    def test_commands_that_never_call_libgit2_do_not_load_it(self):
        key = self.keys.live()
        tree = os.path.join(self.tmp, "tree")
        os.makedirs(tree)
        with open(os.path.join(tree, "settings.py"), "w") as f:
            f.write(f"KEY = '{key}'\n")
        for args in (["rules", "list"], ["scan", "--format", "json", tree]):
            with self.subTest(args=args):
                run, log = self.run_traced(*args)
                self.assertIn(run.returncode, (0, 1), run.stderr)
                self.assertEqual([line for line in log.splitlines() if "libgit2" in line][:3], [])

    def test_the_pre_commit_path_does_not_load_libgit2(self):
        # `git --staged` in a plain work tree, packed history and loose staged blob alike, reads
        # everything itself; a bare repository goes through libgit2 (for its error message).
        repo = self.new_repo()
        old, new = self.keys.live(), self.keys.live()
        repo.commit("initial", {"src/config.py": f"KEY = '{old}'\n", "README.md": "demo\n"})
        repo.git("gc", "-q")
        repo.write("src/config.py", f"KEY = '{old}'\nNEW = '{new}'\n")
        repo.git("add", ".")
        run, log = self.run_traced("git", repo.path, "--staged", "--format", "json")
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertEqual((len(run.of(new)), run.of(old)), (1, []))
        self.assertEqual([line for line in log.splitlines() if "libgit2" in line][:3], [])

        bare = self.new_repo("bare.git", "--bare")
        run, log = self.run_traced("git", bare.path, "--staged")
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertIn("bare repository", run.stderr)
        self.assertIn("libgit2", log)

    def test_git_loads_libgit2_and_binds_its_stat_to_zkscan(self):
        repo = self.new_repo()
        key = self.keys.live()
        repo.commit("initial", {"config.py": f"KEY = '{key}'\n"})
        run, log = self.run_traced("git", repo.path, "--format", "json")
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertEqual(len(run.of(key)), 1)
        self.assertTrue(re.search(r"file=libgit2\.so\S* \[\d+\];\s+dynamically loaded by ", log),
                        "libgit2 was not loaded with dlopen")
        # libgit2 and the libraries it brings (Debian's: mbedTLS, whose x509 reads the CA
        # bundle) must call zkscan's stat(), which hides the bundle while git_libgit2_init runs.
        bindings = _STAT_BINDING.findall(log)
        self.assertTrue([lib for lib, _ in bindings if "/libgit2.so" in lib],
                        "no binding of stat() from libgit2 in the loader's log")
        for library, target in bindings:
            if re.search(r"/lib[a-z]*san\.so", library):
                continue  # a sanitizer's interceptor of stat() calls libc's, by design
            self.assertEqual(os.path.basename(target), os.path.basename(ZKSCAN),
                             f"{library} calls the stat() of {target}")

    def test_without_libgit2_only_what_needs_it_fails_with_one_error_line(self):
        # A copy of zkscan that asks for a libgit2 soname no system has.
        with open(ZKSCAN, "rb") as f:
            binary = f.read()
        sonames = re.findall(rb"libgit2\.so\.[0-9.]+\0", binary)
        self.assertEqual(len(sonames), 1, sonames)
        missing = re.sub(rb"[0-9]", b"x", sonames[0][len(b"libgit2.so"):])
        broken = os.path.join(self.tmp, "zkscan")
        with open(broken, "wb") as f:
            f.write(binary.replace(sonames[0], b"libgit2.so" + missing))
        os.chmod(broken, stat.S_IRWXU)
        repo = self.new_repo()
        repo.commit("initial", {"README.md": "demo\n"})
        env = {**os.environ, "NO_COLOR": "1"}
        listed = subprocess.run([broken, "rules", "list"], capture_output=True, text=True, env=env)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        done = subprocess.run([broken, "git", repo.path], capture_output=True, text=True, env=env)
        self.assertEqual((done.returncode, done.stdout), (2, ""), done.stderr)
        self.assertRegex(done.stderr, r"^zkscan: error: cannot load libgit2 \(libgit2\.so\.x[x.]*\): "
                         r"[^\n]*cannot open shared object file[^\n]*\n$")


if __name__ == "__main__":
    unittest.main()
