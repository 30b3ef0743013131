// Serialized databases under the user's cache directory, written atomically (temp file + rename).
#include "rules/db_cache.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "util/file.hpp"

namespace zkscan::rules {
namespace fs = std::filesystem;

std::string db_cache_path(const std::string& key) {
  if (const char* off = std::getenv("ZKSCAN_NO_CACHE"); off != nullptr && *off != '\0') return "";
  fs::path dir;
  if (const char* d = std::getenv("ZKSCAN_CACHE_DIR"); d != nullptr && *d != '\0') {
    dir = d;
  } else if (const char* x = std::getenv("XDG_CACHE_HOME"); x != nullptr && *x != '\0') {
    dir = fs::path(x) / "zkscan";
  } else if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') {
    dir = fs::path(h) / ".cache" / "zkscan";
  } else {
    return "";
  }
  return (dir / (key + ".hsdb")).string();
}

ffi::HsDatabase load_cached_db(const std::string& path) {
  ffi::HsDatabase db;
  if (path.empty()) return db;
  std::string bytes;
  if (util::read_file(path, bytes) != util::FileRead::kOk) return db;
  // Hyperscan checks the version and platform it was serialized for; on mismatch, recompile.
  if (hs_deserialize_database(bytes.data(), bytes.size(), db.out()) != HS_SUCCESS) db.reset();
  return db;
}

void store_cached_db(const std::string& path, const hs_database_t* db) {
  if (path.empty()) return;
  ffi::Malloced<char> bytes;  // hs_serialize_database allocates with malloc
  size_t length = 0;
  if (hs_serialize_database(db, bytes.out(), &length) != HS_SUCCESS) return;
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  std::string tmp = path + "." + std::to_string(::getpid()) + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.get(), static_cast<std::streamsize>(length));
    if (!out.flush()) ec = std::make_error_code(std::errc::io_error);
  }
  if (!ec) fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
}

}  // namespace zkscan::rules
