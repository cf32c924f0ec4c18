// Definitions of cluster/docker/docker_cluster.hpp.
#pragma once

#include "attest/cluster/docker/docker_cluster.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "attest/cluster/docker/container.hpp"
#include "attest/cluster/docker/errors.hpp"
#include "attest/cluster/docker/image.hpp"
#include "attest/cluster/docker/labels.hpp"
#include "attest/cluster/docker/network.hpp"
#include "attest/cluster/docker/network_faults.hpp"
#include "attest/cluster/docker/node_spec.hpp"
#include "attest/cluster/docker/reaper.hpp"
#include "attest/cluster/docker/run_directory.hpp"
#include "attest/cluster/docker/subnet.hpp"
#include "attest/cluster/run_log.hpp"
#include "attest/detail/cancellation.hpp"
#include "attest/detail/duration_text.hpp"
#include "attest/error.hpp"
#include "attest/http/client.hpp"
#include "attest/process/follower.hpp"

namespace attest::docker {

namespace detail {

using Clock = std::chrono::steady_clock;

ATTEST_INLINE bool Interrupted() {
  return attest::detail::ProcessInterrupted().load(std::memory_order_relaxed);
}

// Sleeps unless the run is interrupted first; throws Cancelled then.
ATTEST_INLINE void SleepOrCancel(std::chrono::milliseconds d) {
  const auto until = Clock::now() + d;
  while (Clock::now() < until) {
    if (Interrupted()) throw Cancelled();
    std::this_thread::sleep_for(
        std::min<Clock::duration>(until - Clock::now(), std::chrono::milliseconds(5)));
  }
  if (Interrupted()) throw Cancelled();
}

// A port on 127.0.0.1 that nothing listens on now, below the kernel's range of
// ephemeral ports (so outgoing connections do not take it while a node is down).
ATTEST_INLINE int FreeLoopbackPort(std::mt19937& random) {
  std::uniform_int_distribution<int> pick(20000, 32000);
  for (int attempt = 0; attempt < 200; ++attempt) {
    const int port = pick(random);
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    if (free) return port;
  }
  throw InfrastructureError("no free TCP port on 127.0.0.1 between 20000 and 32000 for a node");
}

ATTEST_INLINE std::string FileNameSafe(const std::string& text) {
  std::string safe;
  for (char c : text) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    safe += ok ? c : '-';
  }
  if (safe.size() > 40) safe.resize(40);
  return safe.empty() ? "suite" : safe;
}

ATTEST_INLINE std::string LocalTimeStamp() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &local);
  return text;
}

ATTEST_INLINE std::string JoinNames(const std::vector<std::string>& names, const char* separator = ", ") {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : separator) + name;
  return text;
}

}  // namespace detail

struct DockerCluster::Impl {
  struct Node {
    std::string name;
    std::string container;
    std::string volume;
    std::string ip;
    int host_port = 0;
    bool created = false;       // guarded by Impl::mutex
    bool up = false;            // guarded by Impl::mutex
    int pid = 0;                // guarded by Impl::mutex
    std::string last_log_time;  // guarded by log_mutex: newest line written
    std::mutex log_mutex;
    std::unique_ptr<process::Follower> follower;  // owned by the node's operation
    std::mutex operation;                         // one lifecycle operation at a time
    NodeFaults faults;                            // guarded by Impl::fault_mutex
  };

  SuiteConfig config;
  Cli cli;
  Cli::EngineInfo engine;
  Owner owner;
  std::string run_id;
  std::string network;
  Labels run_labels;
  std::vector<std::unique_ptr<Node>> nodes;

  mutable std::mutex mutex;
  Ipv4Subnet subnet;
  NodeImage image;  // what the nodes run: the tag, and the arguments after it
  bool started = false;
  bool shut_down = false;
  bool network_created = false;
  std::jthread reaper;
  std::atomic<bool> stop_reaper{false};

  RunDirectory logs;
  mutable std::atomic<bool> retain_logs{false};

  mutable std::mutex fault_mutex;
  std::unique_ptr<NetworkFaults> network_faults;  // made at the first fault

  std::mt19937 random{std::random_device{}()};
  std::mutex random_mutex;

  // Followers write into `logs` and the reaper uses `cli`: both end before any member goes.
  ~Impl() {
    for (auto& node : nodes) {
      if (node->follower) node->follower->Stop(std::chrono::milliseconds(200));
    }
    stop_reaper = true;
    if (reaper.joinable()) reaper.join();
  }

  Node& Find(const std::string& name) const {
    for (const auto& node : nodes) {
      if (node->name == name) return *node;
    }
    std::vector<std::string> known;
    for (const auto& node : nodes) known.push_back(node->name);
    throw UsageError("unknown node \"" + name + "\"; the cluster has " + detail::JoinNames(known));
  }

