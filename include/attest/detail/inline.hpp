// How attest's definitions are compiled.
//
// Header-only (the default): every header brings its definitions, marked inline, and
// nothing else is needed.
//
// Compiled once: define ATTEST_SEPARATE_COMPILATION for the whole program (the CMake
// target attest::compiled does it). Headers then only declare, and the definitions are
// compiled in one translation unit that includes <attest/impl.hpp> first (the
// attest::compiled library is that translation unit). A suite file then costs little
// more than the DSL's declarations.
//
// A header with heavy definitions ends with
//   #if ATTEST_HEADER_ONLY
//   #include "attest/<dir>/detail/<name>_inl.hpp"
//   #endif
// and its _inl.hpp marks each definition ATTEST_INLINE.
#pragma once

#if defined(ATTEST_SEPARATE_COMPILATION) && !defined(ATTEST_IMPLEMENTATION)
#define ATTEST_HEADER_ONLY 0
#else
#define ATTEST_HEADER_ONLY 1
#endif

#if defined(ATTEST_SEPARATE_COMPILATION)
#define ATTEST_INLINE
#else
#define ATTEST_INLINE inline
#endif
