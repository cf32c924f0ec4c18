// The one source of attest's version; CMakeLists.txt reads it from here.
#pragma once

#define ATTEST_VERSION_MAJOR 0
#define ATTEST_VERSION_MINOR 1
#define ATTEST_VERSION_PATCH 0

namespace attest {
inline constexpr int kVersionMajor = ATTEST_VERSION_MAJOR;
inline constexpr int kVersionMinor = ATTEST_VERSION_MINOR;
inline constexpr int kVersionPatch = ATTEST_VERSION_PATCH;
inline constexpr const char* kVersion = "0.1.0";
}  // namespace attest
