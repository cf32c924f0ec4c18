// ParseLdd on the shapes of output glibc's ldd prints.
#include <attest/cluster/docker/ldd.hpp>

#include "support/catch.hpp"

using attest::docker::ParseLdd;

TEST_CASE("ldd output gives the libraries and the loader, without the vdso") {
  const auto libs = ParseLdd(
      "\tlinux-vdso.so.1 (0x00007ffd2b7e5000)\n"
      "\tlibcpp-httplib.so.0.11 => /lib/x86_64-linux-gnu/libcpp-httplib.so.0.11 (0x00007f1c0a000000)\n"
      "\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f1c09c00000)\n"
      "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f1c09a1f000)\n"
      "\t/lib64/ld-linux-x86-64.so.2 (0x00007f1c0a1a3000)\n");
  CHECK_FALSE(libs.is_static);
  CHECK(libs.missing.empty());
  CHECK(libs.interpreter == "/lib64/ld-linux-x86-64.so.2");
  CHECK(libs.paths == std::vector<std::string>{"/lib/x86_64-linux-gnu/libcpp-httplib.so.0.11",
                                               "/lib/x86_64-linux-gnu/libstdc++.so.6",
                                               "/lib/x86_64-linux-gnu/libc.so.6",
                                               "/lib64/ld-linux-x86-64.so.2"});
}

TEST_CASE("Missing libraries are named") {
  const auto libs = ParseLdd(
      "\tlinux-vdso.so.1 (0x00007ffd2b7e5000)\n"
      "\tlibgone.so.3 => not found\n"
      "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f1c09a1f000)\n");
  CHECK(libs.missing == std::vector<std::string>{"libgone.so.3"});
  CHECK(libs.paths == std::vector<std::string>{"/lib/x86_64-linux-gnu/libc.so.6"});
}

TEST_CASE("A static program needs nothing") {
  CHECK(ParseLdd("\tnot a dynamic executable\n").is_static);
  const auto libs = ParseLdd("\tstatically linked\n");
  CHECK(libs.is_static);
  CHECK(libs.paths.empty());
  CHECK(libs.interpreter.empty());
}

TEST_CASE("A library listed twice is packed once") {
  const auto libs = ParseLdd(
      "\tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x1)\n"
      "\tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x2)\n");
  CHECK(libs.paths.size() == 1);
}
