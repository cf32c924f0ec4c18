// Definitions of cluster/docker/network_faults.hpp.
#pragma once

#include "attest/cluster/docker/network_faults.hpp"

#include <optional>

#include "attest/cluster/docker/image.hpp"
#include "attest/error.hpp"
#include "attest/process/command.hpp"

namespace attest::docker {

namespace detail {

inline constexpr const char* kNodeDevice = "eth0";  // the node's one network interface

ATTEST_INLINE std::optional<std::string> FindHostTool(const std::string& name) {
  if (auto found = process::FindProgram(name)) return found;
  for (const char* dir : {"/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/"}) {
    if (auto found = process::FindProgram(dir + name)) return found;
  }
  return std::nullopt;
}

ATTEST_INLINE std::string ImpairmentsText(const std::vector<Impairment>& impairments) {
  std::string text;
  for (const auto& impairment : impairments) text += (text.empty() ? "" : ", ") + impairment.Describe();
  return text;
}

}  // namespace detail

ATTEST_INLINE std::string NodeFaults::Describe() const {
  std::string text;
  if (HasCut()) {
    text += "drops";
    for (const auto& address : drop_ipv4) text += " " + address;
    for (const auto& address : drop_ipv6) text += " " + address;
  }
  if (!impairments.empty()) text += (text.empty() ? "" : "; ") + detail::ImpairmentsText(impairments);
  return text;
}

namespace detail {

ATTEST_INLINE faults::NetworkControlFacts ControlFacts(const NetworkFacts& facts) {
  faults::NetworkControlFacts control;
  control.root_on_engine_host = facts.root_on_engine_host;
  control.host_has_tools = true;
  for (const auto& tool : faults::NsenterHostTools())
    control.host_has_tools = control.host_has_tools && FindHostTool(tool);
  // The helper image is packed from this host's iptables and tc.
  control.helper_image_available = true;
  for (const char* tool : {"iptables-restore", "ip6tables-restore", "tc"}) {
    control.helper_image_available = control.helper_image_available && FindHostTool(tool);
  }
  return control;
}

}  // namespace detail

ATTEST_INLINE NetworkFaults::NetworkFaults(const Cli& cli, NetworkControl requested,
                                           const NetworkFacts& facts, Labels labels)
    : cli_(cli), labels_(std::move(labels)) {
  way_ = faults::ChooseNetworkControl(requested, detail::ControlFacts(facts));
}

ATTEST_INLINE bool NetworkFaults::NodesNeedNetAdmin(NetworkControl requested, const NetworkFacts& facts) {
  try {
    return faults::ChooseNetworkControl(requested, detail::ControlFacts(facts)) == NetworkControl::Exec;
  } catch (...) {
    return false;  // a forced way that cannot work here fails at the first fault, with its reason
  }
}

ATTEST_INLINE std::string NetworkFaults::WayName() const { return faults::NetworkControlName(way_); }

ATTEST_INLINE std::vector<std::string> NetworkFaults::Prefix(const FaultTarget& target) {
  std::vector<std::string> prefix;
  switch (way_) {
    case NetworkControl::Nsenter: prefix = faults::NsenterPrefix(target.pid); break;
    case NetworkControl::Helper:
      if (helper_image_.empty()) helper_image_ = EnsureHelperImage(cli_);
      prefix = faults::HelperPrefix(target.container, helper_image_, labels_);
      break;
    default: prefix = faults::ExecPrefix(target.container); break;
  }
  // The faults library writes "docker"; run the CLI this cluster uses.
  if (!prefix.empty() && prefix.front() == "docker") prefix.front() = cli_.Program();
  return prefix;
}

namespace detail {

// Runs one command per target at once; returns the outcomes in order.
ATTEST_INLINE std::vector<process::Outcome> RunEverywhere(std::vector<process::Command> commands) {
  for (auto& command : commands) {
    command.timeout = std::chrono::seconds(60);
    command.cancelled = [] { return attest::detail::ProcessInterrupted().load(std::memory_order_relaxed); };
  }
  auto outcomes = process::RunAll(commands);
  for (const auto& outcome : outcomes) {
    if (outcome.cancelled) throw Cancelled();
  }
  return outcomes;
}

ATTEST_INLINE void ThrowNotStarted(const std::string& node, const process::Outcome& outcome) {
  throw InfrastructureError("node " + node + ": cannot change its network: " + outcome.Describe() +
                                " (the tool that enters the node's network namespace is missing here)",
                            outcome.CommandLine());
}

}  // namespace detail

ATTEST_INLINE void NetworkFaults::ApplyCuts(std::vector<FaultTarget>& targets,
                                            const std::vector<faults::IpFamily>& families) {
  for (const auto family : families) ApplyCutsIn(targets, family);
}

ATTEST_INLINE void NetworkFaults::ApplyCutsIn(std::vector<FaultTarget>& targets, faults::IpFamily family) {
  const int slot = family == faults::IpFamily::V4 ? 0 : 1;
  std::vector<FaultTarget*> running;
  for (auto& target : targets) {
    if (target.pid > 0 || way_ != NetworkControl::Nsenter) running.push_back(&target);
  }
  auto commands_for = [&](const std::vector<FaultTarget*>& list, bool install) {
    std::vector<process::Command> commands;
    for (FaultTarget* target : list) {
      const faults::NodeCut cut{target->node, target->faults->drop_ipv4, target->faults->drop_ipv6};
      process::Command command;
      command.argv = Prefix(*target);
      for (const auto& arg : faults::IptablesRestoreArgs(family)) command.argv.push_back(arg);
      const bool fresh = install || !target->faults->hooks_installed[slot];
      command.input =
          faults::IptablesRestoreInput(cut, family, fresh ? faults::Hooks::Install : faults::Hooks::Existing);
      commands.push_back(std::move(command));
    }
    return commands;
  };
  auto outcomes = detail::RunEverywhere(commands_for(running, false));
  // A namespace whose hooks attest thought were there but are not: install them.
  std::vector<FaultTarget*> retry;
  for (std::size_t i = 0; i < running.size(); ++i) {
    if (!outcomes[i].Ok() && faults::IsHookMissing(outcomes[i].exit_code, outcomes[i].Output())) {
      retry.push_back(running[i]);
    }
  }
  if (!retry.empty()) {
    auto again = detail::RunEverywhere(commands_for(retry, true));
    for (std::size_t i = 0, j = 0; i < running.size() && j < retry.size(); ++i) {
      if (running[i] == retry[j]) outcomes[i] = std::move(again[j++]);
    }
  }
  for (std::size_t i = 0; i < running.size(); ++i) {
    const auto& outcome = outcomes[i];
    if (!outcome.started) detail::ThrowNotStarted(running[i]->node, outcome);
    if (!outcome.Ok()) {
      cli_.ThrowIfEngineProblem(outcome);
      throw InfrastructureError(
          faults::ExplainIptablesFailure(running[i]->node, family, outcome.exit_code, outcome.Output()),
          outcome.CommandLine(), outcome.Output());
    }
    if (running[i]->faults->HasCut()) running[i]->faults->hooks_installed[slot] = true;
  }
}

ATTEST_INLINE void NetworkFaults::ApplyImpairments(std::vector<FaultTarget>& targets,
                                                   const std::vector<Impairment>& impairments) {
  std::vector<process::Command> commands;
  for (const auto& target : targets) {
    process::Command command;
    command.argv = Prefix(target);
    for (const auto& arg : faults::NetemReplaceArgs(detail::kNodeDevice, impairments))
      command.argv.push_back(arg);
    commands.push_back(std::move(command));
  }
  const auto outcomes = detail::RunEverywhere(std::move(commands));
  std::optional<std::size_t> failed;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (!outcomes[i].Ok() && !failed) failed = i;
  }
  if (!failed) {
    for (auto& target : targets) target.faults->impairments = impairments;
    return;
  }
  // Never leave some nodes impaired when the call as a whole failed.
  std::vector<process::Command> undo;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (!outcomes[i].Ok()) continue;
    process::Command command;
    command.argv = Prefix(targets[i]);
    for (const auto& arg : faults::NetemDeleteArgs(detail::kNodeDevice)) command.argv.push_back(arg);
    undo.push_back(std::move(command));
    targets[i].faults->impairments.clear();
  }
  if (!undo.empty()) (void)process::RunAll(undo);
  const auto& outcome = outcomes[*failed];
  if (!outcome.started) detail::ThrowNotStarted(targets[*failed].node, outcome);
  cli_.ThrowIfEngineProblem(outcome);
  throw InfrastructureError(
      faults::ExplainTcFailure(targets[*failed].node, outcome.exit_code, outcome.Output()),
      outcome.CommandLine(), outcome.Output());
}

