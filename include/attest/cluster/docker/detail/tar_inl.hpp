// Definitions of cluster/docker/tar.hpp.
#pragma once

#include "attest/cluster/docker/tar.hpp"

#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace attest::docker {

namespace detail {

// Writes `value` as a zero-padded octal number filling `width - 1` digits plus NUL.
ATTEST_INLINE void PutOctal(char* field, std::size_t width, unsigned long long value) {
  std::snprintf(field, width, "%0*llo", static_cast<int>(width - 1), value);
}

}  // namespace detail

ATTEST_INLINE void TarWriter::AddHeader(const std::string& path, char type, unsigned mode, std::size_t size,
                                        const std::string& link) {
  char header[512];
  std::memset(header, 0, sizeof header);
  std::string name = path;
  std::string prefix;
  if (name.size() > 100) {
    // ustar splits a long path at a '/' into prefix (155) and name (100).
    const auto split = name.rfind('/', 155);
    if (split == std::string::npos || name.size() - split - 1 > 100 || split == 0) {
      throw std::length_error("tar: the path \"" + path + "\" is too long for a ustar archive");
    }
    prefix = name.substr(0, split);
    name = name.substr(split + 1);
  }
  if (link.size() > 100) throw std::length_error("tar: the link target \"" + link + "\" is too long");
  std::memcpy(header, name.data(), name.size());
  detail::PutOctal(header + 100, 8, mode & 07777);
  detail::PutOctal(header + 108, 8, 0);  // uid
  detail::PutOctal(header + 116, 8, 0);  // gid
  detail::PutOctal(header + 124, 12, size);
  detail::PutOctal(header + 136, 12, 0);  // mtime
  header[156] = type;
  std::memcpy(header + 157, link.data(), link.size());
  std::memcpy(header + 257, "ustar", 6);  // magic "ustar\0"
  std::memcpy(header + 263, "00", 2);     // version
  std::memcpy(header + 265, "root", 4);
  std::memcpy(header + 297, "root", 4);
  std::memcpy(header + 345, prefix.data(), prefix.size());
  // The checksum is computed with its own field read as spaces.
  std::memset(header + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : header) sum += c;
  std::snprintf(header + 148, 8, "%06o", sum);
  header[155] = ' ';
  data_.append(header, sizeof header);
}

ATTEST_INLINE void TarWriter::AddDirectory(const std::string& path, unsigned mode) {
  AddHeader(path.empty() || path.back() == '/' ? path : path + "/", '5', mode, 0, "");
}

ATTEST_INLINE void TarWriter::AddFile(const std::string& path, const std::string& content, unsigned mode) {
  AddHeader(path, '0', mode, content.size(), "");
  data_ += content;
  data_.append((512 - content.size() % 512) % 512, '\0');
}

ATTEST_INLINE void TarWriter::AddSymlink(const std::string& path, const std::string& target) {
  AddHeader(path, '2', 0777, 0, target);
}

ATTEST_INLINE std::string TarWriter::Finish() {
  data_.append(1024, '\0');
  std::string archive;
  archive.swap(data_);
  return archive;
}

}  // namespace attest::docker
