// Fuzzes the attest-dst scenario spec loader and validator (tools/attest-dst: load.cpp,
// validate.cpp, through check.hpp), and the emitter for specs that pass.
//
// Input: the text of a spec file, arbitrary bytes. Every problem must come back as a
// diagnostic; nothing may throw, except GenerateHeader's documented
// std::invalid_argument for names that would collide in the generated code.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "check.hpp"
#include "emit.hpp"
#include "harness.hpp"

using attest::fuzz::RequireInvariant;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto checked = attest::dst::gen::CheckSpecText(attest::fuzz::AsText(data, size), "fuzz.yaml");
  const std::string text = attest::dst::gen::FormatDiagnostics(checked.diagnostics);
  RequireInvariant(checked.Ok() == text.empty(), "a spec with diagnostics prints them");
  if (!checked.Ok()) return 0;
  try {
    const std::string header = attest::dst::gen::GenerateHeader(
        checked.spec, attest::dst::gen::EmitOptions{{}, "fuzz.yaml", "fuzz.hpp"});
    RequireInvariant(!header.empty(), "a valid spec generates a header");
  } catch (const std::invalid_argument&) {
    // Generated names that would collide: documented, and reported by the CLI.
  }
  return 0;
}
