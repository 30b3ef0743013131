// A main for the fuzz targets without libFuzzer (any compiler): runs LLVMFuzzerTestOneInput over
// files and corpus directories, plus deterministic mutations of each input, so the seed corpora
// run as ordinary tests. Usage: replay [--mutations N] FILE|DIR...
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "ffi/fd.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

// xorshift64*: the same mutations on every run and every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed | 1) {}
  uint64_t next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1DULL;
  }
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }

 private:
  uint64_t state_;
};

// A few byte-level edits of the kind libFuzzer makes: flips, replacements, inserts, erasures,
// duplicated ranges, truncation.
std::string mutate(std::string s, Rng& rng) {
  for (size_t edits = 1 + rng.below(4); edits > 0; --edits) {
    size_t at = rng.below(s.size() + 1);
    switch (rng.below(6)) {
      case 0:
        if (at < s.size()) s[at] = static_cast<char>(s[at] ^ (1 << rng.below(8)));
        break;
      case 1:
        if (at < s.size()) s[at] = static_cast<char>(rng.next());
        break;
      case 2:
        s.insert(at, 1 + rng.below(8), static_cast<char>(rng.next()));
        break;
      case 3:
        s.erase(at, rng.below(16));
        break;
      case 4: {
        size_t from = rng.below(s.size() + 1);
        s.insert(at, s.substr(from, rng.below(32)));
        break;
      }
      default:
        s.resize(at);
    }
  }
  return s;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", p.c_str());
    std::exit(2);
  }
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Mutated inputs exist nowhere else: each is saved before it runs, so whatever kills the process
// (an abort, a sanitizer report) leaves the input behind to reproduce with.
// Rewritten in place, never truncated to zero: ext4 flushes a file that is (auto_da_alloc).
constexpr const char* kLastInput = "replay-last-input";

void run(const std::string& input, const zkscan::ffi::Fd* save) {
  if (save != nullptr && (::pwrite(save->get(), input.data(), input.size(), 0) < 0 ||
                          ::ftruncate(save->get(), static_cast<off_t>(input.size())) != 0)) {
    std::perror("replay: cannot save the input");
    std::exit(2);
  }
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

}  // namespace

int main(int argc, char** argv) {
  size_t mutations = 0;
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--mutations" && i + 1 < argc) {
      mutations = std::strtoul(argv[++i], nullptr, 10);
      continue;
    }
    if (fs::is_directory(arg)) {
      for (const auto& entry : fs::recursive_directory_iterator(arg))
        if (entry.is_regular_file()) files.push_back(entry.path());
    } else {
      files.emplace_back(arg);
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::fprintf(stderr, "usage: %s [--mutations N] FILE|DIR...: no inputs given\n", argv[0]);
    return 2;
  }
  zkscan::ffi::Fd last(::open(kLastInput, O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
  if (!last) {
    std::perror("replay: cannot create ./replay-last-input");
    return 2;
  }
  size_t runs = 0;
  Rng rng(0x7a6b7363616eULL);
  for (const fs::path& file : files) {
    const std::string input = read_file(file);
    std::fprintf(stderr, "replay: %s (and %zu mutations of it, each saved to ./%s first)\n",
                 file.c_str(), mutations, kLastInput);
    run(input, nullptr);
    ++runs;
    for (size_t m = 0; m < mutations; ++m, ++runs) run(mutate(input, rng), &last);
  }
  std::remove(kLastInput);
  std::fprintf(stderr, "replay: %zu inputs from %zu files, all passed\n", runs, files.size());
  return 0;
}
