#include "write_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace attest::dst::gen {
namespace {

[[noreturn]] void Fail(const std::string& what, const std::string& path, const std::string& reason) {
  throw std::runtime_error("cannot " + what + " '" + path + "': " + reason);
}

bool HasContent(const std::string& path, const std::string& content) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  const std::string existing((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return existing == content;
}

}  // namespace

WriteOutcome WriteFileIfChanged(const std::string& path, const std::string& content) {
  if (HasContent(path, content)) return WriteOutcome::kUnchanged;
  const std::filesystem::path target(path);
  if (target.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) Fail("create the directory of", path, ec.message());
  }
  // Same directory, so the rename cannot cross file systems; the pid keeps two
  // generators writing the same output (parallel configures) from sharing a temp file.
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) Fail("write", temp, std::strerror(errno));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::remove(temp.c_str());
      Fail("write", temp, std::strerror(errno));
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::remove(temp.c_str());
    Fail("replace", path, reason);
  }
  return WriteOutcome::kWritten;
}

}  // namespace attest::dst::gen
