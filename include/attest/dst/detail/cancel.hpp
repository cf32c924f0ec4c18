// The cancellation tree behind Context: cancelling a scope cancels every scope created
// under it, and wakes everything sleeping in any of them.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace attest::dst::detail {

class CancelScope {
 public:
  using Clock = std::chrono::steady_clock;

  // A scope under `parent` (which may be null), already cancelled if the parent is.
  static std::shared_ptr<CancelScope> Make(const std::shared_ptr<CancelScope>& parent) {
    auto scope = std::make_shared<CancelScope>();
    if (parent) {
      // Owned upwards, so a chain of temporaries (ctx.Child().Child()) stays connected;
      // watched downwards with weak pointers, so finished children do not pile up.
      scope->parent_ = parent;
      parent->Adopt(scope);
    }
    return scope;
  }

  bool Cancelled() const noexcept { return cancelled_.load(std::memory_order_acquire); }

  // 1, 2, 3... for the children made from one scope, so each gets its own random
  // stream, the same for the same seed.
  std::uint64_t NextChildNumber() noexcept {
    return children_made_.fetch_add(1, std::memory_order_relaxed) + 1;
  }

  void Cancel() {
    std::vector<std::weak_ptr<CancelScope>> children;
    {
      std::lock_guard lock(mutex_);
      if (cancelled_.load(std::memory_order_relaxed)) return;
      cancelled_.store(true, std::memory_order_release);
      children.swap(children_);
    }
    wake_.notify_all();
    // Outside the lock: a child's Cancel takes the child's own lock.
    for (auto& weak : children) {
      if (auto child = weak.lock()) child->Cancel();
    }
  }

  // Blocks until the scope is cancelled or `until` passes; true when cancelled.
  bool WaitUntil(Clock::time_point until) {
    std::unique_lock lock(mutex_);
    return wake_.wait_until(lock, until, [this] { return Cancelled(); });
  }

 private:
  void Adopt(const std::shared_ptr<CancelScope>& child) {
    std::lock_guard lock(mutex_);
    if (Cancelled()) {
      child->cancelled_.store(true, std::memory_order_release);
      return;
    }
    // Long-lived parents (a suite's root context) see thousands of short-lived
    // children; drop the dead ones whenever the list doubles.
    if (children_.size() >= prune_at_) {
      children_.erase(std::remove_if(children_.begin(), children_.end(),
                                     [](const auto& weak) { return weak.expired(); }),
                      children_.end());
      prune_at_ = std::max<std::size_t>(kInitialPruneAt, children_.size() * 2);
    }
    children_.push_back(child);
  }

  static constexpr std::size_t kInitialPruneAt = 64;
  std::shared_ptr<CancelScope> parent_;
  std::atomic<bool> cancelled_{false};
  std::atomic<std::uint64_t> children_made_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::weak_ptr<CancelScope>> children_;
  std::size_t prune_at_ = kInitialPruneAt;
};

}  // namespace attest::dst::detail
