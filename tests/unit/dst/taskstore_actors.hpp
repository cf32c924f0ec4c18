// Real, thread-safe in-memory actors for the generated test specs: a task store that
// hands out tasks by priority, workers that claim and complete them, and a probe that
// records calls, throws, or waits for cancellation.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "failing_dst.hpp"
#include "support/sync.hpp"
#include "taskstore_dst.hpp"

namespace dsttest {

using attest_test::Signal;  // support/sync.hpp

class InMemoryTaskStore : public taskstore::TaskStore {
 public:
  std::int64_t Enqueue(attest::dst::Context&, std::string task, std::int32_t priority, std::int32_t weight,
                       std::vector<std::string>) override {
    std::lock_guard lock(mutex_);
    tasks_.push_back({next_id_, std::move(task), priority, weight});
    available_.notify_all();
    return next_id_++;
  }
  std::size_t Pending() const override {
    std::lock_guard lock(mutex_);
    return tasks_.size();
  }
  // Blocks until a task is available (highest priority first, then oldest) or ctx is
  // cancelled; every wait is bounded so a lost wake-up cannot hang a test.
  std::string TakeHighest(attest::dst::Context& ctx) {
    std::unique_lock lock(mutex_);
    while (tasks_.empty()) {
      ctx.ThrowIfCancelled();
      available_.wait_for(lock, std::chrono::milliseconds(5));
    }
    auto best = std::max_element(tasks_.begin(), tasks_.end(), [](const Task& a, const Task& b) {
      return a.priority != b.priority ? a.priority < b.priority : a.id > b.id;
    });
    std::string task = best->name;
    tasks_.erase(best);
    return task;
  }

 private:
  struct Task {
    std::int64_t id;
    std::string name;
    std::int32_t priority;
    std::int32_t weight;
  };
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Task> tasks_;
  std::int64_t next_id_ = 1;
};

class StoreWorker : public taskstore::Worker {
 public:
  explicit StoreWorker(std::shared_ptr<InMemoryTaskStore> store) : store_(std::move(store)) {}
  void Claim(attest::dst::Context& ctx) override {
    std::string task = store_->TakeHighest(ctx);
    std::lock_guard lock(mutex_);
    if (current_) throw std::logic_error("Claim while still holding " + *current_);
    current_ = task;
    last_ = task;
  }
  void CompleteLast(attest::dst::Context&) override {
    std::lock_guard lock(mutex_);
    if (!current_) throw std::logic_error("CompleteLast without a claimed task");
    completed_.push_back(*current_);
    current_.reset();
  }
  std::string LastClaimed() const override {
    std::lock_guard lock(mutex_);
    return last_;
  }
  std::vector<std::string> Completed() const override {
    std::lock_guard lock(mutex_);
    return completed_;
  }

 private:
  std::shared_ptr<InMemoryTaskStore> store_;
  mutable std::mutex mutex_;
  std::optional<std::string> current_;
  std::string last_;
  std::vector<std::string> completed_;
};

inline taskstore::Actors MakeTaskStoreActors(attest::dst::Context&) {
  auto store = std::make_shared<InMemoryTaskStore>();
  return {store, std::make_shared<StoreWorker>(store), std::make_shared<StoreWorker>(store)};
}

// Records what happened to it; shared by the test to inspect afterwards.
// Probes of one run share `waiting`, so one can hold back until another is inside
// WaitForCancel: the cancellation test then proves an interrupted wait, not a lucky race.
class Probe : public failing::Probe {
 public:
  explicit Probe(std::shared_ptr<Signal> waiting) : waiting_(std::move(waiting)) {}
  void Throw(std::string message) override { throw std::runtime_error(message); }
  void AwaitWaiter(attest::dst::Context&) override {
    if (!waiting_->Wait(std::chrono::seconds(10))) {
      throw std::runtime_error("no probe entered WaitForCancel within 10s");
    }
  }
  void WaitForCancel(attest::dst::Context& ctx) override {
    waiting_->Set();
    const auto start = std::chrono::steady_clock::now();
    const bool slept = ctx.SleepFor(std::chrono::seconds(20));
    std::lock_guard lock(mutex_);
    waited_ = std::chrono::steady_clock::now() - start;
    interrupted_ = !slept;
  }
  void Record(std::string what) override {
    std::lock_guard lock(mutex_);
    records_.push_back(std::move(what));
  }
  std::vector<std::string> Records() const {
    std::lock_guard lock(mutex_);
    return records_;
  }
  bool Interrupted() const {
    std::lock_guard lock(mutex_);
    return interrupted_;
  }
  std::chrono::steady_clock::duration Waited() const {
    std::lock_guard lock(mutex_);
    return waited_;
  }

 private:
  std::shared_ptr<Signal> waiting_;
  mutable std::mutex mutex_;
  std::vector<std::string> records_;
  bool interrupted_ = false;
  std::chrono::steady_clock::duration waited_{};
};

}  // namespace dsttest
