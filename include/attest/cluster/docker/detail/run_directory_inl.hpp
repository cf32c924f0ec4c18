// Definitions of cluster/docker/run_directory.hpp.
#pragma once

#include "attest/cluster/docker/run_directory.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include "attest/cluster/run_log.hpp"
#include "attest/error.hpp"

namespace attest::docker {

struct RunDirectory::State {
  mutable std::mutex mutex;
  std::string path;
  std::ofstream events;
  std::map<std::string, std::ofstream> nodes;
};

ATTEST_INLINE std::string RunDirectoryRoot() {
  if (const char* dir = std::getenv("ATTEST_LOG_DIR"); dir != nullptr && *dir != '\0') return dir;
  const char* tmp = std::getenv("TMPDIR");
  return std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/attest-runs";
}

ATTEST_INLINE RunDirectory::RunDirectory() : state_(std::make_unique<State>()) {}
ATTEST_INLINE RunDirectory::~RunDirectory() = default;

ATTEST_INLINE void RunDirectory::Create(const std::string& root, const std::string& name) {
  const std::filesystem::path path = std::filesystem::path(root) / name;
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) {
    throw InfrastructureError("cannot create the run's log directory " + path.string() + ": " +
                              error.message() + " (set ATTEST_LOG_DIR to a writable directory)");
  }
  std::lock_guard lock(state_->mutex);
  state_->path = path.string();
  state_->events.open(path / kRunEventsFile, std::ios::app);
}

ATTEST_INLINE std::string RunDirectory::Path() const {
  std::lock_guard lock(state_->mutex);
  return state_->path;
}

ATTEST_INLINE void RunDirectory::Event(const std::string& text) {
  const std::string line = RunLogTimestamp(std::chrono::system_clock::now()) + " " + text + "\n";
  std::lock_guard lock(state_->mutex);
  if (!state_->events.is_open()) return;
  state_->events << line;
  state_->events.flush();
}

ATTEST_INLINE void RunDirectory::NodeLine(const std::string& node, const std::string& time,
                                          const std::string& text) {
  std::lock_guard lock(state_->mutex);
  if (state_->path.empty()) return;
  auto it = state_->nodes.find(node);
  if (it == state_->nodes.end()) {
    it = state_->nodes.emplace(node, std::ofstream(state_->path + "/" + node + ".log", std::ios::app)).first;
  }
  it->second << time << ' ' << text << '\n';
  it->second.flush();
}

ATTEST_INLINE std::vector<std::string> RunDirectory::Tail(const std::string& node, std::size_t lines) const {
  return RunLogTail(Path(), node, lines);
}

ATTEST_INLINE void RunDirectory::Remove() noexcept {
  try {
    std::lock_guard lock(state_->mutex);
    state_->events.close();
    state_->nodes.clear();
    if (!state_->path.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(state_->path, ignored);
    }
    state_->path.clear();
  } catch (...) {
    // Leaving a directory behind is better than failing the cleanup.
  }
}

}  // namespace attest::docker
