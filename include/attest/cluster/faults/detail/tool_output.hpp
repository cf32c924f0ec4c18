// Small text helpers shared by the fault layer's failure explanations: what a failed
// tool printed, recognised and quoted. Internal (attest::faults::detail).
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace attest::faults::detail {

inline bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// The tool's output, trimmed and cut to `limit` characters, for a message. A tool that
// printed nothing is said to have printed nothing (an empty quote reads like a bug).
inline std::string QuotedOutput(std::string_view output, std::size_t limit = 1500) {
  std::size_t begin = 0;
  std::size_t end = output.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(output[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(output[end - 1]))) --end;
  if (begin == end) return "(no output)";
  std::string text(output.substr(begin, end - begin));
  if (text.size() > limit) {
    // Cut on a UTF-8 character boundary: continuation bytes are 10xxxxxx.
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    text += " [...]";
  }
  return "\"" + text + "\"";
}

// The program itself could not be started where the command ran: docker exec's
// "executable file not found in $PATH" (exit 126/127), nsenter's "failed to execute",
// a shell's "not found" (127).
inline bool IsProgramMissing(int exit_code, std::string_view output) {
  return Contains(output, "executable file not found") || Contains(output, "failed to execute") ||
         (exit_code == 127 && (Contains(output, "not found") || Contains(output, "No such file")));
}

// The command ran without the rights to change the network namespace (no root, or no
// CAP_NET_ADMIN in the namespace's owning user namespace).
inline bool IsPermissionDenied(std::string_view output) {
  return Contains(output, "Operation not permitted") || Contains(output, "Permission denied") ||
         Contains(output, "you must be root");
}

}  // namespace attest::faults::detail
