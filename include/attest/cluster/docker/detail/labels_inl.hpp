// Definitions of cluster/docker/labels.hpp.
#pragma once

#include "attest/cluster/docker/labels.hpp"

#include <unistd.h>

#include <climits>
#include <fstream>
#include <iterator>
#include <random>

namespace attest::docker {

namespace detail {

ATTEST_INLINE std::vector<std::string> SplitOn(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return parts;
    start = at + 1;
  }
}

ATTEST_INLINE bool AllDigits(const std::string& text) {
  return !text.empty() && text.size() <= 20 && text.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace detail

ATTEST_INLINE std::string Owner::ToLabel() const {
  return host + "/" + boot + "/" + pid_namespace + "/" + std::to_string(pid) + "/" +
         std::to_string(start_ticks);
}

ATTEST_INLINE std::optional<Owner> Owner::Parse(const std::string& label) {
  const auto parts = detail::SplitOn(label, '/');
  if (parts.size() != 5 || parts[0].empty() || !detail::AllDigits(parts[3]) || !detail::AllDigits(parts[4])) {
    return std::nullopt;
  }
  Owner owner;
  owner.host = parts[0];
  owner.boot = parts[1];
  owner.pid_namespace = parts[2];
  try {
    owner.pid = std::stol(parts[3]);
    owner.start_ticks = std::stoull(parts[4]);
  } catch (...) {
    return std::nullopt;
  }
  return owner;
}

ATTEST_INLINE std::optional<unsigned long long> ProcessStartTicks(long pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return std::nullopt;
  const std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // The command name (field 2) may hold spaces and parentheses: count after the last ')'.
  const auto close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  const auto fields = detail::SplitOn(text.substr(close + 2), ' ');
  // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
  if (fields.size() < 20 || !detail::AllDigits(fields[19])) return std::nullopt;
  return std::stoull(fields[19]);
}

ATTEST_INLINE Owner CurrentOwner() {
  Owner me;
  char host[HOST_NAME_MAX + 1] = {};
  if (::gethostname(host, sizeof host - 1) == 0) me.host = host;
  if (me.host.empty()) me.host = "unknown-host";
  for (char& c : me.host) {
    if (c == '/') c = '_';
  }
  std::ifstream boot("/proc/sys/kernel/random/boot_id");
  std::string boot_id;
  if (boot >> boot_id) me.boot = boot_id.substr(0, 8);
  char link[128] = {};
  const auto n = ::readlink("/proc/self/ns/pid", link, sizeof link - 1);
  if (n > 0) {
    const std::string text(link, static_cast<std::size_t>(n));  // "pid:[4026531836]"
    const auto open = text.find('[');
    const auto close = text.find(']');
    if (open != std::string::npos && close != std::string::npos && close > open) {
      me.pid_namespace = text.substr(open + 1, close - open - 1);
    }
  }
  me.pid = static_cast<long>(::getpid());
  me.start_ticks = ProcessStartTicks(me.pid).value_or(0);
  return me;
}

ATTEST_INLINE OwnerState JudgeOwner(const Owner& owner, const Owner& me,
                                    const std::function<std::optional<unsigned long long>(long)>& start_of) {
  if (owner.host != me.host || owner.boot.empty() || me.boot.empty()) return OwnerState::Unknown;
  if (owner.boot != me.boot) return OwnerState::Gone;  // this host rebooted since
  if (owner.pid_namespace.empty() || owner.pid_namespace != me.pid_namespace) return OwnerState::Unknown;
  if (owner.start_ticks == 0) return OwnerState::Unknown;  // its start time could not be read
  const auto start = start_of(owner.pid);
  if (!start || *start != owner.start_ticks) return OwnerState::Gone;
  return OwnerState::Alive;
}

ATTEST_INLINE std::vector<std::string> LabelArgs(const Labels& labels) {
  std::vector<std::string> args;
  for (const auto& [key, value] : labels) {
    args.push_back("--label");
    args.push_back(key + "=" + value);
  }
  return args;
}

ATTEST_INLINE std::string NewRunId() {
  std::random_device device;
  std::mt19937_64 generator((static_cast<std::uint64_t>(device()) << 32) ^ device() ^
                            static_cast<std::uint64_t>(::getpid()));
  static const char digits[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 8; ++i) id += digits[generator() % 16];
  return id;
}

}  // namespace attest::docker
