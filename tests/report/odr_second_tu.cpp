// Includes every reporting and runner header a second time in another translation
// unit: a function defined in a header without `inline` then fails the link.
#include "attest/report/console.hpp"
#include "attest/report/detail/text.hpp"
#include "attest/report/failure_text.hpp"
#include "attest/report/junit.hpp"
#include "attest/report/multi.hpp"
