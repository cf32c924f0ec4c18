// What goes into a WithBinary image, and the content-addressed tag of a packed image.
#include <attest/cluster/docker/image.hpp>
#include <attest/error.hpp>

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "support/catch.hpp"

using attest::docker::BinaryRecipe;

namespace {

const char* kLdd =
    "\tlinux-vdso.so.1 (0x00007ffd2b7e5000)\n"
    "\tlibfmt.so.9 => /opt/build/lib/libfmt.so.9 (0x00007f1c0a000000)\n"
    "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f1c09a1f000)\n"
    "\t/lib64/ld-linux-x86-64.so.2 (0x00007f1c0a1a3000)\n";

struct TempFile {
  std::string path;
  explicit TempFile(const std::string& content) {
    char name[] = "/tmp/attest-image-test-XXXXXX";
    const int fd = ::mkstemp(name);
    ::close(fd);
    path = name;
    std::ofstream(path, std::ios::binary) << content;
  }
  ~TempFile() { std::remove(path.c_str()); }
};

}  // namespace

TEST_CASE("A binary's image holds the program, each library where ldd found it, and the loader") {
  const auto recipe = BinaryRecipe("/home/me/build/kv_server", kLdd);
  CHECK(recipe.repository == "attest-binary/kv_server");
  REQUIRE(recipe.files.size() == 4);
  CHECK(recipe.files[0].image_path == "/attest/bin/kv_server");
  CHECK(recipe.files[0].host_path == "/home/me/build/kv_server");
  CHECK(recipe.files[1].image_path == "/opt/build/lib/libfmt.so.9");
  CHECK(recipe.files[3].image_path == "/lib64/ld-linux-x86-64.so.2");
  CHECK(recipe.entrypoint == std::vector<std::string>{"/attest/bin/kv_server"});  // arguments: docker run
  REQUIRE(recipe.env.size() == 1);
  CHECK(recipe.env[0] ==
        std::make_pair(std::string("LD_LIBRARY_PATH"), std::string("/opt/build/lib:/lib/x86_64-linux-gnu")));
  CHECK(recipe.directories == std::vector<std::string>{"/tmp"});
}

TEST_CASE("A library ldd cannot find stops the packing with its name") {
  try {
    (void)BinaryRecipe("/b/server", "\tlibgone.so.3 => not found\n");
    FAIL("no error");
  } catch (const attest::InfrastructureError& e) {
    CHECK(std::string(e.what()).find("libgone.so.3") != std::string::npos);
    CHECK(std::string(e.what()).find("ldd /b/server") != std::string::npos);
  }
}

TEST_CASE("Repository names are what Docker accepts") {
  CHECK(attest::docker::RepositoryName("attest-binary", "KV Server++") == "attest-binary/kv-server");
  CHECK(attest::docker::RepositoryName("attest-binary", "...") == "attest-binary/program");
}

TEST_CASE("A packed image's tag is a hash of its content and settings") {
  TempFile program("#!program bytes");
  attest::docker::ImageRecipe recipe;
  recipe.repository = "attest-binary/p";
  recipe.files.push_back({"/attest/bin/p", program.path, 0755});
  recipe.entrypoint = {"/attest/bin/p", "say \"hi\""};
  recipe.env = {{"LD_LIBRARY_PATH", "/lib"}};
  const auto first = attest::docker::PackImage(recipe);
  CHECK(first.tag.rfind("attest-binary/p:", 0) == 0);
  CHECK(first.tag.size() == std::string("attest-binary/p:").size() + 16);
  CHECK(first.changes == std::vector<std::string>{"ENTRYPOINT [\"/attest/bin/p\",\"say \\\"hi\\\"\"]",
                                                  "ENV LD_LIBRARY_PATH=/lib"});
  CHECK(attest::docker::PackImage(recipe).tag == first.tag);
  recipe.entrypoint.push_back("--more");
  CHECK(attest::docker::PackImage(recipe).tag != first.tag);
  recipe.entrypoint.pop_back();
  std::ofstream(program.path, std::ios::binary) << "#!other bytes";
  CHECK(attest::docker::PackImage(recipe).tag != first.tag);
}

TEST_CASE("Packing a file that cannot be read names it") {
  attest::docker::ImageRecipe recipe;
  recipe.repository = "attest-binary/p";
  recipe.files.push_back({"/attest/bin/p", "/nonexistent/attest/p", 0755});
  CHECK_THROWS_WITH(attest::docker::PackImage(recipe), Catch::Contains("/nonexistent/attest/p"));
}
