// Per-node request latencies recorded while Concurrently runs, summarised as
// p50/p95/p99/max rows for the report.
#pragma once

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "attest/report/results.hpp"

namespace attest::detail {

class LatencyRecorder {
 public:
  void Record(const std::string& node, std::chrono::nanoseconds latency) {
    std::lock_guard lock(mutex_);
    samples_[node].push_back(latency);
  }

  // Returns one row per node (sorted by node name) and forgets the samples.
  std::vector<LatencyRow> TakeRows() {
    std::map<std::string, std::vector<std::chrono::nanoseconds>> samples;
    {
      std::lock_guard lock(mutex_);
      samples.swap(samples_);
    }
    std::vector<LatencyRow> rows;
    for (auto& [node, values] : samples) {
      std::sort(values.begin(), values.end());
      LatencyRow row;
      row.node = node;
      row.requests = values.size();
      row.p50 = Percentile(values, 50);
      row.p95 = Percentile(values, 95);
      row.p99 = Percentile(values, 99);
      row.max = values.back();
      row.delayed_ack_requests = static_cast<std::uint64_t>(
          std::count_if(values.begin(), values.end(), [](std::chrono::nanoseconds latency) {
            return latency >= kDelayedAckLow && latency <= kDelayedAckHigh;
          }));
      rows.push_back(row);
    }
    return rows;
  }

  // Linux delays an ACK by 40ms at least (its minimum delayed-ACK timeout); a server
  // that writes a response in two pieces with Nagle's algorithm on waits for that ACK
  // before sending the second, so such requests take 40ms and a little more.
  static constexpr std::chrono::milliseconds kDelayedAckLow{38};
  static constexpr std::chrono::milliseconds kDelayedAckHigh{50};

  // Nearest-rank percentile of sorted, non-empty samples.
  static std::chrono::nanoseconds Percentile(const std::vector<std::chrono::nanoseconds>& sorted,
                                             int percent) {
    std::size_t rank = (sorted.size() * static_cast<std::size_t>(percent) + 99) / 100;
    if (rank == 0) rank = 1;
    return sorted[std::min(rank, sorted.size()) - 1];
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<std::chrono::nanoseconds>> samples_;
};

}  // namespace attest::detail