  void Event(const std::string& text) { logs.Event(text); }

  int ChoosePort() {
    std::lock_guard lock(random_mutex);
    return detail::FreeLoopbackPort(random);
  }

  // ---- nodes ----

  NodeSpec SpecFor(const Node& node, int host_port) const {
    NodeSpec spec;
    spec.name = node.name;
    spec.container = node.container;
    spec.network = network;
    spec.ip = node.ip;
    spec.node_port = config.node_port;
    spec.host_port = host_port;
    spec.volume = node.volume;
    spec.image = image.tag;
    spec.command = image.command;
    std::vector<std::string> ips;
    for (const auto& n : nodes) ips.push_back(n->ip);
    std::size_t index = 0;
    while (nodes[index].get() != &node) ++index;
    spec.env = NodeEnvironment(ips, index, config.node_port, config.env);
    spec.labels = run_labels;
    spec.labels.emplace_back(kNodeLabel, node.name);
    for (const auto& [key, value] : run_labels) {
      if (key != kSuiteLabel) spec.volume_labels.emplace_back(key, value);
    }
    spec.volume_labels.emplace_back(kNodeLabel, node.name);
    spec.net_admin = NetworkFaults::NodesNeedNetAdmin(config.network_control, FaultFacts());
    return spec;
  }

  NetworkFacts FaultFacts() const {
    NetworkFacts facts;
    facts.root_on_engine_host =
        ::geteuid() == 0 && EngineUsesLocalSocket() && !engine.name.empty() && engine.name == owner.host;
    return facts;
  }

  // docker run, with another host port when the chosen one was taken meanwhile.
  void CreateContainer(Node& node) {
    for (int attempt = 1;; ++attempt) {
      const int port = ChoosePort();
      const process::Outcome outcome = cli.Run(RunArgs(SpecFor(node, port)));
      if (outcome.Ok()) {
        std::lock_guard lock(mutex);
        node.host_port = port;
        node.created = true;
        return;
      }
      // A failed `docker run` may leave the container created but not started.
      Cli::Options cleanup;
      cleanup.cancellable = false;
      cleanup.timeout = std::chrono::seconds(20);
      (void)cli.Run({"rm", "-f", node.container}, cleanup);
      if (outcome.cancelled) throw Cancelled();
      cli.ThrowIfEngineProblem(outcome);
      const DockerProblem problem = ClassifyDockerFailure(outcome.Output());
      if (problem == DockerProblem::PortTaken && attempt < 5) continue;
      if (problem == DockerProblem::ImageMissing) {
        throw InfrastructureError("node " + node.name + ": the image " + image.tag +
                                      " is gone from the Docker engine "
                                      "(removed while the run started?); run again",
                                  outcome.CommandLine(), outcome.Output());
      }
      cli.Fail("node " + node.name + ": starting its container " + node.container, outcome);
    }
  }

  void StartFollower(Node& node) {
    std::string since;
    {
      std::lock_guard lock(node.log_mutex);
      since = node.last_log_time;
    }
    std::vector<std::string> argv = {cli.Program(), "logs", "-f", "-t"};
    if (!since.empty()) argv.insert(argv.end(), {"--since", since});
    argv.push_back(node.container);
    Node* target = &node;
    node.follower = std::make_unique<process::Follower>(
        argv, [this, target, since](process::Follower::Stream, const std::string& line) {
          std::string time, text;
          const auto space = line.find(' ');
          time = NormaliseRunLogTimestamp(line.substr(0, space));
          if (time.empty()) {
            // Not a log line: docker's own complaint (the container is gone).
            return;
          }
          text = space == std::string::npos ? "" : line.substr(space + 1);
          {
            std::lock_guard lock(target->log_mutex);
            if (!since.empty() && time <= since) return;  // shown before the restart
            if (time > target->last_log_time) target->last_log_time = time;
          }
          logs.NodeLine(target->name, time, text);
        });
  }

  void StopFollower(Node& node, std::chrono::milliseconds wait_for_end) {
    if (!node.follower) return;
    // `docker logs -f` ends by itself once the container stops; give it a moment so
    // the last lines land in the log, then make sure it is gone.
    node.follower->WaitFinished(wait_for_end);
    node.follower->Stop(std::chrono::milliseconds(200));
    node.follower.reset();
  }

  ContainerState Inspect(const Node& node) const {
    return InspectContainer(cli, node.container, "node " + node.name);
  }

  std::string LogTailText(const Node& node, std::size_t lines) const {
    const auto tail = logs.Tail(node.name, lines);
    std::string text;
    if (tail.empty()) return "  (the node wrote nothing)";
    for (const auto& line : tail) text += (text.empty() ? "  | " : "\n  | ") + line;
    return text;
  }

