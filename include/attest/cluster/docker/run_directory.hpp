// Writes one run's directory (format: cluster/run_log.hpp): the events, timestamped
// as they happen, and each node's lines with the times docker gave them.
//
// Where: $ATTEST_LOG_DIR/<suite>-<yyyymmdd-hhmmss>-<run id>, or under
// ${TMPDIR:-/tmp}/attest-runs when ATTEST_LOG_DIR is not set. The cluster removes the
// directory at the end of a run that nobody needs the logs of, and keeps it (and says
// where) otherwise: see DockerCluster.
//
// Thread-safe: node followers append from their own threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "attest/detail/inline.hpp"

namespace attest::docker {

// $ATTEST_LOG_DIR, else ${TMPDIR:-/tmp}/attest-runs.
std::string RunDirectoryRoot();

class RunDirectory {
 public:
  RunDirectory();
  ~RunDirectory();
  RunDirectory(const RunDirectory&) = delete;
  RunDirectory& operator=(const RunDirectory&) = delete;

  // Makes <root>/<name> (and its parents); throws InfrastructureError naming the path
  // when it cannot.
  void Create(const std::string& root, const std::string& name);
  // "" before Create.
  std::string Path() const;

  // Appends "<now> <text>" to events.log.
  void Event(const std::string& text);
  // Appends "<time> <text>" to <node>.log.
  void NodeLine(const std::string& node, const std::string& time, const std::string& text);
  // The last lines of a node's log (RunLogTail).
  std::vector<std::string> Tail(const std::string& node, std::size_t lines) const;

  // Closes the files and deletes the directory; never throws.
  void Remove() noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace attest::docker

#if ATTEST_HEADER_ONLY
#include "attest/cluster/docker/detail/run_directory_inl.hpp"
#endif
