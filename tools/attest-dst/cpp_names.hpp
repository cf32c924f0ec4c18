// What counts as a C++ name: identifiers, keywords, namespaces. The generator turns spec
// names into class, member and namespace names, so a name the compiler would reject must
// be caught here with a message that points at the spec, not at the generated header.
#pragma once

#include <string>
#include <string_view>

namespace attest::dst::gen {

// [A-Za-z_][A-Za-z0-9_]*  (no universal character names: spec names are ASCII).
bool IsIdentifier(std::string_view text);

// One of the C++20 keywords or alternative tokens (`and`, `xor`, ...), which can never
// be used as a name. Contextual words (`override`, `final`, `import`, `module`) are not.
bool IsKeyword(std::string_view text);

// Why `text` cannot be a namespace name such as "acme::e2e", or empty when it can.
// Every part between "::" must be an identifier and not a keyword.
std::string NamespaceProblem(std::string_view text);

}  // namespace attest::dst::gen