ATTEST_INLINE void NetworkFaults::RemoveImpairments(std::vector<FaultTarget>& targets) {
  std::vector<process::Command> commands;
  for (const auto& target : targets) {
    process::Command command;
    command.argv = Prefix(target);
    for (const auto& arg : faults::NetemDeleteArgs(detail::kNodeDevice)) command.argv.push_back(arg);
    commands.push_back(std::move(command));
  }
  const auto outcomes = detail::RunEverywhere(std::move(commands));
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const auto& outcome = outcomes[i];
    if (outcome.Ok() || (outcome.started && faults::IsNothingToDelete(outcome.exit_code, outcome.Output()))) {
      targets[i].faults->impairments.clear();
      continue;
    }
    if (!outcome.started) detail::ThrowNotStarted(targets[i].node, outcome);
    cli_.ThrowIfEngineProblem(outcome);
    throw InfrastructureError(faults::ExplainTcFailure(targets[i].node, outcome.exit_code, outcome.Output()),
                              outcome.CommandLine(), outcome.Output());
  }
}

ATTEST_INLINE void NetworkFaults::Reapply(std::vector<FaultTarget>& targets,
                                          const std::vector<faults::IpFamily>& families) {
  std::vector<FaultTarget> cut;
  for (auto& target : targets) {
    if (target.faults->HasCut()) cut.push_back(target);
  }
  if (!cut.empty()) ApplyCuts(cut, families);
  for (auto& target : targets) {
    if (target.faults->impairments.empty()) continue;
    std::vector<FaultTarget> one{target};
    const auto impairments = target.faults->impairments;
    ApplyImpairments(one, impairments);
  }
}

}  // namespace attest::docker
