// The one source of attest's version; CMakeLists.txt reads it from here.
#pragma once

#define ATTEST_VERSION_MAJOR 0
#define ATTEST_VERSION_MINOR 1
#define ATTEST_VERSION_PATCH 0

#define ATTEST_VERSION_STRINGIFY_(x) #x
#define ATTEST_VERSION_TEXT_(major, minor, patch) \
  ATTEST_VERSION_STRINGIFY_(major) "." ATTEST_VERSION_STRINGIFY_(minor) "." ATTEST_VERSION_STRINGIFY_(patch)

namespace attest {
inline constexpr int kVersionMajor = ATTEST_VERSION_MAJOR;
inline constexpr int kVersionMinor = ATTEST_VERSION_MINOR;
inline constexpr int kVersionPatch = ATTEST_VERSION_PATCH;
// "0.1.0", spelled from the numbers above so the version is written once.
inline constexpr const char* kVersion =
    ATTEST_VERSION_TEXT_(ATTEST_VERSION_MAJOR, ATTEST_VERSION_MINOR, ATTEST_VERSION_PATCH);
}  // namespace attest

#undef ATTEST_VERSION_TEXT_
#undef ATTEST_VERSION_STRINGIFY_
