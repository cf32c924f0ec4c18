// The definitions of attest, for programs built with ATTEST_SEPARATE_COMPILATION:
// include this first, in exactly one translation unit of the program,
//
//   // attest_impl.cpp
//   #include <attest/impl.hpp>
//
// or link the CMake target attest::compiled, which is that translation unit. In a
// header-only program (the default) it is the same as <attest/attest.hpp>.
#pragma once

#if defined(ATTEST_SEPARATE_COMPILATION) && defined(ATTEST_HEADER_ONLY)
#error "<attest/impl.hpp> must be the first attest header of its translation unit"
#endif

#define ATTEST_IMPLEMENTATION 1
#include "attest/attest.hpp"    // IWYU pragma: export
#include "attest/dst/main.hpp"  // the generated scenario Main's command line
