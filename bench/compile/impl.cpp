// The one translation unit that holds attest's definitions in separate compilation
// (what the attest::compiled library compiles), measured once per program.
#include <attest/impl.hpp>
