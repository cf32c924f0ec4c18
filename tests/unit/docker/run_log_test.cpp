// Run directories: timestamps, interleaving by time, printing, tails.
#include <attest/cluster/docker/run_directory.hpp>
#include <attest/cluster/run_log.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/catch.hpp"

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char name[] = "/tmp/attest-run-log-test-XXXXXX";
    path = ::mkdtemp(name);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  void Write(const std::string& file, const std::string& text) const {
    std::ofstream(path + "/" + file) << text;
  }
};

}  // namespace

TEST_CASE("Timestamps are UTC with nanoseconds and sort as text") {
  const auto t =
      std::chrono::system_clock::time_point(std::chrono::seconds(1778188176)) + std::chrono::nanoseconds(5);
  CHECK(attest::RunLogTimestamp(t) == "2026-05-07T21:09:36.000000005Z");
  CHECK(attest::NormaliseRunLogTimestamp("2026-05-07T21:09:36.12Z") == "2026-05-07T21:09:36.120000000Z");
  CHECK(attest::NormaliseRunLogTimestamp("2026-05-07T21:09:36Z") == "2026-05-07T21:09:36.000000000Z");
  CHECK(attest::NormaliseRunLogTimestamp("2026-05-07T21:09:36.123456789Z") ==
        "2026-05-07T21:09:36.123456789Z");
  for (const char* bad : {"", "hello", "2026-05-07 21:09:36Z", "2026-05-07T21:09:36.Z",
                          "2026-05-07T21:09:36.1234567890Z", "2026-05-07T21:09:36+02:00"}) {
    CAPTURE(bad);
    CHECK(attest::NormaliseRunLogTimestamp(bad).empty());
  }
}

TEST_CASE("A run's events and node logs are read back interleaved by time") {
  TempDir dir;
  dir.Write("events.log",
            "2026-05-07T21:09:36.100000000Z START n1\n"
            "2026-05-07T21:09:37.000000000Z TEST PUT Stores Values\n"
            "2026-05-07T21:09:38.000000000Z KILL n2\n");
  dir.Write("n1.log", "2026-05-07T21:09:36.300000000Z listening\n2026-05-07T21:09:37.500000000Z got PUT\n");
  dir.Write("n2.log", "2026-05-07T21:09:36.200000000Z n2 up\nno time on this line\n");
  const auto lines = attest::ReadRunLog(dir.path);
  REQUIRE(lines.size() == 7);
  CHECK(lines[0].text == "START n1");
  CHECK(lines[0].source.empty());
  CHECK(lines[1].source == "n2");
  CHECK(lines[2].source == "n2");
  CHECK(lines[2].text == "no time on this line");
  CHECK(lines[3].text == "listening");
  CHECK(lines[4].text == "TEST PUT Stores Values");
  CHECK(lines[5].text == "got PUT");
  CHECK(lines[6].text == "KILL n2");

  const auto only_n1 = attest::ReadRunLog(dir.path, {"n1"});
  CHECK(only_n1.size() == 5);

  std::ostringstream out;
  attest::PrintRunLog(out, dir.path, {"n1"});
  CHECK(out.str() ==
        "21:09:36.100  ====  START n1\n"
        "21:09:36.300  n1    listening\n"
        "21:09:37.000  ====  TEST PUT Stores Values\n"
        "21:09:37.500  n1    got PUT\n"
        "21:09:38.000  ====  KILL n2\n");
  std::ostringstream misspelt;
  attest::PrintRunLog(misspelt, dir.path, {"n1", "m2"});
  CHECK(misspelt.str().find("(no log of m2 in " + dir.path + "; the nodes that have one: n1, n2)\n") == 0);
  CHECK(misspelt.str().find("21:09:36.300  n1    listening") != std::string::npos);
  std::ostringstream last;
  attest::PrintRunLog(last, dir.path, {}, 2);
  CHECK(last.str().find("(5 earlier lines in ") == 0);
  CHECK(last.str().find("KILL n2") != std::string::npos);
}

TEST_CASE("An empty or missing run directory prints a note") {
  std::ostringstream out;
  attest::PrintRunLog(out, "/nonexistent/attest-run");
  CHECK(out.str() == "(no node output or events in /nonexistent/attest-run)\n");
}

TEST_CASE("RunDirectory writes events and node lines that RunLogTail reads back") {
  TempDir root;
  attest::docker::RunDirectory run;
  run.Create(root.path, "suite-1");
  CHECK(run.Path() == root.path + "/suite-1");
  run.Event("START n1");
  for (int i = 0; i < 2000; ++i)
    run.NodeLine("n1", "2026-05-07T21:09:36.100000000Z", "line " + std::to_string(i));
  CHECK(run.Tail("n1", 3) == std::vector<std::string>{"line 1997", "line 1998", "line 1999"});
  CHECK(run.Tail("n2", 3).empty());
  const auto lines = attest::ReadRunLog(run.Path());
  REQUIRE(lines.size() == 2001);
  CHECK(lines[0].text == "line 0");  // the event happened later than the lines' time
  run.Remove();
  CHECK_FALSE(std::filesystem::exists(root.path + "/suite-1"));
  run.Event("after removal is ignored");
}
