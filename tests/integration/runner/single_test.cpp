// A program with a single challenge: its name may be left out on the command line.
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "support/catch.hpp"
#include "support/kv_server.hpp"
#include "support/run_main.hpp"

using attest_test::KvServer;
using attest_test::RunMain;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

TEST_CASE("Single challenge: no arguments run every stage in order", "[runner]") {
  KvServer server;
  const auto run = RunMain({"--endpoints", server.Endpoints()});
  INFO(run.out << run.err);
  CHECK(run.code == 0);
  CHECK(server.Requests() == std::vector<std::string>{"PUT /kv/a", "GET /kv/a"});
  CHECK_THAT(run.out, StartsWith("Only One (only): 2 stages\n● store: Store (1 test)\n"));
  CHECK_THAT(run.out, Contains("\npassed 2 of 2 stages in "));
}

TEST_CASE("Single challenge: stages may be named without the challenge", "[runner]") {
  KvServer server;
  const auto run = RunMain({"read", "--endpoints", server.Endpoints()});
  INFO(run.out << run.err);
  CHECK(run.code == 1);  // nothing was stored yet
  CHECK(server.Requests() == std::vector<std::string>{"GET /kv/a"});
  CHECK_THAT(run.out, Contains("✗ status: expected 200, got 404"));
  // Naming the challenge as well works the same.
  CHECK(RunMain({"only", "store", "--endpoints", server.Endpoints()}).code == 0);
  CHECK(RunMain({"only", "read", "--endpoints", server.Endpoints()}).code == 0);
}

TEST_CASE("Single challenge: an unknown stage lists the known ones", "[runner]") {
  const auto run = RunMain({"write"});
  CHECK(run.code == 2);
  CHECK(run.err ==
        "error: unknown stage \"write\" in challenge \"only\"; known stages: store, read\n"
        "Run prog --help for usage.\n");
}

TEST_CASE("Single challenge: an unknown --backend is a usage error before any stage runs", "[runner]") {
  const auto run = RunMain({"--backend", "dokcer"});
  CHECK(run.code == 2);
  CHECK(run.out.empty());  // no stage started
  CHECK(run.err ==
        "error: --backend \"dokcer\": no node backend has that name; this program has: docker\n"
        "Run prog --help for usage.\n");
}

TEST_CASE("Single challenge: a stage without nodes fails with the DSL's message", "[runner]") {
  // No --endpoints and no node backend: the suite cannot start its cluster.
  const auto run = RunMain({"store", "--no-color"});
  INFO(run.out << run.err);
  CHECK(run.code == 1);
  CHECK_THAT(run.out, Contains("✗ setup failed"));
}

namespace {

// Runs Main with its output on a pseudo-terminal and returns what the terminal got.
std::string RunOnTerminal(std::vector<std::string> args) {
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  REQUIRE(master >= 0);
  REQUIRE(::grantpt(master) == 0);
  REQUIRE(::unlockpt(master) == 0);
  std::FILE* terminal = std::fopen(::ptsname(master), "w");
  REQUIRE(terminal != nullptr);
  std::string received;
  std::thread reader([&] {  // drain the terminal so Main never blocks on a full buffer
    char buffer[4096];
    while (true) {
      const ssize_t n = ::read(master, buffer, sizeof buffer);
      if (n <= 0) break;  // EIO once the terminal side is closed
      received.append(buffer, static_cast<std::size_t>(n));
    }
  });
  args.insert(args.begin(), "prog");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  attest_test::CapturedFile err;
  attest::Main(static_cast<int>(argv.size()), argv.data(), attest::MainStreams{terminal, err.File()});
  std::fclose(terminal);
  reader.join();
  ::close(master);
  return received;
}

}  // namespace

TEST_CASE("Single challenge: colour on a terminal, none with --no-color or NO_COLOR", "[runner][tty]") {
  KvServer server;
  const char* old_no_color = std::getenv("NO_COLOR");
  const std::string saved = old_no_color ? old_no_color : "";
  ::unsetenv("NO_COLOR");
  ::setenv("TERM", "xterm", 1);
  CHECK_THAT(RunOnTerminal({"store", "--endpoints", server.Endpoints()}), Contains("\x1b[32m✓"));
  CHECK_THAT(RunOnTerminal({"store", "--no-color", "--endpoints", server.Endpoints()}), !Contains("\x1b["));
  ::setenv("NO_COLOR", "1", 1);
  CHECK_THAT(RunOnTerminal({"store", "--endpoints", server.Endpoints()}), !Contains("\x1b["));
  if (old_no_color) {
    ::setenv("NO_COLOR", saved.c_str(), 1);
  } else {
    ::unsetenv("NO_COLOR");
  }
}
