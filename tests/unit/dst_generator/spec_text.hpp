// A valid spec with known line numbers, and edits of single lines, so that each test
// states exactly which line it breaks and where the error must point.
#pragma once

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "check.hpp"

namespace attest::dst::gen::test {

// Line numbers are part of the tests: keep this text as it is.
inline const char* const kBaseSpec =
    "version: dst/hybrid/v1alpha1\n"                                              // 1
    "package: acme::e2e\n"                                                        // 2
    "interfaces:\n"                                                               // 3
    "  Worker:\n"                                                                 // 4
    "    methods:\n"                                                              // 5
    "      - void Claim(attest::dst::Context& ctx)\n"                             // 6
    "      - int Get(int a, int b = 2, int c = 3) const\n"                        // 7
    "  Store:\n"                                                                  // 8
    "    methods:\n"                                                              // 9
    "      - void Put(std::string key, std::map<std::string, int> value = {})\n"  // 10
    "      - void Put(std::string key, int n, int m)\n"                           // 11
    "instances:\n"                                                                // 12
    "  worker1: Worker\n"                                                         // 13
    "  store: Store\n"                                                            // 14
    "scenarios:\n"                                                                // 15
    "  - name: first\n"                                                           // 16
    "    description: the first one\n"                                            // 17
    "    steps:\n"                                                                // 18
    "      - id: s1\n"                                                            // 19
    "        parallel:\n"                                                         // 20
    "          worker1:\n"                                                        // 21
    "            - Claim(ctx)\n"                                                  // 22
    "            - Get(1)\n"                                                      // 23
    "          store:\n"                                                          // 24
    "            - Put(\"k, (v)\", {{\"a\", 1}})\n"                               // 25
    "      - id: s2\n"                                                            // 26
    "        script: |\n"                                                         // 27
    "          auto v = actors.worker1->Get(1);\n"                                // 28
    "          require::True(v >= 0);\n";                                         // 29

// kBaseSpec with some lines replaced (1-based); a replacement may hold several lines.
inline std::string Edit(const std::map<int, std::string>& edits, const std::string& base = kBaseSpec) {
  std::istringstream in(base);
  std::string out;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    const auto edit = edits.find(number);
    out += (edit == edits.end() ? line : edit->second) + "\n";
  }
  return out;
}

// Every diagnostic for `text`, formatted as attest-dst prints it (file "t.yaml").
inline std::vector<std::string> Errors(const std::string& text) {
  std::vector<std::string> lines;
  for (const Diagnostic& d : CheckSpecText(text, "t.yaml").diagnostics) {
    lines.push_back(FormatDiagnostic(d));
  }
  return lines;
}

}  // namespace attest::dst::gen::test
