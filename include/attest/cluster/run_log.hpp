// A run's logs on disk, and the one way to read them back: every node's output and
// the run's events (lifecycle, faults, tests), interleaved by time.
//
// A run directory holds
//   events.log    "<time> <EVENT> <details>"  (START, STOP, KILL, RESTART, PARTITION,
//                                              HEAL, IMPAIR, REPAIR, TEST, ...)
//   <node>.log    "<time> <line>"             each line the node wrote (stdout, stderr)
// where <time> is UTC RFC 3339 with nanoseconds ("2026-05-07T21:09:36.123456789Z"),
// so that sorting the text sorts by time.
//
//   attest::PrintRunLog(std::cout, cluster.LogDirectory());          // every node
//   attest::PrintRunLog(std::cout, cluster.LogDirectory(), {"n2"});  // n2 and the events
//
// prints
//   21:09:36.120  ====  START n1 10.0.42.2:8080 (test process: 127.0.0.1:24817)
//   21:09:36.342  n1    listening on 10.0.42.2:8080
//   21:09:37.001  ====  TEST PUT Stores Values
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "attest/detail/inline.hpp"

namespace attest {

inline constexpr const char* kRunEventsFile = "events.log";

// "2026-05-07T21:09:36.123456789Z" for `time`.
std::string RunLogTimestamp(std::chrono::system_clock::time_point time);

// Normalises a timestamp to the fixed width above (docker may print fewer fractional
// digits); "" when `text` is not an RFC 3339 UTC timestamp.
std::string NormaliseRunLogTimestamp(const std::string& text);

struct RunLogLine {
  std::string time;    // as in the files
  std::string source;  // the node's name; "" for an event
  std::string text;
};

// The events and the logs of `nodes` (every node when empty), sorted by time (stable:
// lines with the same time keep their order). A missing directory or file reads as empty.
std::vector<RunLogLine> ReadRunLog(const std::string& directory, const std::vector<std::string>& nodes = {});

// Prints ReadRunLog's lines, one per line, with the time of day and the source; only
// the last `last_lines` when it is not 0. Prints a note when there is nothing to show.
void PrintRunLog(std::ostream& out, const std::string& directory, const std::vector<std::string>& nodes = {},
                 std::size_t last_lines = 0);

// The last `lines` lines of a node's log file, oldest first, without their timestamps.
std::vector<std::string> RunLogTail(const std::string& directory, const std::string& node, std::size_t lines);

}  // namespace attest

#if ATTEST_HEADER_ONLY
#include "attest/cluster/detail/run_log_inl.hpp"
#endif
