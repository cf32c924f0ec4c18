// attest_bench_cluster: how long the Docker node manager takes, next to the floor of
// doing the same by hand, measured in the same run and interleaved round by round:
//
//   (a) a healthy 5-node cluster: DockerCluster (constructor + StartAll: engine check,
//       image cache, network, 5 containers, log followers, health waits) against five
//       raw `docker run -d` in parallel on a network made beforehand, each polled on
//       GET /health every 5 ms until it answers 200.
//   (b) a 2/3 partition and its heal: Partition and Heal against one raw
//       `nsenter -t PID -n iptables-restore --noflush` per node, in parallel, with the
//       same input (the faults library's).
//
// Goal: attest within 1.3x of each floor. Prints medians and ratios; exit status 1
// when something could not be measured (no engine), 0 otherwise (a missed goal is
// printed, not an exit status).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <attest/attest.hpp>
#include <attest/cluster/docker/image.hpp>
#include <attest/cluster/docker/labels.hpp>
#include <attest/cluster/faults/network_control.hpp>
#include <attest/cluster/faults/partition_plan.hpp>
#include <attest/process/command.hpp>

extern char** environ;  // NOLINT: POSIX

namespace {

using Clock = std::chrono::steady_clock;
using Ms = std::chrono::duration<double, std::milli>;

constexpr int kNodes = 5;

// A raw child: posix_spawnp (the cheapest way to start a program from a threaded
// process), input on stdin, wait. No attest code in the floor.
struct RawChild {
  pid_t pid = -1;
  int input = -1;
};

RawChild SpawnRaw(const std::vector<std::string>& argv, bool with_input) {
  int fds[2] = {-1, -1};
  if (with_input && ::pipe2(fds, O_CLOEXEC) != 0) return {};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (with_input) posix_spawn_file_actions_adddup2(&actions, fds[0], 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (with_input) ::close(fds[0]);
  return RawChild{pid, with_input ? fds[1] : -1};
}

// Writes the child's whole input and closes its stdin (inputs here fit a pipe's buffer).
void FeedRaw(RawChild& child, const std::string& input) {
  std::size_t written = 0;
  while (written < input.size()) {
    const ssize_t n = ::write(child.input, input.data() + written, input.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  ::close(child.input);
  child.input = -1;
}

int WaitRaw(RawChild& child) {
  int status = 0;
  ::waitpid(child.pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string Run(const std::vector<std::string>& args) {
  attest::process::Command command{args};
  const auto outcome = attest::process::Run(command);
  if (!outcome.Ok()) throw std::runtime_error(outcome.CommandLine() + ": " + outcome.Output());
  return outcome.out;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

attest::SuiteConfig BenchConfig() {
  attest::SuiteConfig config;
  config.name = "bench";
  config.cluster_size = kNodes;
  config.binary = ATTEST_BENCH_NODE;
  return config;
}

// Floor (a): five raw docker runs in parallel, each polled until healthy.
double FloorStart(const std::string& image) {
  const std::string network = "attest-bench-" + attest::docker::NewRunId();
  Run({"docker", "network", "create", "--subnet", "10.0.241.0/24", "--label", "attest.bench=1", network});
  std::vector<double> ready(kNodes, 0);
  const auto started = Clock::now();
  {
    std::vector<std::jthread> threads;
    for (int i = 0; i < kNodes; ++i) {
      threads.emplace_back([&, i] {
        const int port = 33100 + i;
        const std::string ip = "10.0.241." + std::to_string(2 + i);
        RawChild child =
            SpawnRaw({"docker", "run", "-d", "--init", "--name", network + "-n" + std::to_string(i + 1),
                      "--network", network, "--ip", ip, "-p", "127.0.0.1:" + std::to_string(port) + ":8080",
                      "-e", "ADDR=" + ip + ":8080", "--label", "attest.bench=1", image},
                     false);
        WaitRaw(child);
        httplib::Client client("127.0.0.1", port);
        client.set_connection_timeout(std::chrono::seconds(1));
        client.set_read_timeout(std::chrono::seconds(1));
        while (Clock::now() - started < std::chrono::seconds(30)) {
          auto res = client.Get("/health");
          if (res && res->status == 200) break;
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        ready[static_cast<std::size_t>(i)] = Ms(Clock::now() - started).count();
      });
    }
  }
  const double took = *std::max_element(ready.begin(), ready.end());
  std::vector<std::string> rm = {"docker", "rm", "-f"};
  for (int i = 0; i < kNodes; ++i) rm.push_back(network + "-n" + std::to_string(i + 1));
  Run(rm);
  Run({"docker", "network", "rm", network});
  return took;
}

// Floor (b): one raw nsenter + iptables-restore per node, in parallel.
double FloorRound(const std::vector<int>& pids, const std::vector<std::string>& inputs) {
  const auto started = Clock::now();
  std::vector<RawChild> children;
  for (int pid : pids) {
    std::vector<std::string> argv = attest::faults::NsenterPrefix(pid);
    for (const auto& a : attest::faults::IptablesRestoreArgs(attest::faults::IpFamily::V4)) argv.push_back(a);
    children.push_back(SpawnRaw(argv, true));
  }
  for (std::size_t i = 0; i < children.size(); ++i) FeedRaw(children[i], inputs[i]);
  for (auto& child : children) {
    if (WaitRaw(child) != 0) throw std::runtime_error("raw iptables-restore failed");
  }
  return Ms(Clock::now() - started).count();
}

void Print(const char* what, double attest_ms, double floor_ms) {
  const double ratio = attest_ms / floor_ms;
  std::printf("  %-34s %9.1f ms   floor %9.1f ms   ratio %5.2fx   %s\n", what, attest_ms, floor_ms, ratio,
              ratio <= 1.3 ? "goal met (<= 1.3x)" : "goal missed (> 1.3x)");
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--rounds") rounds = std::max(1, std::atoi(argv[i + 1]));
  }
  try {
    attest::docker::Cli cli;
    std::printf("attest cluster benchmark: engine %s, %d nodes, %d rounds (medians)\n\n",
                cli.Engine().version.c_str(), kNodes, rounds);
    std::fflush(stdout);
    const std::string image = attest::docker::EnsureBinaryImage(cli, ATTEST_BENCH_NODE);
    auto sink = [](const std::string&) {};
    {  // warm up: engine, image layers, page cache
      attest::docker::DockerCluster warm(BenchConfig());
      warm.StartAll(sink);
      warm.ShutdownAll(sink);
      (void)FloorStart(image);
    }
    std::vector<double> start_attest, start_floor, partition_attest, heal_attest, apply_floor, heal_floor;
    for (int round = 0; round < rounds; ++round) {
      start_floor.push_back(FloorStart(image));

      auto started = Clock::now();
      attest::docker::DockerCluster cluster(BenchConfig());
      cluster.StartAll(sink);
      start_attest.push_back(Ms(Clock::now() - started).count());

      const std::vector<std::vector<std::string>> groups = {{"n1", "n2"}, {"n3", "n4", "n5"}};
      // The same inputs, raw, on the nodes' own pids.
      std::vector<int> pids;
      std::vector<attest::faults::NodeAddress> addresses;
      for (const auto& node : cluster.Nodes()) {
        const std::string pid =
            Run({"docker", "inspect", "--format", "{{.State.Pid}}", cluster.ContainerName(node)});
        pids.push_back(std::stoi(pid));
        addresses.push_back({node, cluster.Addr(node).substr(0, cluster.Addr(node).find(':')), ""});
      }
      const auto plan = attest::faults::PlanPartition(addresses, groups);
      std::vector<std::string> install, apply, heal;
      for (const auto& cut : plan.cuts) {
        install.push_back(attest::faults::IptablesRestoreInput(cut, attest::faults::IpFamily::V4,
                                                               attest::faults::Hooks::Install));
        apply.push_back(attest::faults::IptablesRestoreInput(cut, attest::faults::IpFamily::V4));
        heal.push_back(
            attest::faults::IptablesRestoreInput({cut.node, {}, {}}, attest::faults::IpFamily::V4));
      }
      // Let the start's after-effects (log followers starting) settle, then take turns:
      // attest first in odd rounds, the floor first in even ones.
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      auto measure_attest = [&] {
        auto at = Clock::now();
        cluster.Partition(groups, sink);
        partition_attest.push_back(Ms(Clock::now() - at).count());
        at = Clock::now();
        cluster.Heal(sink);
        heal_attest.push_back(Ms(Clock::now() - at).count());
      };
      auto measure_floor = [&](bool fresh) {
        apply_floor.push_back(FloorRound(pids, fresh ? install : apply));
        heal_floor.push_back(FloorRound(pids, heal));
      };
      if (round % 2 == 0) {
        measure_attest();
        measure_floor(false);
      } else {
        measure_floor(true);
        measure_attest();
      }
      cluster.ShutdownAll(sink);
      std::printf(
          "  round %d: start %.0f ms (floor %.0f), partition %.1f ms (floor %.1f), heal %.1f ms (floor "
          "%.1f)\n",
          round + 1, start_attest.back(), start_floor.back(), partition_attest.back(), apply_floor.back(),
          heal_attest.back(), heal_floor.back());
      std::fflush(stdout);
    }
    std::printf("\n");
    Print("healthy 5-node cluster", Median(start_attest), Median(start_floor));
    Print("2/3 partition applied", Median(partition_attest), Median(apply_floor));
    Print("partition healed", Median(heal_attest), Median(heal_floor));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "attest_bench_cluster: nothing valid measured: %s\n", e.what());
    return 1;
  }
  return 0;
}
