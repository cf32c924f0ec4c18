// Definitions for netem.hpp.
#pragma once

#include "attest/cluster/faults/netem.hpp"

#include <charconv>
#include <string>
#include <system_error>
#include <vector>

#include "attest/cluster/faults/detail/tool_output.hpp"
#include "attest/error.hpp"

namespace attest::faults {
namespace detail {

// Every Delay, Loss and Reorder gets this correlation, as impairment.hpp promises.
inline constexpr const char* kNetemCorrelation = "25%";

ATTEST_INLINE void CheckDevice(const char* where, const std::string& device) {
  constexpr std::size_t kMaxDeviceName = 15;  // IFNAMSIZ - 1
  bool ok = !device.empty() && device.size() <= kMaxDeviceName;
  for (const char c : device) {
    if (c == '/' || c == ':' || static_cast<unsigned char>(c) <= ' ' || c == 0x7f) ok = false;
  }
  if (!ok) {
    throw UsageError(std::string(where) + ": \"" + device +
                     "\" is not a network device name (1 to 15 characters, no '/', ':' or white space)");
  }
}

// The shortest decimal that reads back as `percent`, without an exponent: tc reads it
// with strtod, and a message shows the same text.
ATTEST_INLINE std::string NetemPercent(double percent) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, percent, std::chars_format::fixed);
  if (result.ec != std::errc()) return attest::detail::PercentText(percent);  // cannot happen for (0, 100]
  return std::string(buffer, result.ptr) + "%";
}

ATTEST_INLINE std::vector<std::string> TcQdiscArgs(const char* verb, const std::string& device) {
  return {"tc", "qdisc", verb, "dev", device};
}

}  // namespace detail

ATTEST_INLINE std::vector<std::string> NetemReplaceArgs(const std::string& device,
                                                        const std::vector<Impairment>& impairments) {
  detail::CheckDevice("NetemReplaceArgs", device);
  ValidateImpairments(impairments);
  std::vector<std::string> args = detail::TcQdiscArgs("replace", device);
  args.insert(args.end(), {"root", "netem"});
  // A fixed order, so the same impairments always give the same command.
  for (const Impairment::Kind kind : {Impairment::Kind::Delay, Impairment::Kind::Loss,
                                      Impairment::Kind::Duplicate, Impairment::Kind::Reorder}) {
    for (const Impairment& impairment : impairments) {
      if (impairment.kind != kind) continue;
      switch (kind) {
        case Impairment::Kind::Delay:
          args.insert(args.end(), {"delay", attest::detail::MicrosecondsText(impairment.delay)});
          if (impairment.jitter.count() > 0) {
            args.insert(args.end(), {attest::detail::MicrosecondsText(impairment.jitter),
                                     detail::kNetemCorrelation, "distribution", "normal"});
          }
          break;
        case Impairment::Kind::Loss:
          args.insert(args.end(),
                      {"loss", detail::NetemPercent(impairment.percent), detail::kNetemCorrelation});
          break;
        case Impairment::Kind::Duplicate:
          args.insert(args.end(), {"duplicate", detail::NetemPercent(impairment.percent)});
          break;
        case Impairment::Kind::Reorder:
          args.insert(args.end(),
                      {"reorder", detail::NetemPercent(impairment.percent), detail::kNetemCorrelation});
          break;
      }
    }
  }
  return args;
}

ATTEST_INLINE std::vector<std::string> NetemDeleteArgs(const std::string& device) {
  detail::CheckDevice("NetemDeleteArgs", device);
  std::vector<std::string> args = detail::TcQdiscArgs("del", device);
  args.push_back("root");
  return args;
}

ATTEST_INLINE std::vector<std::string> NetemShowArgs(const std::string& device) {
  detail::CheckDevice("NetemShowArgs", device);
  return detail::TcQdiscArgs("show", device);
}

ATTEST_INLINE bool IsNothingToDelete(int exit_code, const std::string& output) {
  if (exit_code == 0) return false;
  return detail::Contains(output, "Cannot delete qdisc with handle of zero") ||
         detail::Contains(output, "RTNETLINK answers: No such file or directory");
}

ATTEST_INLINE bool IsNetemMissing(int exit_code, const std::string& output) {
  if (exit_code == 0) return false;
  return detail::Contains(output, "Specified qdisc kind is unknown") ||
         detail::Contains(output, "Unknown qdisc \"netem\"");
}

ATTEST_INLINE std::string ExplainTcFailure(const std::string& node, int exit_code,
                                           const std::string& output) {
  const std::string what = "node \"" + node + "\": tc could not change the network device's qdisc: ";
  const std::string said = "tc said " + detail::QuotedOutput(output);
  if (IsNetemMissing(exit_code, output)) {
    return "node \"" + node +
           "\": cannot impair the network: this kernel has no netem qdisc (CONFIG_NET_SCH_NETEM, the "
           "sch_netem "
           "module), so nothing was impaired (" +
           said +
           "). Delay, Loss, Duplicate and Reorder need a kernel with netem: `modprobe sch_netem` on the "
           "Docker "
           "engine's host if the module exists there, or run the suite on a host whose kernel has it.";
  }
  if (detail::IsProgramMissing(exit_code, output)) {
    return what + "tc is not available where the command ran (" + said +
           "). With NetworkControl::Exec the node's image must carry tc (iproute2); NetworkControl::Helper "
           "brings "
           "it in a helper container instead.";
  }
  if (detail::IsPermissionDenied(output)) {
    return what + "no permission to change the node's network device (" + said +
           "). tc needs CAP_NET_ADMIN in the node's network namespace: with NetworkControl::Exec the node "
           "must "
           "run with --cap-add NET_ADMIN; with NetworkControl::Nsenter the test must run as root on the "
           "engine's "
           "host.";
  }
  if (detail::Contains(output, "Cannot find device")) {
    return what + "the node has no such network device (" + said + ").";
  }
  if (detail::Contains(output, "No distribution data")) {
    return what + "tc found no distribution table (" + said +
           "); it reads normal.dist from its library directory (Debian: /usr/lib/x86_64-linux-gnu/tc/), "
           "which must "
           "be present where tc runs.";
  }
  return what + "tc failed with exit code " + std::to_string(exit_code) + " (" + said +
         "); the device keeps the qdisc it had.";
}

}  // namespace attest::faults
