// Definitions of cluster/docker/ldd.hpp.
#pragma once

#include "attest/cluster/docker/ldd.hpp"

#include <algorithm>
#include <sstream>

namespace attest::docker {

ATTEST_INLINE SharedLibraries ParseLdd(const std::string& output) {
  SharedLibraries result;
  auto add = [&](const std::string& path) {
    if (std::find(result.paths.begin(), result.paths.end(), path) == result.paths.end())
      result.paths.push_back(path);
  };
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    line = line.substr(first);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (line == "statically linked" || line == "not a dynamic executable") {
      result.is_static = true;
      continue;
    }
    // Drop the load address: "... (0x00007f...)".
    const auto paren = line.rfind(" (0x");
    const std::string entry = paren == std::string::npos ? line : line.substr(0, paren);
    const auto arrow = entry.find(" => ");
    if (arrow == std::string::npos) {
      if (!entry.empty() && entry.front() == '/') {  // the loader, named by its path
        result.interpreter = entry;
        add(entry);
      }
      continue;  // linux-vdso.so.1 and the like: provided by the kernel
    }
    const std::string name = entry.substr(0, arrow);
    const std::string target = entry.substr(arrow + 4);
    if (target == "not found") {
      result.missing.push_back(name);
    } else if (!target.empty() && target.front() == '/') {
      add(target);
    }
  }
  return result;
}

}  // namespace attest::docker
