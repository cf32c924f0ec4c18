// The definitions of the DST headers for attest_unit_dst_compiled_tests, compiled once as
// <attest/impl.hpp> does for a whole program built with ATTEST_SEPARATE_COMPILATION
// (limited here to the DST Main, so the check stays fast).
#define ATTEST_IMPLEMENTATION 1
#include "attest/dst/main.hpp"

static_assert(ATTEST_HEADER_ONLY, "the definitions unit must see the definitions");
