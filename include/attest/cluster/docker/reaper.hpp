// Finding and removing what runs left behind. Every container, network and volume of
// a run carries attest.run and attest.owner (labels.hpp); a run whose owner process is
// gone (SIGKILLed, crashed, its machine rebooted) is reaped by the next run on the same
// host, while the resources of a live run (a concurrent ctest -j suite) and of kept
// runs (WithKeep) are left alone.
//
//   docker::ReapAbandonedRuns(cli, docker::CurrentOwner());   // at the start of a run
//   docker::RemoveRun(cli, run_id, 30s);                      // at its end
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "attest/cluster/docker/cli.hpp"
#include "attest/cluster/docker/labels.hpp"
#include "attest/detail/inline.hpp"

namespace attest::docker {

struct LabelledResource {
  enum class Kind { Container, Network, Volume };
  Kind kind = Kind::Container;
  std::string id;     // container id, network name, volume name
  std::string run;    // attest.run
  std::string owner;  // attest.owner
  bool keep = false;  // attest.keep
};

// `docker ps/network ls/volume ls` arguments that list resources with the label
// `filter` ("attest.run" for all, "attest.run=1a2b3c4d" for one run), one per line:
// id, run, owner and keep separated by tabs.
std::vector<std::string> ListArgs(LabelledResource::Kind kind, const std::string& filter);

// Reads that output. Pure.
std::vector<LabelledResource> ParseResourceList(LabelledResource::Kind kind, const std::string& output);

// The runs to reap: every run with a resource whose owner `judge` calls Gone, unless
// one of its resources is marked keep. Pure.
std::vector<std::string> AbandonedRuns(
    const std::vector<LabelledResource>& resources,
    const std::function<OwnerState(const std::string& owner_label)>& judge);

// Every attest resource on the engine (or of one run). Throws like Cli::Check.
std::vector<LabelledResource> ListLabelled(const Cli& cli, const std::string& run = "");

// Removes every container, then network, then volume of `run`, within about `budget`.
// Never throws and is never cancelled (it is what runs after an interrupt); returns
// what could not be removed, as messages ("" entries are never returned).
// `stop`, when given and turned true, ends it early.
std::vector<std::string> RemoveRun(const Cli& cli, const std::string& run, std::chrono::milliseconds budget,
                                   const std::atomic<bool>* stop = nullptr);

// Reaps the runs of owners that are gone, within about 20 seconds, or until `stop`
// turns true; returns their ids. Never throws.
std::vector<std::string> ReapAbandonedRuns(const Cli& cli, const Owner& me,
                                           const std::atomic<bool>* stop = nullptr);

}  // namespace attest::docker

#if ATTEST_HEADER_ONLY
#include "attest/cluster/docker/detail/reaper_inl.hpp"
#endif
