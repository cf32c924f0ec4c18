// TarWriter: the archive is what tar(1) reads, and the same input gives the same bytes.
#include <attest/cluster/docker/tar.hpp>
#include <attest/process/command.hpp>

#include <stdexcept>

#include "support/catch.hpp"

namespace {
std::string Archive() {
  attest::docker::TarWriter tar;
  tar.AddDirectory("attest", 0755);
  tar.AddDirectory("attest/bin", 0755);
  tar.AddFile("attest/bin/server", std::string(1000, 'x'), 0755);
  tar.AddFile("etc/empty", "", 0644);
  tar.AddDirectory("tmp", 01777);
  tar.AddSymlink("usr/sbin/iptables-restore", "/usr/sbin/xtables-nft-multi");
  tar.AddFile(std::string(120, 'd') + "/" + std::string(60, 'f'), "long", 0644);
  return tar.Finish();
}
}  // namespace

TEST_CASE("tar lists what TarWriter wrote, with modes, sizes and links") {
  attest::process::Command list{{"tar", "-tvf", "-"}};
  list.input = Archive();
  const auto outcome = attest::process::Run(list);
  REQUIRE(outcome.Ok());
  const std::string& out = outcome.out;
  CHECK(out.find("drwxr-xr-x root/root         0 1970-01-01 00:00 attest/bin/") != std::string::npos);
  CHECK(out.find("-rwxr-xr-x root/root      1000 1970-01-01 00:00 attest/bin/server") != std::string::npos);
  CHECK(out.find("drwxrwxrwt root/root         0 1970-01-01 00:00 tmp/") != std::string::npos);
  CHECK(out.find("usr/sbin/iptables-restore -> /usr/sbin/xtables-nft-multi") != std::string::npos);
  CHECK(out.find(std::string(120, 'd') + "/" + std::string(60, 'f')) != std::string::npos);
}

TEST_CASE("tar extracts the files' contents intact") {
  attest::process::Command extract{{"tar", "-xOf", "-", "attest/bin/server"}};
  extract.input = Archive();
  const auto outcome = attest::process::Run(extract);
  REQUIRE(outcome.Ok());
  CHECK(outcome.out == std::string(1000, 'x'));
}

TEST_CASE("The same entries give the same bytes, and paths ustar cannot hold are refused") {
  CHECK(Archive() == Archive());
  CHECK(Archive().size() % 512 == 0);
  attest::docker::TarWriter tar;
  CHECK_THROWS_AS(tar.AddFile(std::string(300, 'p'), "x"), std::length_error);
}