  [[noreturn]] void ThrowExitedWhileStarting(Node& node, const ContainerState& state,
                                             detail::Clock::duration after) {
    // The follower of a stopped container reads its whole output and ends.
    if (!node.follower) StartFollower(node);
    StopFollower(node, std::chrono::seconds(3));
    retain_logs = true;
    const std::string how = state.oom_killed ? "killed for using too much memory (OOM)"
                                             : "exit status " + std::to_string(state.exit_code);
    throw InfrastructureError("node " + node.name + " exited while starting (" + how + ", after " +
                              attest::detail::DurationText(after) +
                              "); a node must keep running and answer GET /health with 200 on "
                              "port " +
                              std::to_string(config.node_port) + " (WithNodePort) at $ADDR (" + node.ip +
                              ":" + std::to_string(config.node_port) + "). The last lines it wrote:\n" +
                              LogTailText(node, 20) + "\n  full log: " + logs.Path() + "/" + node.name +
                              ".log");
  }

  [[noreturn]] void ThrowNeverHealthy(Node& node, const std::string& last_answer) {
    if (!node.follower) StartFollower(node);  // fills the run's log file
    retain_logs = true;
    // The follower of a running node may not have caught up: ask docker for the tail.
    Cli::Options options;
    options.timeout = std::chrono::seconds(20);
    const process::Outcome tail = cli.Run({"logs", "--tail", "20", node.container}, options);
    std::string text;
    for (const auto& line : detail::SplitOn(detail::Trim(tail.out + tail.err), '\n')) {
      if (!line.empty()) text += (text.empty() ? "  | " : "\n  | ") + line;
    }
    throw InfrastructureError("node " + node.name + " did not answer GET /health with 200 within " +
                              attest::detail::ExactDurationText(config.node_start_timeout) + " (" +
                              last_answer + "); it is still running. Check that it listens on $ADDR (" +
                              node.ip + ":" + std::to_string(config.node_port) +
                              ", port set by WithNodePort) and answers /health, or give it "
                              "longer with WithNodeStartTimeout. The last lines it wrote:\n" +
                              (text.empty() ? "  (the node wrote nothing)" : text) +
                              "\n  full log: " + logs.Path() + "/" + node.name + ".log");
  }

