// The labels on every container, network and volume a run creates, and who owns a
// run: the process that made it, named so that a later run can tell whether that
// process still lives (and leave its resources alone) or is gone (and reap them).
//
//   attest.run=1a2b3c4d                          the run (also in every resource's name)
//   attest.owner=vm/7f3e91c2/4026531836/4242/1234567
//                host/boot id/pid namespace/pid/start time in clock ticks
//   attest.node=n1                               containers and volumes
//   attest.suite=http-api                        the suite's name
//   attest.keep=1                                WithKeep: never reaped automatically
//
// The start time makes a reused pid harmless: a process with the same pid but another
// start time is not the owner. An owner on another host or in another pid namespace
// cannot be checked from here, so its resources are left alone.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attest/detail/inline.hpp"

namespace attest::docker {

inline constexpr const char* kRunLabel = "attest.run";
inline constexpr const char* kOwnerLabel = "attest.owner";
inline constexpr const char* kNodeLabel = "attest.node";
inline constexpr const char* kSuiteLabel = "attest.suite";
inline constexpr const char* kKeepLabel = "attest.keep";

using Labels = std::vector<std::pair<std::string, std::string>>;

struct Owner {
  std::string host;           // gethostname()
  std::string boot;           // the first 8 characters of the kernel's boot id
  std::string pid_namespace;  // the inode of /proc/self/ns/pid
  long pid = 0;
  unsigned long long start_ticks = 0;  // field 22 of /proc/<pid>/stat

  std::string ToLabel() const;
  // nullopt for a label this version does not understand.
  static std::optional<Owner> Parse(const std::string& label);
  bool operator==(const Owner&) const = default;
};

// The calling process as an owner.
Owner CurrentOwner();

// When `pid` (in the caller's pid namespace) started, in clock ticks after boot;
// nullopt when there is no such process.
std::optional<unsigned long long> ProcessStartTicks(long pid);

enum class OwnerState { Alive, Gone, Unknown };

// Whether `owner` still runs, as seen by `me`. `start_of` answers ProcessStartTicks
// (a parameter so that the rule can be tested without real processes).
OwnerState JudgeOwner(const Owner& owner, const Owner& me,
                      const std::function<std::optional<unsigned long long>(long)>& start_of);

// {"--label", "k=v", ...} for `flag` "--label" (or "volume-label=k=v" pieces).
std::vector<std::string> LabelArgs(const Labels& labels);

// A fresh run id: 8 lowercase hex digits.
std::string NewRunId();

}  // namespace attest::docker

#if ATTEST_HEADER_ONLY
#include "attest/cluster/docker/detail/labels_inl.hpp"
#endif
