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

namespace zkscan::source {
namespace {

struct Task {
  std::string disk;  // path to open
  std::string rel;   // path to report
  bool is_dir;
  bool named = false;  // given on the command line: a symlink is followed, as for directories
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

std::string join(const std::string& dir, const char* name) {
  if (dir.empty()) return name;
  std::string out = dir;
  if (out.back() != '/') out += '/';
  out += name;
  return out;
}

std::string error_text(int err) { return std::generic_category().message(err); }

void list_dir(const Task& dir, const PathFilter& skip, std::vector<Task>& out, WorkStack& work) {
  ffi::Dir d(::opendir(dir.disk.c_str()));
  if (!d) {
    work.error({dir.rel.empty() ? dir.disk : dir.rel, "cannot open directory: " + error_text(errno)});
    return;
  }
  errno = 0;
  while (const dirent* e = ::readdir(d.get())) {
    const char* name = e->d_name;
    if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0 || std::strcmp(name, ".git") == 0)
      continue;
    unsigned char type = e->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st {};
      if (::fstatat(dirfd(d.get()), name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    if (type != DT_DIR && type != DT_REG) continue;  // symlinks, FIFOs, sockets, devices
    Task t{join(dir.disk, name), join(dir.rel, name), type == DT_DIR};
    if (!t.is_dir && skip && skip(t.rel)) continue;
    out.push_back(std::move(t));
  }
  if (errno != 0) work.error({dir.rel, "cannot read directory: " + error_text(errno)});
}

void scan_file(unsigned worker, const Task& file, const FileVisitor& visit, WorkStack& work) {
  const int nofollow = file.named ? 0 : O_NOFOLLOW;
  ffi::Fd fd(::open(file.disk.c_str(), O_RDONLY | O_CLOEXEC | nofollow | O_NONBLOCK | O_NOCTTY));
  if (!fd) {
    // Vanished, or replaced by a symlink, since the listing. A file named on the command line
    // is reported: it was there when the roots were resolved.
    if (!file.named && (errno == ENOENT || errno == ELOOP)) return;
    work.error({file.rel, "cannot open: " + error_text(errno)});
    return;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    work.error({file.rel, "cannot stat: " + error_text(errno)});
    return;
  }
  if (!S_ISREG(st.st_mode)) return;  // replaced by a FIFO or device since the listing
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
    initial.push_back({r.disk, r.name, r.is_dir, /*named=*/true});
  }
  work.push(initial);

  auto worker = [&](unsigned index) {
    std::vector<Task> found;
    Task task;
    while (work.pop(task)) {
      if (task.is_dir) {
        list_dir(task, skip, found, work);
        work.push(found);
      } else {
        scan_file(index, task, visit, work);
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