  // Polls GET /health until it answers 200: every few milliseconds at first, then
  // every 20ms. A node that is not answering yet is looked at (docker inspect) at once
  // and then every half second, so one that exited is reported at once, not at the
  // start timeout; the first look, made while the node boots anyway, also gives its
  // pid for network faults.
  void WaitHealthy(Node& node, detail::Clock::time_point started) {
    const auto deadline = started + config.node_start_timeout;
    http::Endpoint endpoint;
    {
      std::lock_guard lock(mutex);
      endpoint = http::Endpoint{"127.0.0.1", node.host_port};
    }
    http::Request request;
    request.method = "GET";
    request.path = "/health";
    // A pool of its own, dropped after the wait: its idle keep-alive connection must
    // not hold one of the node's (often few) server threads.
    http::Client pool;
    std::string last_answer = "no answer yet";
    bool answered = false;
    auto pause = std::chrono::milliseconds(2);
    auto next_look = detail::Clock::now();
    while (true) {
      if (detail::Interrupted()) throw Cancelled();
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - detail::Clock::now());
      const auto timeout = std::clamp(left, std::chrono::milliseconds(200), std::chrono::milliseconds(1000));
      const http::Result result = pool.Send(endpoint, request, timeout);
      if (result.response && result.response->status == 200) return;
      // An answer says more than a failed attempt after it (a slow last attempt).
      if (result.response) {
        last_answer = "answered " + std::to_string(result.response->status);
        answered = true;
      } else if (!answered) {
        last_answer = result.error ? result.error->text : "no answer";
      }
      const auto now = detail::Clock::now();
      if (now >= next_look || now >= deadline) {
        const ContainerState state = Inspect(node);
        if (state.status != "running") ThrowExitedWhileStarting(node, state, detail::Clock::now() - started);
        {
          std::lock_guard lock(mutex);
          node.pid = state.pid;
        }
        if (detail::Clock::now() >= deadline) ThrowNeverHealthy(node, last_answer);
        next_look = detail::Clock::now() + std::chrono::milliseconds(500);
      }
      detail::SleepOrCancel(std::min(pause, std::max(std::chrono::milliseconds(1), left)));
      pause = std::min(pause * 2, std::chrono::milliseconds(20));
    }
  }

  // The first start of a node: a new container. Its output is followed from the
  // start once it is up (docker keeps it meanwhile), so that the follower's start
  // costs the cluster's start nothing.
  void LaunchNode(Node& node) {
    const auto started = detail::Clock::now();
    CreateContainer(node);
    WaitHealthy(node, started);
    StartFollower(node);
    bool pid_known = false;
    {
      std::lock_guard lock(mutex);
      pid_known = node.pid > 0;
    }
    // Healthy at the first poll: the pid (for nsenter) was not looked up yet.
    const int pid = pid_known ? 0 : Inspect(node).pid;
    {
      std::lock_guard lock(mutex);
      if (!pid_known) node.pid = pid;
      node.up = true;
    }
    Event("READY " + node.name + " after " + attest::detail::DurationText(detail::Clock::now() - started));
  }

  // A later start: the same container (address, port, volume) again.
  void StartContainer(Node& node) {
    const auto started = detail::Clock::now();
    const process::Outcome outcome = cli.Run({"start", node.container});
    if (!outcome.Ok()) {
      if (outcome.cancelled) throw Cancelled();
      cli.ThrowIfEngineProblem(outcome);
      if (ClassifyDockerFailure(outcome.Output()) == DockerProblem::PortTaken) {
        int port = 0;
        {
          std::lock_guard lock(mutex);
          port = node.host_port;
        }
        throw InfrastructureError(
            "node " + node.name + " cannot start again: its port 127.0.0.1:" + std::to_string(port) +
                " (kept for the whole run, so the tests' view of "
                "the node does not change) is now taken by another program; find it with "
                "`ss -ltnp 'sport = :" +
                std::to_string(port) + "'` and stop it",
            outcome.CommandLine(), outcome.Output());
      }
      cli.Fail("node " + node.name + ": starting its container " + node.container + " again", outcome);
    }
    const ContainerState state = Inspect(node);
    {
      std::lock_guard lock(mutex);
      node.pid = state.pid;
    }
    if (state.status != "running") ThrowExitedWhileStarting(node, state, detail::Clock::now() - started);
    ReapplyFaults(node, state.pid);
    WaitHealthy(node, started);
    StartFollower(node);
    {
      std::lock_guard lock(mutex);
      node.up = true;
    }
    Event("READY " + node.name + " after " + attest::detail::DurationText(detail::Clock::now() - started));
  }

  // Ends the node's container: SIGTERM, then SIGKILL after the shutdown timeout (or
  // SIGKILL at once). Returns what happened, for the events.
  std::string EndContainer(Node& node, int signal) {
    {
      std::lock_guard lock(mutex);
      node.up = false;
      node.pid = 0;
    }
    std::string what = docker::EndContainer(cli, node.container, signal, config.node_shutdown_timeout);
    StopFollower(node, std::chrono::seconds(2));
    return what;
  }

  // ---- faults ----

  NetworkFaults& Faults() {
    if (!network_faults) {
      network_faults = std::make_unique<NetworkFaults>(cli, config.network_control, FaultFacts(), run_labels);
    }
    return *network_faults;
  }

  // The nodes to change, with their main processes' pids (looked up once per start,
  // all unknown ones in one `docker inspect`).
  std::vector<FaultTarget> TargetsOf(const std::vector<std::string>& names) {
    std::vector<std::string> unknown;
    {
      std::lock_guard lock(mutex);
      for (const auto& name : names) {
        if (Find(name).pid == 0) unknown.push_back(Find(name).container);
      }
    }
    if (!unknown.empty()) {
      std::vector<std::string> args = {"inspect", "--format", "{{.Name}} {{.State.Pid}}"};
      args.insert(args.end(), unknown.begin(), unknown.end());
      const std::string out = cli.Check(args, "reading the nodes' process ids");
      std::lock_guard lock(mutex);
      for (const auto& line : detail::SplitOn(out, '\n')) {
        const auto space = line.find(' ');
        if (space == std::string::npos) continue;
        const std::string container = line.substr(line[0] == '/' ? 1 : 0, space - (line[0] == '/' ? 1 : 0));
        for (auto& node : nodes) {
          if (node->container == container && node->up) node->pid = std::atoi(line.c_str() + space + 1);
        }
      }
    }
    std::vector<FaultTarget> targets;
    std::lock_guard lock(mutex);
    for (const auto& name : names) {
      Node& node = Find(name);
      targets.push_back(FaultTarget{node.name, node.container, node.pid, &node.faults});
    }
    return targets;
  }

  void ReapplyFaults(Node& node, int pid) {
    std::lock_guard lock(fault_mutex);
    node.faults.hooks_installed[0] = node.faults.hooks_installed[1] = false;  // a fresh namespace
    if (!node.faults.HasAny()) return;
    std::vector<FaultTarget> target{FaultTarget{node.name, node.container, pid, &node.faults}};
    Faults().Reapply(target, faults::AddressFamilies(Addresses()));
    Event("REAPPLY " + node.name + " " + node.faults.Describe());
  }

  std::vector<faults::NodeAddress> Addresses() const {
    std::vector<faults::NodeAddress> addresses;
    for (const auto& node : nodes) addresses.push_back(faults::NodeAddress{node->name, node->ip, ""});
    return addresses;
  }

  std::vector<std::string> UpNodes() const {
    std::vector<std::string> up;
    std::lock_guard lock(mutex);
    for (const auto& node : nodes) {
      if (node->up) up.push_back(node->name);
    }
    return up;
  }

  void Settle() {
    if (config.cluster_settle.count() > 0) detail::SleepOrCancel(config.cluster_settle);
  }
};

