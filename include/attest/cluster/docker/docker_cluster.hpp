// The Docker node manager: WithCluster(n) as n real containers on a network of the
// run's own, driven through the docker CLI (docs/node-manager.md).
//
//   StartAll   checks the engine, prepares the image (image.hpp) and creates the
//              network (10.0.42.0/24 when free) at the same time, starts every node at
//              once, waits until each answers GET /health with 200, and then reaps, in
//              the background, what runs whose owner died left behind
//   Start/Stop/Kill/Restart
//              SIGTERM then SIGKILL after WithNodeShutdownTimeout; a node keeps its
//              address, host port and data volume for the whole run
//   Partition/Heal/Impair/Repair
//              iptables and tc in the nodes' network namespaces, one command per node,
//              all nodes in parallel (cluster/faults/ builds the commands); re-applied
//              when a node starts again
//   ShutdownAll
//              removes every container, the network and the volumes (unless WithKeep),
//              never throws, and ends within about 40 seconds whatever happens
//
// Logs: each node's output is followed into the run directory (run_directory.hpp)
// with the run's events. The directory is removed at the end of a run unless its logs
// were asked for: LogTail() (a failure report quoting a node's log), a failed StartAll,
// WithKeep, a failed cleanup, or ATTEST_KEEP_LOGS=1 keep it, and ShutdownAll says where.
//
// Every wait (image build, node start, health, stop) ends early when the run is
// interrupted (detail::ProcessInterrupted()) with Cancelled; cleanup does not.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "attest/cluster/cluster.hpp"
#include "attest/cluster/docker/cli.hpp"
#include "attest/config/suite_config.hpp"
#include "attest/detail/inline.hpp"

namespace attest::docker {

class DockerCluster final : public Cluster {
 public:
  // (Virtual functions are declared ATTEST_INLINE as well: otherwise, header-only, GCC
  // would take the first one as the key function and emit all of them in every file.)
  // Checks the configuration: throws UsageError for one that cannot work (no image
  // source, a subnet too small for the nodes). Talks to no engine and starts nothing:
  // StartAll finds out whether an engine answers (attest::Unavailable, saying how to get
  // one, when none does: the suite is then reported as skipped).
  explicit DockerCluster(SuiteConfig config, Cli cli = Cli());
  ATTEST_INLINE ~DockerCluster() override;
  DockerCluster(const DockerCluster&) = delete;
  DockerCluster& operator=(const DockerCluster&) = delete;

  ATTEST_INLINE void StartAll(const ClusterEventSink& events) override;
  ATTEST_INLINE void ShutdownAll(const ClusterEventSink& events) noexcept override;

  ATTEST_INLINE std::vector<std::string> Nodes() const override;
  ATTEST_INLINE bool IsUp(const std::string& node) const override;
  ATTEST_INLINE http::Endpoint Endpoint(const std::string& node) const override;
  ATTEST_INLINE std::string Addr(const std::string& node) const override;

  ATTEST_INLINE void Start(const std::string& name, const ClusterEventSink& events) override;
  ATTEST_INLINE void Stop(const std::string& name, const ClusterEventSink& events) override;
  ATTEST_INLINE void Kill(const std::string& name, const ClusterEventSink& events) override;
  ATTEST_INLINE void Restart(const std::string& name, int signal, const ClusterEventSink& events) override;
  ATTEST_INLINE void Partition(const std::vector<std::vector<std::string>>& groups,
                               const ClusterEventSink& events) override;
  ATTEST_INLINE void Heal(const ClusterEventSink& events) override;
  ATTEST_INLINE void Impair(const std::vector<std::string>& names, const std::vector<Impairment>& impairments,
                            const ClusterEventSink& events) override;
  ATTEST_INLINE void Repair(const std::vector<std::string>& names, const ClusterEventSink& events) override;

  ATTEST_INLINE void MarkTest(const std::string& test_name) override;
  // Also keeps the run directory after the run (a report quotes these lines).
  ATTEST_INLINE std::vector<std::string> LogTail(const std::string& node, std::size_t lines) const override;
  ATTEST_INLINE std::string LogDirectory() const override;

  // For tools and tests.
  const std::string& RunId() const;
  std::string NetworkName() const;
  std::string Subnet() const;  // "" before StartAll
  std::string ContainerName(const std::string& node) const;
  std::string VolumeName(const std::string& node) const;
  std::string ImageTag() const;            // "" before StartAll
  std::string NetworkControlUsed() const;  // "" until the first fault
  // Keeps the run directory at the end of the run.
  void RetainLogs() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The factory the "docker" backend registers (cluster/docker.hpp).
std::unique_ptr<Cluster> MakeDockerCluster(const SuiteConfig& config);

}  // namespace attest::docker

#if ATTEST_HEADER_ONLY
#include "attest/cluster/docker/detail/docker_cluster_inl.hpp"
#endif
