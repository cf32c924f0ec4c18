// The definitions of the fault headers for attest_faults_compiled_tests, compiled once as
// <attest/impl.hpp> does for a whole program built with ATTEST_SEPARATE_COMPILATION
// (limited here to the fault headers, so the check stays fast).
#define ATTEST_IMPLEMENTATION 1
#include "attest/cluster/faults/netem.hpp"
#include "attest/cluster/faults/network_control.hpp"
#include "attest/cluster/faults/partition_plan.hpp"

static_assert(ATTEST_HEADER_ONLY, "the definitions unit must see the definitions");
