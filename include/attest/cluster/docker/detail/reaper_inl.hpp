// Definitions of cluster/docker/reaper.hpp.
#pragma once

#include "attest/cluster/docker/reaper.hpp"

#include <algorithm>
#include <set>

#include "attest/cluster/docker/detail/labels_inl.hpp"

namespace attest::docker {

namespace detail {

ATTEST_INLINE std::vector<std::string> OutputLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

}  // namespace detail

ATTEST_INLINE std::vector<std::string> ListArgs(LabelledResource::Kind kind, const std::string& filter) {
  const std::string fields = std::string("\t{{.Label \"") + kRunLabel + "\"}}\t{{.Label \"" + kOwnerLabel +
                             "\"}}\t{{.Label \"" + kKeepLabel + "\"}}";
  switch (kind) {
    case LabelledResource::Kind::Container:
      return {"ps", "-a", "--no-trunc", "--filter", "label=" + filter, "--format", "{{.ID}}" + fields};
    case LabelledResource::Kind::Network:
      return {"network", "ls", "--filter", "label=" + filter, "--format", "{{.Name}}" + fields};
    case LabelledResource::Kind::Volume:
      return {"volume", "ls", "--filter", "label=" + filter, "--format", "{{.Name}}" + fields};
  }
  return {};
}

ATTEST_INLINE std::vector<LabelledResource> ParseResourceList(LabelledResource::Kind kind,
                                                              const std::string& output) {
  std::vector<LabelledResource> resources;
  for (const auto& line : detail::OutputLines(output)) {
    const auto fields = detail::SplitOn(line, '\t');
    if (fields.empty() || fields[0].empty()) continue;
    LabelledResource resource;
    resource.kind = kind;
    resource.id = fields[0];
    if (fields.size() > 1) resource.run = fields[1];
    if (fields.size() > 2) resource.owner = fields[2];
    if (fields.size() > 3)
      resource.keep = !fields[3].empty() && fields[3] != "<no value>" && fields[3] != "0";
    if (resource.run == "<no value>") resource.run.clear();
    if (resource.owner == "<no value>") resource.owner.clear();
    resources.push_back(std::move(resource));
  }
  return resources;
}

ATTEST_INLINE std::vector<std::string> AbandonedRuns(
    const std::vector<LabelledResource>& resources,
    const std::function<OwnerState(const std::string& owner_label)>& judge) {
  std::set<std::string> kept, gone;
  for (const auto& resource : resources) {
    if (resource.run.empty()) continue;
    if (resource.keep) {
      kept.insert(resource.run);
      continue;
    }
    if (judge(resource.owner) == OwnerState::Gone) gone.insert(resource.run);
  }
  std::vector<std::string> runs;
  for (const auto& run : gone) {
    if (kept.count(run) == 0) runs.push_back(run);
  }
  return runs;
}

ATTEST_INLINE std::vector<LabelledResource> ListLabelled(const Cli& cli, const std::string& run) {
  const std::string filter = run.empty() ? std::string(kRunLabel) : std::string(kRunLabel) + "=" + run;
  std::vector<LabelledResource> all;
  for (auto kind :
       {LabelledResource::Kind::Container, LabelledResource::Kind::Network, LabelledResource::Kind::Volume}) {
    const std::string out = cli.Check(ListArgs(kind, filter), "listing attest's Docker resources");
    auto some = ParseResourceList(kind, out);
    all.insert(all.end(), some.begin(), some.end());
  }
  return all;
}

ATTEST_INLINE std::vector<std::string> RemoveRun(const Cli& cli, const std::string& run,
                                                 std::chrono::milliseconds budget,
                                                 const std::atomic<bool>* stop) {
  std::vector<std::string> problems;
  if (run.empty()) return problems;
  const auto deadline = std::chrono::steady_clock::now() + budget;
  auto options = [&] {
    Cli::Options o;
    o.cancellable = false;
    o.stop = stop;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    o.timeout = std::max(left, std::chrono::milliseconds(2000));
    return o;
  };
  const std::string filter = std::string(kRunLabel) + "=" + run;
  auto remove = [&](LabelledResource::Kind kind, std::vector<std::string> command, const char* what) {
    const process::Outcome listed = cli.Run(ListArgs(kind, filter), options());
    if (!listed.Ok()) {
      problems.push_back(std::string("listing the ") + what + " of run " + run + ": " + listed.Describe() +
                         ": " + listed.Output());
      return;
    }
    const auto resources = ParseResourceList(kind, listed.out);
    if (resources.empty()) return;
    for (const auto& resource : resources) command.push_back(resource.id);
    const process::Outcome removed = cli.Run(command, options());
    if (!removed.Ok()) {
      problems.push_back(std::string("removing the ") + what + " of run " + run + " (" +
                         process::QuoteCommandLine(removed.argv) + "): " + removed.Describe() + ": " +
                         removed.Output());
    }
  };
  remove(LabelledResource::Kind::Container, {"rm", "-f", "-v"}, "containers");
  remove(LabelledResource::Kind::Network, {"network", "rm"}, "networks");
  remove(LabelledResource::Kind::Volume, {"volume", "rm", "-f"}, "volumes");
  return problems;
}

ATTEST_INLINE std::vector<std::string> ReapAbandonedRuns(const Cli& cli, const Owner& me,
                                                         const std::atomic<bool>* stop) {
  try {
    const auto resources = ListLabelled(cli);
    if (stop != nullptr && stop->load()) return {};
    const auto runs = AbandonedRuns(resources, [&](const std::string& label) {
      const auto owner = Owner::Parse(label);
      return owner ? JudgeOwner(*owner, me, ProcessStartTicks) : OwnerState::Unknown;
    });
    // All of it within about 20 seconds, whatever there is.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    std::vector<std::string> reaped;
    for (const auto& run : runs) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || (stop != nullptr && stop->load())) break;
      (void)RemoveRun(cli, run, left, stop);
      reaped.push_back(run);
    }
    return reaped;
  } catch (...) {
    return {};  // reaping is a courtesy: a run must not fail because of it
  }
}

}  // namespace attest::docker
