// The names the generated header defines in the spec's namespace next to the interfaces:
// the one list the emitter writes them from and validation reserves them by. An
// interface called like one of them would make the header ill-formed, so validation
// reports it against the spec instead of leaving it to the compiler.
#pragma once

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace attest::dst::gen {

inline constexpr std::string_view kActorsName = "Actors";                  // struct
inline constexpr std::string_view kValidateActorsName = "ValidateActors";  // function
inline constexpr std::string_view kScenarioTableName = "kScenarios";       // table
inline constexpr std::string_view kRunAllName = "RunAll";
inline constexpr std::string_view kRunAllWithReportName = "RunAllWithReport";
inline constexpr std::string_view kMainName = "Main";

// Sorted as messages list them.
inline constexpr std::array<std::string_view, 6> kGeneratedNames = {
    kActorsName, kMainName, kRunAllName, kRunAllWithReportName, kValidateActorsName, kScenarioTableName};

inline bool IsGeneratedName(std::string_view name) {
  return std::find(kGeneratedNames.begin(), kGeneratedNames.end(), name) != kGeneratedNames.end();
}

// "Actors, Main, RunAll, RunAllWithReport, ValidateActors and kScenarios".
inline std::string GeneratedNamesText() {
  std::string text;
  for (std::size_t i = 0; i < kGeneratedNames.size(); ++i) {
    if (i > 0) text += i + 1 == kGeneratedNames.size() ? " and " : ", ";
    text += kGeneratedNames[i];
  }
  return text;
}

}  // namespace attest::dst::gen
