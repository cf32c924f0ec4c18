// The definitions of attest, for programs built with ATTEST_SEPARATE_COMPILATION:
// include this first, in exactly one translation unit of the program,
//
//   // attest_impl.cpp
//   #include <attest/impl.hpp>
//
// or link the CMake target attest::compiled, which is that translation unit.
#pragma once

#ifndef ATTEST_SEPARATE_COMPILATION
#error "<attest/impl.hpp> is for programs built with ATTEST_SEPARATE_COMPILATION defined everywhere; header-only programs need nothing more than <attest/attest.hpp>"
#endif
#ifdef ATTEST_HEADER_ONLY
#error "<attest/impl.hpp> must be the first attest header of its translation unit"
#endif

#define ATTEST_IMPLEMENTATION 1
#include "attest/attest.hpp"  // IWYU pragma: export