ATTEST_INLINE DockerCluster::DockerCluster(SuiteConfig config, Cli cli) : impl_(std::make_unique<Impl>()) {
  Impl& s = *impl_;
  s.config = std::move(config);
  s.cli = std::move(cli);
  if (s.config.cluster_size < 1) {
    throw UsageError("the Docker backend starts WithCluster(n) nodes, and this suite has none");
  }
  if (!s.config.subnet.empty()) {
    const auto subnet = Ipv4Subnet::Parse(s.config.subnet);
    if (!subnet)
      throw UsageError("WithSubnet(\"" + s.config.subnet + "\"): not an IPv4 subnet like 10.0.42.0/24");
    if (subnet->NodeCapacity() < s.config.cluster_size) {
      throw UsageError(
          "WithSubnet(\"" + s.config.subnet + "\") is too small for WithCluster(" +
          std::to_string(s.config.cluster_size) + "): it has room for " +
          std::to_string(std::max<std::int64_t>(subnet->NodeCapacity(), 0)) +
          " node(s) (the network address, the gateway and the broadcast address take three); use "
          "a larger subnet (e.g. /24) or fewer nodes");
    }
  }
  if (s.config.image.empty() && s.config.binary.empty() && s.config.dockerfile_context.empty()) {
    throw UsageError(
        "WithCluster(" + std::to_string(s.config.cluster_size) +
        ") needs to know what to run on its nodes: give WithBinary(\"<program>\") (a program built "
        "on this machine), WithImage(\"<tag>\") or WithDockerfile(\"<dir>\") (the runner: --binary "
        "PATH or --image TAG); to test nodes that are already running, use WithEndpoints or the "
        "runner's --endpoints n1=127.0.0.1:8081,...");
  }
  s.owner = CurrentOwner();
  s.run_id = NewRunId();
  s.network = "attest-" + s.run_id;
  s.run_labels = {{kRunLabel, s.run_id}, {kOwnerLabel, s.owner.ToLabel()}};
  if (!s.config.name.empty()) s.run_labels.emplace_back(kSuiteLabel, s.config.name);
  if (s.config.keep) s.run_labels.emplace_back(kKeepLabel, "1");
  for (int i = 1; i <= s.config.cluster_size; ++i) {
    auto node = std::make_unique<Impl::Node>();
    node->name = "n" + std::to_string(i);
    node->container = s.network + "-" + node->name;
    node->volume = node->container;
    s.nodes.push_back(std::move(node));
  }
}

ATTEST_INLINE DockerCluster::~DockerCluster() {
  ShutdownAll([](const std::string&) {});
}

