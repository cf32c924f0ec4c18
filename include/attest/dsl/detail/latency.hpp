// Per-node request latencies recorded while Concurrently runs, summarised as
// p50/p95/p99/max rows for the report.
#pragma once

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "attest/report/results.hpp"

namespace attest::detail {

class LatencyRecorder {
 public:
  // The samples of one Concurrently worker thread, kept without a lock while it runs
  // and handed to the recorder in one go when it ends: thousands of requests a second
  // would otherwise take the recorder's mutex, shared by every worker, once each.
  // While one lives, it is where this thread's samples for `recorder` go.
  class ThreadBuffer {
   public:
    explicit ThreadBuffer(LatencyRecorder& recorder) : recorder_(recorder), previous_(Current()) {
      Current() = this;
    }
    ~ThreadBuffer() {
      Current() = previous_;
      recorder_.Merge(samples_);
    }
    ThreadBuffer(const ThreadBuffer&) = delete;
    ThreadBuffer& operator=(const ThreadBuffer&) = delete;

   private:
    friend class LatencyRecorder;
    LatencyRecorder& recorder_;
    ThreadBuffer* previous_;
    // Per node, in the order first asked; a worker asks few nodes, so a list will do.
    std::vector<std::pair<std::string, std::vector<std::chrono::nanoseconds>>> samples_;
  };

  void Record(const std::string& node, std::chrono::nanoseconds latency) {
    if (ThreadBuffer* buffer = Current(); buffer != nullptr && &buffer->recorder_ == this) {
      auto& samples = buffer->samples_;
      auto it = std::find_if(samples.begin(), samples.end(),
                             [&](const auto& entry) { return entry.first == node; });
      if (it == samples.end())
        it = samples.emplace(samples.end(), node, std::vector<std::chrono::nanoseconds>{});
      it->second.push_back(latency);
      return;
    }
    // A thread of no Concurrently worker: a multi-node check's helper thread.
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
  static ThreadBuffer*& Current() {
    thread_local ThreadBuffer* current = nullptr;
    return current;
  }

  // Nothing escapes: a destructor calls it, and samples lost to a failed allocation
  // only thin the latency table.
  void Merge(
      const std::vector<std::pair<std::string, std::vector<std::chrono::nanoseconds>>>& samples) noexcept {
    try {
      std::lock_guard lock(mutex_);
      for (const auto& [node, latencies] : samples) {
        auto& values = samples_[node];
        values.insert(values.end(), latencies.begin(), latencies.end());
      }
    } catch (...) {
    }
  }

  std::mutex mutex_;
  std::map<std::string, std::vector<std::chrono::nanoseconds>> samples_;
};

}  // namespace attest::detail
