// attest's definitions, compiled once: the source of the attest::compiled library.
// Programs that link it are built with ATTEST_SEPARATE_COMPILATION, so their suite
// files only parse declarations.
#include "attest/impl.hpp"