ATTEST_INLINE void DockerCluster::StartAll(const ClusterEventSink& events) {
  Impl& s = *impl_;
  {
    std::lock_guard lock(s.mutex);
    if (s.started) throw UsageError("StartAll: the cluster was started already");
    s.started = true;
  }
  const auto started = detail::Clock::now();
  try {
    s.logs.Create(RunDirectoryRoot(), detail::FileNameSafe(s.config.name.empty() ? "suite" : s.config.name) +
                                          "-" + detail::LocalTimeStamp() + "-" + s.run_id);
    s.Event("RUN " + s.run_id + " suite=" + (s.config.name.empty() ? "suite" : s.config.name) +
            " nodes=" + std::to_string(s.config.cluster_size));

    // The engine check, the image and the network at the same time. When no engine
    // answers, every one of them fails; the engine's error says why.
    std::exception_ptr engine_error, image_error, network_error;
    NodeImage prepared;
    {
      std::jthread engine_thread([&] {
        try {
          s.engine = s.cli.Engine();
        } catch (...) {
          engine_error = std::current_exception();
        }
      });
      std::jthread image_thread([&] {
        try {
          prepared = PrepareNodeImage(s.cli, s.config);
        } catch (...) {
          image_error = std::current_exception();
        }
      });
      try {
        const Ipv4Subnet subnet =
            CreateRunNetwork(s.cli, s.network, s.run_labels, s.config.cluster_size, s.config.subnet);
        std::lock_guard lock(s.mutex);
        s.subnet = subnet;
        s.network_created = true;
      } catch (...) {
        network_error = std::current_exception();
      }
    }
    for (const auto& error : {engine_error, image_error, network_error}) {
      if (error) std::rethrow_exception(error);
    }
    {
      std::lock_guard lock(s.mutex);
      s.image = prepared;
      for (std::size_t i = 0; i < s.nodes.size(); ++i)
        s.nodes[i]->ip = s.subnet.NodeAddress(static_cast<int>(i));
    }
    s.Event("NETWORK " + s.network + " " + s.subnet.ToString() + " image=" + prepared.tag + " (" +
            prepared.origin + ") engine=" + s.engine.version);

    // Every node at once.
    std::vector<std::exception_ptr> errors(s.nodes.size());
    {
      std::vector<std::jthread> threads;
      for (std::size_t i = 0; i < s.nodes.size(); ++i) {
        threads.emplace_back([&s, &errors, i] {
          Impl::Node& node = *s.nodes[i];
          std::lock_guard operation(node.operation);
          try {
            s.Event("START " + node.name + " " + node.ip + ":" + std::to_string(s.config.node_port));
            s.LaunchNode(node);
          } catch (...) {
            errors[i] = std::current_exception();
          }
        });
      }
    }
    if (detail::Interrupted()) throw Cancelled();
    for (const auto& error : errors) {
      if (error) std::rethrow_exception(error);
    }
    // What runs whose owner died left behind goes now, off the start's critical path
    // (ShutdownAll waits for it; it is bounded).
    s.reaper = std::jthread([&s] { ReapAbandonedRuns(s.cli, s.owner, &s.stop_reaper); });
    std::string ports;
    for (const auto& node : s.nodes) {
      ports += (ports.empty() ? "" : ", ") + node->name + "=127.0.0.1:" + std::to_string(node->host_port);
    }
    events(std::to_string(s.nodes.size()) + " node" + (s.nodes.size() == 1 ? "" : "s") + " up in " +
           attest::detail::DurationText(detail::Clock::now() - started) + " (" + prepared.origin +
           "; network " + s.network + " " + s.subnet.ToString() + "; " + ports + ")");
  } catch (const Cancelled&) {
    throw;
  } catch (...) {
    // Keep the logs of a start that failed on the engine (a node that exited, an image
    // that did not build); with no engine at all there is nothing to keep.
    if (!s.engine.version.empty()) s.retain_logs = true;
    throw;
  }
}

ATTEST_INLINE void DockerCluster::ShutdownAll(const ClusterEventSink& events) noexcept {
  Impl& s = *impl_;
  try {
    {
      std::lock_guard lock(s.mutex);
      if (s.shut_down) return;
      s.shut_down = true;
      for (auto& node : s.nodes) node->up = false;
    }
    if (!s.started) return;
    auto tell = [&](const std::string& text) {
      try {
        events(text);
      } catch (...) {
      }
    };
    if (s.config.keep_logs || std::getenv("ATTEST_KEEP_LOGS") != nullptr) s.retain_logs = true;
    const std::string dir = s.logs.Path();
    if (s.config.keep) {
      for (auto& node : s.nodes) s.StopFollower(*node, std::chrono::milliseconds(0));
      s.Event("KEEP containers, network and volumes left in place (WithKeep)");
      const std::string filter = std::string(kRunLabel) + "=" + s.run_id;
      std::string names;
      for (const auto& node : s.nodes) names += (names.empty() ? "" : " ") + node->container;
      tell("kept for inspection (WithKeep), run " + s.run_id +
           ":\n"
           "containers: " +
           names +
           "\n"
           "network:    " +
           s.network + " (" + s.subnet.ToString() +
           ")\n"
           "volumes:    docker volume ls --filter label=" +
           filter +
           "\n"
           "logs:       " +
           dir +
           "\n"
           "inspect:    docker ps -a --filter label=" +
           filter + "; docker logs " + s.nodes.front()->container +
           "\n"
           "remove:     docker rm -f $(docker ps -aq --filter label=" +
           filter + "); docker network rm " + s.network +
           "; docker volume rm $(docker volume ls -q --filter label=" + filter + ")");
      s.stop_reaper = true;
      if (s.reaper.joinable()) s.reaper.join();
      return;
    }
    // Containers first (their log followers end with them), then network and volumes.
    // Without an engine nothing was made, and there is nothing to ask.
    const auto problems = s.engine.version.empty() ? std::vector<std::string>{}
                                                   : RemoveRun(s.cli, s.run_id, std::chrono::seconds(30));
    for (auto& node : s.nodes) s.StopFollower(*node, std::chrono::milliseconds(500));
    // Reaping dead runs is a courtesy: it stops where it is when this run ends.
    s.stop_reaper = true;
    if (s.reaper.joinable()) s.reaper.join();
    s.Event(problems.empty() ? "CLEANUP removed the run's containers, network and volumes"
                             : "CLEANUP incomplete");
    if (!problems.empty()) {
      s.retain_logs = true;
      std::string text = "could not remove everything of run " + s.run_id + " (the next run reaps it):";
      for (const auto& problem : problems) text += "\n" + problem;
      tell(text);
    }
    if (s.retain_logs) {
      if (!dir.empty()) tell("node logs and events kept in " + dir);
    } else {
      s.logs.Remove();
    }
  } catch (...) {
    // ShutdownAll must not throw; what it could not remove, the next run reaps.
  }
}

