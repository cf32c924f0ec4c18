// In-memory implementations of the spec's interfaces. A real suite would implement them
// against the system under test (an HTTP client, a database, a queue); the scenarios
// stay the same.
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

#include "taskstore_dst.hpp"  // generated from taskstore.yaml at configure time

namespace example {

class InMemoryTaskStore : public taskcoree2e::TaskStore {
 public:
  std::int64_t Enqueue(attest::dst::Context&, std::string task, std::int32_t priority, std::int32_t,
                       std::vector<std::string>) override {
    std::lock_guard lock(mutex_);
    queue_.push_back({next_id_, std::move(task), priority});
    added_.notify_all();
    return next_id_++;
  }
  std::size_t Pending() const override {
    std::lock_guard lock(mutex_);
    return queue_.size();
  }
  // Highest priority first, oldest first among equals; waits while the queue is empty,
  // giving up when ctx is cancelled (another actor failed, or the step timed out).
  std::string Take(attest::dst::Context& ctx) {
    std::unique_lock lock(mutex_);
    while (queue_.empty()) {
      ctx.ThrowIfCancelled();
      added_.wait_for(lock, std::chrono::milliseconds(10));
    }
    auto next = std::max_element(queue_.begin(), queue_.end(), [](const Task& a, const Task& b) {
      return a.priority != b.priority ? a.priority < b.priority : a.id > b.id;
    });
    std::string name = next->name;
    queue_.erase(next);
    return name;
  }

 private:
  struct Task {
    std::int64_t id;
    std::string name;
    std::int32_t priority;
  };
  mutable std::mutex mutex_;
  std::condition_variable added_;
  std::vector<Task> queue_;
  std::int64_t next_id_ = 1;
};

class QueueWorker : public taskcoree2e::Worker {
 public:
  explicit QueueWorker(std::shared_ptr<InMemoryTaskStore> store) : store_(std::move(store)) {}
  void Claim(attest::dst::Context& ctx) override {
    std::string task = store_->Take(ctx);
    std::lock_guard lock(mutex_);
    if (holding_) throw std::logic_error("Claim while still holding " + *holding_);
    holding_ = last_ = task;
  }
  void CompleteLast(attest::dst::Context&) override {
    std::lock_guard lock(mutex_);
    if (!holding_) throw std::logic_error("CompleteLast without a claimed task");
    holding_.reset();
    ++completed_;
  }
  std::string LastClaimed() const override {
    std::lock_guard lock(mutex_);
    return last_;
  }
  std::size_t CompletedCount() const override {
    std::lock_guard lock(mutex_);
    return completed_;
  }

 private:
  std::shared_ptr<InMemoryTaskStore> store_;
  mutable std::mutex mutex_;
  std::optional<std::string> holding_;
  std::string last_;
  std::size_t completed_ = 0;
};

// Fresh actors for every scenario run.
inline taskcoree2e::Actors MakeActors(attest::dst::Context&) {
  auto store = std::make_shared<InMemoryTaskStore>();
  taskcoree2e::Actors actors;
  actors.taskStore = store;
  actors.worker1 = std::make_shared<QueueWorker>(store);
  actors.worker2 = std::make_shared<QueueWorker>(store);
  return actors;
}

}  // namespace example
