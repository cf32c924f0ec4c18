// Writing the generated header so that builds stay incremental and never see half a file.
#pragma once

#include <string>

namespace attest::dst::gen {

enum class WriteOutcome { kWritten, kUnchanged };

// Leaves `path` alone (contents and timestamp) when it already holds exactly `content`,
// so that re-running the generator does not make the build recompile what includes it.
// Otherwise writes a temporary file next to it and renames it over `path`: a reader sees
// the old or the new header, never a partial one. Creates missing parent directories.
// Throws std::runtime_error naming the path and the reason when it cannot.
WriteOutcome WriteFileIfChanged(const std::string& path, const std::string& content);

}  // namespace attest::dst::gen