ATTEST_INLINE std::vector<std::string> DockerCluster::Nodes() const {
  std::vector<std::string> names;
  for (const auto& node : impl_->nodes) names.push_back(node->name);
  return names;
}

ATTEST_INLINE bool DockerCluster::IsUp(const std::string& node) const {
  auto& found = impl_->Find(node);
  std::lock_guard lock(impl_->mutex);
  return found.up;
}

ATTEST_INLINE http::Endpoint DockerCluster::Endpoint(const std::string& node) const {
  auto& found = impl_->Find(node);
  std::lock_guard lock(impl_->mutex);
  return http::Endpoint{"127.0.0.1", found.host_port};
}

ATTEST_INLINE std::string DockerCluster::Addr(const std::string& node) const {
  auto& found = impl_->Find(node);
  std::lock_guard lock(impl_->mutex);
  return found.ip + ":" + std::to_string(impl_->config.node_port);
}

ATTEST_INLINE void DockerCluster::Start(const std::string& name, const ClusterEventSink& events) {
  Impl& s = *impl_;
  Impl::Node& node = s.Find(name);
  std::lock_guard operation(node.operation);
  {
    std::lock_guard lock(s.mutex);
    if (!node.created)
      throw UsageError("Start(\"" + name + "\"): the cluster is not running (StartAll first)");
    if (node.up) {
      events(name + " is running already");
      return;
    }
  }
  const auto started = detail::Clock::now();
  s.Event("START " + name);
  s.StartContainer(node);
  events(name + " started in " + attest::detail::DurationText(detail::Clock::now() - started));
}

ATTEST_INLINE void DockerCluster::Stop(const std::string& name, const ClusterEventSink& events) {
  Impl& s = *impl_;
  Impl::Node& node = s.Find(name);
  std::lock_guard operation(node.operation);
  {
    std::lock_guard lock(s.mutex);
    if (!node.up) {
      events(name + " is stopped already");
      return;
    }
  }
  s.Event("STOP " + name + " (SIGTERM)");
  const std::string what = s.EndContainer(node, SIGTERM);
  s.Event("STOPPED " + name + ": " + what);
  events(name + " stopped (" + what + ")");
}

ATTEST_INLINE void DockerCluster::Kill(const std::string& name, const ClusterEventSink& events) {
  Impl& s = *impl_;
  Impl::Node& node = s.Find(name);
  std::lock_guard operation(node.operation);
  {
    std::lock_guard lock(s.mutex);
    if (!node.up) {
      events(name + " is stopped already");
      return;
    }
  }
  s.Event("KILL " + name + " (SIGKILL)");
  const std::string what = s.EndContainer(node, SIGKILL);
  events(name + " killed" + (what.empty() ? "" : " (" + what + ")"));
}

ATTEST_INLINE void DockerCluster::Restart(const std::string& name, int signal,
                                          const ClusterEventSink& events) {
  Impl& s = *impl_;
  Impl::Node& node = s.Find(name);
  std::lock_guard operation(node.operation);
  const auto started = detail::Clock::now();
  const char* signal_name = signal == SIGKILL ? "SIGKILL" : "SIGTERM";
  s.Event(std::string("RESTART ") + name + " (" + signal_name + ")");
  bool was_up = false;
  {
    std::lock_guard lock(s.mutex);
    was_up = node.up;
  }
  std::string what = "it was stopped";
  if (was_up) what = s.EndContainer(node, signal == SIGKILL ? SIGKILL : SIGTERM);
  s.StartContainer(node);
  events(name + " restarted with " + signal_name + (what.empty() ? "" : " (" + what + ")") + " in " +
         attest::detail::DurationText(detail::Clock::now() - started));
}

