// What `ldd` says a program needs at run time, read from its output:
//
//   linux-vdso.so.1 (0x00007ffd...)                                  (kernel-provided: skipped)
//   libfmt.so.9 => /lib/x86_64-linux-gnu/libfmt.so.9 (0x00007f...)   a library
//   /lib64/ld-linux-x86-64.so.2 (0x00007f...)                        the dynamic loader
//   libmissing.so.1 => not found                                     missing
//   statically linked / not a dynamic executable                     nothing needed
//
// Pure: running ldd is the image packer's job.
#pragma once

#include <string>
#include <vector>

#include "attest/detail/inline.hpp"

namespace attest::docker {

struct SharedLibraries {
  std::vector<std::string> paths;    // absolute paths, the loader included, in ldd's order
  std::string interpreter;           // the dynamic loader's path ("" when static)
  std::vector<std::string> missing;  // names ldd could not find
  bool is_static = false;
};

SharedLibraries ParseLdd(const std::string& output);

}  // namespace attest::docker

#if ATTEST_HEADER_ONLY
#include "attest/cluster/docker/detail/ldd_inl.hpp"
#endif
