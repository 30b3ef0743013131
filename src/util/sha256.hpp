// SHA-256 (FIPS 180-4), for finding fingerprints.
#pragma once

#include <string>
#include <string_view>

namespace zkscan::util {

// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace zkscan::util
