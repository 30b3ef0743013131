// Parallel directory walk: a shared LIFO of directories and files, one scanner per worker.
#include "source/worktree.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <fmt/core.h>
#include <mutex>
#include <system_error>
#include <thread>

#include "ffi/fd.hpp"
#include "model/error.hpp"
#include "util/file.hpp"

namespace zkscan::source {
namespace {

struct Task {
  std::string disk;  // path to open
  std::string rel;   // path to report
  bool is_dir;
  bool root;  // given on the command line: followed if a symlink, and must be readable
};

// Work shared by the walkers. Finished when the stack is empty and nobody is busy.
class WorkStack {
 public:
  void push(std::vector<Task>& tasks) {
    std::lock_guard lock(mu_);
    for (Task& t : tasks) stack_.push_back(std::move(t));
    tasks.clear();
    cv_.notify_all();
  }
  // Blocks for the next task; false once all work is done.
  bool pop(Task& out) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !stack_.empty() || busy_ == 0; });
    if (stack_.empty()) return false;
    out = std::move(stack_.back());
    stack_.pop_back();
    ++busy_;
    return true;
  }
  void done() {
    std::lock_guard lock(mu_);
    if (--busy_ == 0 && stack_.empty()) cv_.notify_all();
  }
  void error(Diagnostic d) {
    std::lock_guard lock(mu_);
    errors_.push_back(std::move(d));
  }
  std::vector<Diagnostic>& errors() { return errors_; }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Task> stack_;
  size_t busy_ = 0;
  std::vector<Diagnostic> errors_;
};

std::string error_text(int err) { return std::generic_category().message(err); }

// Whether an open or opendir failure means the entry changed since it was listed: it vanished
// (ENOENT), was replaced by a symlink (ELOOP, we do not follow those) or a directory by a file
// (ENOTDIR). Such entries are skipped; they are not part of the tree any more.
bool changed_since_listing(int err) { return err == ENOENT || err == ELOOP || err == ENOTDIR; }

void list_dir(const Task& dir, const PathFilter& skip, std::vector<Task>& out, WorkStack& work) {
  // Command-line roots are followed when they are symlinks; directories found in the walk are
  // not, even if one was swapped for a symlink after it was listed.
  int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK | (dir.root ? 0 : O_NOFOLLOW);
  ffi::Fd fd(::open(dir.disk.c_str(), flags));
  ffi::Dir d;
  if (fd) d = ffi::Dir(::fdopendir(fd.get()));
  if (!d) {
    int err = errno;
    if (!dir.root && changed_since_listing(err)) return;
    work.error({dir.rel.empty() ? dir.disk : dir.rel, "cannot open directory: " + error_text(err)});
    return;
  }
  fd.release();  // the directory stream owns it now
  while (true) {
    errno = 0;
    const dirent* e = ::readdir(d.get());
    if (e == nullptr) break;
    const char* name = e->d_name;
    if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0 || std::strcmp(name, ".git") == 0)
      continue;
    unsigned char type = e->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st {};
      if (::fstatat(dirfd(d.get()), name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // vanished
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    if (type != DT_DIR && type != DT_REG) continue;  // symlinks, FIFOs, sockets, devices
    Task t{util::join_path(dir.disk, name), util::join_path(dir.rel, name), type == DT_DIR, false};
    if (!t.is_dir && skip && skip(t.rel)) continue;
    out.push_back(std::move(t));
  }
  if (errno != 0)
    work.error(
        {dir.rel.empty() ? dir.disk : dir.rel, "cannot read directory: " + error_text(errno)});
}

void scan_file(unsigned worker, const Task& file, const FileVisitor& visit, WorkStack& work) {
  // O_NONBLOCK: a file swapped for a FIFO after the listing must not block the open.
  int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (file.root ? 0 : O_NOFOLLOW);
  ffi::Fd fd(::open(file.disk.c_str(), flags));
  if (!fd) {
    int err = errno;
    if (!file.root && changed_since_listing(err)) return;
    work.error({file.rel, "cannot open: " + error_text(err)});
    return;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    work.error({file.rel, "cannot stat: " + error_text(errno)});
    return;
  }
  if (!S_ISREG(st.st_mode)) return;  // replaced by a FIFO, device or directory since the listing
  try {
    visit(worker, file.rel, fd.get(), static_cast<uint64_t>(st.st_size));
  } catch (const std::system_error& e) {
    work.error({file.rel, fmt::format("cannot read: {}", e.code().message())});
  } catch (const std::exception& e) {
    work.error({file.rel, fmt::format("cannot scan: {}", e.what())});
  }
}

}  // namespace

Roots resolve_roots(const std::vector<std::string>& args) {
  Roots out{{}, "."};
  const std::vector<std::string> paths = args.empty() ? std::vector<std::string>{"."} : args;
  for (const std::string& arg : paths) {
    struct stat st {};
    if (::stat(arg.c_str(), &st) != 0)
      throw Error(fmt::format("cannot scan {}: {}", arg, error_text(errno)));
    if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
      throw Error(fmt::format("cannot scan {}: not a regular file or directory ({})", arg,
                              S_ISFIFO(st.st_mode)   ? "a FIFO"
                              : S_ISSOCK(st.st_mode) ? "a socket"
                                                     : "a device"));
    std::string name = arg;
    while (name.rfind("./", 0) == 0) name.erase(0, 2);
    while (name.size() > 1 && name.back() == '/') name.pop_back();
    bool is_dir = S_ISDIR(st.st_mode);
    if (is_dir && paths.size() == 1) {
      out.base = arg;
      name.clear();
    }
    if (name == ".") name.clear();
    out.roots.push_back({arg, name, is_dir});
  }
  return out;
}

void walk(const std::vector<Root>& roots, unsigned threads, const PathFilter& skip,
          const FileVisitor& visit, std::vector<Diagnostic>& errors) {
  WorkStack work;
  std::vector<Task> initial;
  for (const Root& r : roots) {
    if (!r.is_dir && skip && skip(r.name)) continue;
    initial.push_back({r.disk, r.name, r.is_dir, true});
  }
  work.push(initial);

  auto worker = [&](unsigned index) {
    std::vector<Task> found;
    Task task;
    while (work.pop(task)) {
      // An exception must not end a worker without done(): the others would wait forever.
      try {
        if (task.is_dir) {
          list_dir(task, skip, found, work);
          work.push(found);
        } else {
          scan_file(index, task, visit, work);
        }
      } catch (const std::exception& e) {
        found.clear();
        work.error(
            {task.rel.empty() ? task.disk : task.rel, fmt::format("cannot scan: {}", e.what())});
      }
      work.done();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back(worker, i);
  worker(0);
  for (std::thread& t : pool) t.join();
  for (Diagnostic& d : work.errors()) errors.push_back(std::move(d));
}

}  // namespace zkscan::source
