// Includes every reporting header a second time in another translation unit: a
// function defined in a header without `inline` then fails the link. (The runner
// headers get the same check from the three translation units of attest_runner_tests.)
#include "attest/report/console.hpp"
#include "attest/report/detail/text.hpp"
#include "attest/report/failure_text.hpp"
#include "attest/report/junit.hpp"
#include "attest/report/multi.hpp"
