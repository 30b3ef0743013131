// The working-tree source: a parallel walk over files and directories that hands each regular file to a worker.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/types.hpp"

namespace zkscan::source {

// A path to scan: `disk` is how to open it; files under it are reported as `name`/<rel>.
struct Root {
  std::string disk;
  std::string name;
  bool is_dir = false;
};

struct Roots {
  std::vector<Root> roots;
  // The directory reported paths are relative to, and where .zkscan.toml and .zkscanignore
  // are read: the directory when exactly one is given, otherwise ".".
  std::string base;
};

// Resolves command-line paths (default ".") into roots. One directory: paths relative to it.
// Files, or several paths: paths as given. Throws zkscan::Error for a path that does not exist
// or is neither a regular file nor a directory (a FIFO, socket or device).
Roots resolve_roots(const std::vector<std::string>& args);

// Called on a worker thread for each regular file, with the file open and its size.
// `worker` is in [0, threads): index per-thread state with it.
using FileVisitor =
    std::function<void(unsigned worker, const std::string& rel, int fd, uint64_t size)>;
// Decides, from the relative path, whether a file is left out (allowlisted paths).
using PathFilter = std::function<bool(const std::string& rel)>;

// Walks `roots` with `threads` workers. Skips `.git`, FIFOs, sockets and devices, and symlinks
// found in the walk (roots themselves are followed). An entry that vanishes or changes type
// between its listing and its open is skipped: it is no longer part of the tree. Problems
// (permission denied, read errors thrown by `visit`) are added to `errors`; the walk goes on.
void walk(const std::vector<Root>& roots, unsigned threads, const PathFilter& skip,
          const FileVisitor& visit, std::vector<Diagnostic>& errors);

}  // namespace zkscan::source
