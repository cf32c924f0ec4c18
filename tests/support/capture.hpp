// Captures what a reporter writes to a FILE*: a real temporary file, read back.
#pragma once

#include <cstdio>
#include <string>

#include "support/catch.hpp"

namespace attest_test {

class CapturedFile {
 public:
  CapturedFile() : file_(std::tmpfile()) { REQUIRE(file_ != nullptr); }
  ~CapturedFile() { std::fclose(file_); }
  CapturedFile(const CapturedFile&) = delete;
  CapturedFile& operator=(const CapturedFile&) = delete;

  std::FILE* File() const { return file_; }

  std::string Text() const {
    std::fflush(file_);
    const long end = std::ftell(file_);
    std::string text(static_cast<std::size_t>(end), '\0');
    std::rewind(file_);
    const std::size_t read = std::fread(text.data(), 1, text.size(), file_);
    text.resize(read);
    std::fseek(file_, 0, SEEK_END);
    return text;
  }

 private:
  std::FILE* file_;
};

}  // namespace attest_test
