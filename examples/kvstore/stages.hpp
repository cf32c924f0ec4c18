// The stages of the kv-store challenge, one suite each, one file each.
#pragma once

#include <attest/attest.hpp>

namespace kvstore {
attest::Suite HTTPAPI();
attest::Suite Persistence();
attest::Suite CrashRecovery();
}  // namespace kvstore