ATTEST_INLINE void DockerCluster::Partition(const std::vector<std::vector<std::string>>& groups,
                                            const ClusterEventSink& events) {
  Impl& s = *impl_;
  std::lock_guard lock(s.fault_mutex);
  const faults::PartitionPlan plan = faults::PlanPartition(s.Addresses(), groups);
  std::string shape;
  for (const auto& group : groups) shape += (shape.empty() ? "" : " | ") + detail::JoinNames(group, ",");
  s.Event("PARTITION " + shape);
  for (const auto& cut : plan.cuts) s.Find(cut.node).faults.SetCut(cut);
  auto targets = s.TargetsOf(s.UpNodes());
  s.Faults().ApplyCuts(targets, faults::AddressFamilies(s.Addresses()));
  events("partitioned " + shape + " (" + s.Faults().WayName() + ")");
}

ATTEST_INLINE void DockerCluster::Heal(const ClusterEventSink& events) {
  Impl& s = *impl_;
  std::lock_guard lock(s.fault_mutex);
  s.Event("HEAL");
  for (const auto& node : s.nodes) node->faults.ClearCut();
  auto targets = s.TargetsOf(s.UpNodes());
  s.Faults().ApplyCuts(targets, faults::AddressFamilies(s.Addresses()));
  events("healed the network (" + s.Faults().WayName() + ")");
}

ATTEST_INLINE void DockerCluster::Impair(const std::vector<std::string>& names,
                                         const std::vector<Impairment>& impairments,
                                         const ClusterEventSink& events) {
  Impl& s = *impl_;
  std::lock_guard lock(s.fault_mutex);
  std::string description;
  for (const auto& impairment : impairments)
    description += (description.empty() ? "" : ", ") + impairment.Describe();
  s.Event("IMPAIR " + detail::JoinNames(names, ",") + " " + description);
  auto targets = s.TargetsOf(names);
  s.Faults().ApplyImpairments(targets, impairments);
  events("impaired " + detail::JoinNames(names) + ": " + description + " (" + s.Faults().WayName() + ")");
  s.Settle();
}

ATTEST_INLINE void DockerCluster::Repair(const std::vector<std::string>& names,
                                         const ClusterEventSink& events) {
  Impl& s = *impl_;
  std::lock_guard lock(s.fault_mutex);
  s.Event("REPAIR " + detail::JoinNames(names, ","));
  // A down node has no qdisc to delete; forgetting its impairments keeps its next
  // start from putting them back.
  std::vector<std::string> up;
  {
    std::lock_guard state_lock(s.mutex);
    for (const auto& name : names) {
      Impl::Node& node = s.Find(name);
      if (node.up)
        up.push_back(name);
      else
        node.faults.impairments.clear();
    }
  }
  auto targets = s.TargetsOf(up);
  if (!targets.empty()) s.Faults().RemoveImpairments(targets);
  events("repaired " + detail::JoinNames(names));
  s.Settle();
}

ATTEST_INLINE void DockerCluster::MarkTest(const std::string& test_name) {
  impl_->Event("TEST " + test_name);
}

ATTEST_INLINE std::vector<std::string> DockerCluster::LogTail(const std::string& node,
                                                              std::size_t lines) const {
  impl_->Find(node);
  impl_->retain_logs = true;
  return impl_->logs.Tail(node, lines);
}

ATTEST_INLINE std::string DockerCluster::LogDirectory() const { return impl_->logs.Path(); }

ATTEST_INLINE const std::string& DockerCluster::RunId() const { return impl_->run_id; }
ATTEST_INLINE std::string DockerCluster::NetworkName() const { return impl_->network; }
ATTEST_INLINE std::string DockerCluster::Subnet() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->network_created ? impl_->subnet.ToString() : "";
}
ATTEST_INLINE std::string DockerCluster::ContainerName(const std::string& node) const {
  return impl_->Find(node).container;
}
ATTEST_INLINE std::string DockerCluster::VolumeName(const std::string& node) const {
  return impl_->Find(node).volume;
}
ATTEST_INLINE std::string DockerCluster::ImageTag() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->image.tag;
}
ATTEST_INLINE std::string DockerCluster::NetworkControlUsed() const {
  std::lock_guard lock(impl_->fault_mutex);
  return impl_->network_faults ? impl_->network_faults->WayName() : "";
}
ATTEST_INLINE void DockerCluster::RetainLogs() const { impl_->retain_logs = true; }

ATTEST_INLINE std::unique_ptr<Cluster> MakeDockerCluster(const SuiteConfig& config) {
  return std::make_unique<DockerCluster>(config);
}

}  // namespace attest::docker
