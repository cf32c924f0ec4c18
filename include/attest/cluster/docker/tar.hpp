// A minimal writer of POSIX ustar archives, for images made from files on this
// machine (`docker import` reads the archive as the image's root file system).
// Entries carry owner root, mtime 0 and the given modes, so the same files always
// make the same bytes (which is what the image cache keys on).
//
//   docker::TarWriter tar;
//   tar.AddDirectory("attest/bin", 0755);
//   tar.AddFile("attest/bin/server", bytes, 0755);
//   tar.AddSymlink("usr/sbin/iptables-restore", "xtables-nft-multi");
//   std::string archive = tar.Finish();
//
// Paths are relative (no leading '/'); a path longer than ustar allows throws
// std::length_error naming it.
#pragma once

#include <string>

#include "attest/detail/inline.hpp"

namespace attest::docker {

class TarWriter {
 public:
  void AddDirectory(const std::string& path, unsigned mode = 0755);
  void AddFile(const std::string& path, const std::string& content, unsigned mode = 0644);
  void AddSymlink(const std::string& path, const std::string& target);
  // The archive, with its two closing zero blocks. The writer is empty afterwards.
  std::string Finish();

 private:
  void AddHeader(const std::string& path, char type, unsigned mode, std::size_t size,
                 const std::string& link);
  std::string data_;
};

}  // namespace attest::docker

#if ATTEST_HEADER_ONLY
#include "attest/cluster/docker/detail/tar_inl.hpp"
#endif
