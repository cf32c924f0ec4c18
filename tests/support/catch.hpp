// Includes Catch2, v2 (Debian 12) or v3, so the tests build with either.
#pragma once
#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif
