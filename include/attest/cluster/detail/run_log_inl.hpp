// Definitions of cluster/run_log.hpp.
#pragma once

#include "attest/cluster/run_log.hpp"
#include "attest/detail/strings.hpp"

#include <dirent.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <ostream>

namespace attest {

namespace detail {

// Splits "<time> <text>" when the line starts with a timestamp.
ATTEST_INLINE bool SplitRunLogLine(const std::string& line, std::string& time, std::string& text) {
  const auto space = line.find(' ');
  if (space == std::string::npos) {
    time = NormaliseRunLogTimestamp(line);
    text.clear();
    return !time.empty();
  }
  time = NormaliseRunLogTimestamp(line.substr(0, space));
  if (time.empty()) return false;
  text = line.substr(space + 1);
  return true;
}

ATTEST_INLINE void ReadRunLogFile(const std::string& path, const std::string& source,
                                  std::vector<RunLogLine>& lines) {
  std::ifstream in(path);
  std::string last_time = "0000-00-00T00:00:00.000000000Z";
  for (std::string line; std::getline(in, line);) {
    RunLogLine entry;
    entry.source = source;
    if (!SplitRunLogLine(line, entry.time, entry.text)) {
      entry.time = last_time;  // a line without a time belongs with the one before
      entry.text = line;
    }
    last_time = entry.time;
    lines.push_back(std::move(entry));
  }
}

ATTEST_INLINE std::vector<std::string> NodeLogNames(const std::string& directory) {
  std::vector<std::string> nodes;
  DIR* dir = ::opendir(directory.c_str());
  if (dir == nullptr) return nodes;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".log") == 0 && name != kRunEventsFile) {
      nodes.push_back(name.substr(0, name.size() - 4));
    }
  }
  ::closedir(dir);
  std::sort(nodes.begin(), nodes.end());
  return nodes;
}

}  // namespace detail

ATTEST_INLINE std::string RunLogTimestamp(std::chrono::system_clock::time_point time) {
  const auto since_epoch = time.time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch - seconds).count();
  if (nanos < 0) nanos = 0;
  const time_t t = static_cast<time_t>(seconds.count());
  tm utc{};
  ::gmtime_r(&t, &utc);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%09lldZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<long long>(nanos));
  return text;
}

ATTEST_INLINE std::string NormaliseRunLogTimestamp(const std::string& text) {
  // YYYY-MM-DDTHH:MM:SS[.fraction]Z
  if (text.size() < 20 || text.back() != 'Z' || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':') {
    return "";
  }
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
    if (text[i] < '0' || text[i] > '9') return "";
  }
  std::string fraction;
  if (text.size() > 20) {
    if (text[19] != '.') return "";
    fraction = text.substr(20, text.size() - 21);
    if (fraction.empty() || fraction.size() > 9 ||
        fraction.find_first_not_of("0123456789") != std::string::npos) {
      return "";
    }
  } else if (text[19] != 'Z') {
    return "";
  }
  fraction.append(9 - fraction.size(), '0');
  return text.substr(0, 19) + "." + fraction + "Z";
}

ATTEST_INLINE std::vector<RunLogLine> ReadRunLog(const std::string& directory,
                                                 const std::vector<std::string>& nodes) {
  std::vector<RunLogLine> lines;
  detail::ReadRunLogFile(directory + "/" + kRunEventsFile, "", lines);
  for (const auto& node : nodes.empty() ? detail::NodeLogNames(directory) : nodes) {
    detail::ReadRunLogFile(directory + "/" + node + ".log", node, lines);
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const RunLogLine& a, const RunLogLine& b) { return a.time < b.time; });
  return lines;
}

ATTEST_INLINE void PrintRunLog(std::ostream& out, const std::string& directory,
                               const std::vector<std::string>& nodes, std::size_t last_lines) {
  // A misspelt node name would otherwise just show the events and look like silence.
  // Only a named selection can be misspelt: the whole run needs no directory listing.
  std::vector<std::string> missing;
  const std::vector<std::string> logged =
      nodes.empty() ? std::vector<std::string>{} : detail::NodeLogNames(directory);
  for (const auto& node : nodes) {
    if (std::find(logged.begin(), logged.end(), node) == logged.end()) missing.push_back(node);
  }
  if (!missing.empty()) {
    out << "(no log of " << detail::Join(missing, ", ") << " in " << directory
        << "; the nodes that have one: "
        << (logged.empty() ? std::string("none") : detail::Join(logged, ", ")) << ")\n";
  }
  const auto lines = ReadRunLog(directory, nodes);
  if (lines.empty()) {
    out << "(no node output or events in " << directory << ")\n";
    return;
  }
  std::size_t width = 4;
  for (const auto& line : lines) width = std::max(width, line.source.size());
  const std::size_t first = last_lines != 0 && lines.size() > last_lines ? lines.size() - last_lines : 0;
  if (first > 0) out << "(" << first << " earlier lines in " << directory << ")\n";
  for (std::size_t i = first; i < lines.size(); ++i) {
    const auto& line = lines[i];
    // "2026-05-07T21:09:36.123456789Z" -> "21:09:36.123"
    const std::string clock = line.time.substr(11, 12);
    const std::string source = line.source.empty() ? std::string(width, '=') : line.source;
    out << clock << "  " << source << std::string(width - source.size() + 2, ' ') << line.text << '\n';
  }
}

ATTEST_INLINE std::vector<std::string> RunLogTail(const std::string& directory, const std::string& node,
                                                  std::size_t lines) {
  std::vector<std::string> tail;
  if (lines == 0) return tail;
  std::ifstream in(directory + "/" + node + ".log", std::ios::binary);
  if (!in) return tail;
  // Read backwards in blocks until enough newlines are seen: logs can be large.
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  std::string chunk;
  std::streamoff position = size;
  std::size_t newlines = 0;
  while (position > 0 && newlines <= lines) {
    const std::streamoff step = std::min<std::streamoff>(position, 65536);
    position -= step;
    std::string block(static_cast<std::size_t>(step), '\0');
    in.seekg(position);
    in.read(block.data(), step);
    newlines += static_cast<std::size_t>(std::count(block.begin(), block.end(), '\n'));
    chunk.insert(0, block);
  }
  std::vector<std::string> all;
  std::size_t start = 0;
  while (start < chunk.size()) {
    auto end = chunk.find('\n', start);
    if (end == std::string::npos) end = chunk.size();
    all.push_back(chunk.substr(start, end - start));
    start = end + 1;
  }
  if (position > 0 && !all.empty()) all.erase(all.begin());  // a partial first line
  const std::size_t from = all.size() > lines ? all.size() - lines : 0;
  for (std::size_t i = from; i < all.size(); ++i) {
    std::string time, text;
    tail.push_back(detail::SplitRunLogLine(all[i], time, text) ? text : all[i]);
  }
  return tail;
}

}  // namespace attest
