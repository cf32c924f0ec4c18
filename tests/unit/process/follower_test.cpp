// process::Follower against real long-running commands: lines as they come, from
// both streams; a command that ends by itself; Stop with SIGTERM and with SIGKILL
// after the grace period; never a leaked child or thread.
#include <attest/process/follower.hpp>

#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/catch.hpp"

using namespace std::chrono_literals;
using attest::process::Follower;

namespace {

struct Collected {
  std::mutex mutex;
  std::vector<std::pair<Follower::Stream, std::string>> lines;

  Follower::LineSink Sink() {
    return [this](Follower::Stream stream, const std::string& line) {
      std::lock_guard lock(mutex);
      lines.emplace_back(stream, line);
    };
  }
  std::size_t Count() {
    std::lock_guard lock(mutex);
    return lines.size();
  }
};

bool HasNoChildren() {
  int status = 0;
  return ::waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD;
}

}  // namespace

TEST_CASE("A follower delivers each line of both streams and notices the end") {
  Collected collected;
  Follower follower(
      {"sh", "-c", "echo one; echo two >&2; sleep 0.2; printf 'three\\r\\nlast without newline'"},
      collected.Sink());
  REQUIRE(follower.Started());
  REQUIRE(follower.WaitFinished(10s));
  CHECK(follower.Finished());
  CHECK(follower.ExitStatus() == 0);
  std::lock_guard lock(collected.mutex);
  REQUIRE(collected.lines.size() == 4);
  CHECK(collected.lines[0] == std::make_pair(Follower::Stream::Out, std::string("one")));
  CHECK(collected.lines[1] == std::make_pair(Follower::Stream::Err, std::string("two")));
  CHECK(collected.lines[2].second == "three");
  CHECK(collected.lines[3].second == "last without newline");
}

TEST_CASE("Stop ends a command that would run for ever") {
  Collected collected;
  Follower follower({"sh", "-c", "while true; do echo tick; sleep 0.02; done"}, collected.Sink());
  REQUIRE(follower.Started());
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (collected.Count() < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  CHECK(collected.Count() >= 3);
  const auto started = std::chrono::steady_clock::now();
  follower.Stop();
  CHECK(std::chrono::steady_clock::now() - started < 900ms);  // SIGTERM sufficed
  CHECK(follower.Finished());
  CHECK(follower.ExitStatus() == 128 + SIGTERM);
  CHECK(follower.WaitFinished(0ms));
}

TEST_CASE("Stop sends SIGKILL to a command that ignores SIGTERM once the grace period is over") {
  Collected collected;
  Follower follower({"sh", "-c", "trap '' TERM; echo ready; while true; do sleep 0.02; done"},
                    collected.Sink());
  REQUIRE(follower.Started());
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (collected.Count() < 1 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  const auto started = std::chrono::steady_clock::now();
  follower.Stop(200ms);
  const auto took = std::chrono::steady_clock::now() - started;
  CHECK(took >= 200ms);
  CHECK(took < 5s);
  CHECK(follower.ExitStatus() == 128 + SIGKILL);
  follower.Stop();  // a second Stop is harmless
}

TEST_CASE("A follower that cannot start says why and makes no thread") {
  Collected collected;
  Follower follower({"attest-no-such-program-xyz"}, collected.Sink());
  CHECK_FALSE(follower.Started());
  CHECK(follower.StartError() == "No such file or directory");
  CHECK(follower.WaitFinished(0ms));
  follower.Stop();
}

TEST_CASE("A sink that throws does not stop the follower") {
  int calls = 0;
  Follower follower({"sh", "-c", "echo a; echo b; echo c"}, [&](Follower::Stream, const std::string&) {
    ++calls;
    throw std::runtime_error("sink failed");
  });
  REQUIRE(follower.WaitFinished(10s));
  follower.Stop();
  CHECK(calls == 3);
}

TEST_CASE("Destroying followers reaps their commands") {
  {
    Collected collected;
    std::vector<std::unique_ptr<Follower>> followers;
    for (int i = 0; i < 4; ++i) {
      followers.push_back(std::make_unique<Follower>(
          std::vector<std::string>{"sh", "-c", "while true; do echo x; sleep 0.05; done"}, collected.Sink()));
    }
  }
  CHECK(HasNoChildren());
}
