# Finds attest's dependencies: an installed package first, FetchContent second, so an
# offline build never needs the network.
#
# cpp-httplib is special: Debian ships the split build (httplib.h declares, the code
# lives in libcpp-httplib.so) with a pkg-config file and no CMake package, and the
# library's compile definitions (CPPHTTPLIB_OPENSSL_SUPPORT, ...) change its class
# layout, so they must reach every user. attest::httplib hides which flavour was found.
include_guard(GLOBAL)

macro(attest_find_httplib)
  if(NOT TARGET attest::httplib)
    find_package(httplib CONFIG QUIET)
    if(TARGET httplib::httplib)
      add_library(attest::httplib INTERFACE IMPORTED)
      set_target_properties(attest::httplib PROPERTIES INTERFACE_LINK_LIBRARIES httplib::httplib)
    else()
      find_package(PkgConfig QUIET)
      if(PKG_CONFIG_FOUND)
        pkg_check_modules(ATTEST_CPP_HTTPLIB QUIET IMPORTED_TARGET GLOBAL cpp-httplib)
      endif()
      if(TARGET PkgConfig::ATTEST_CPP_HTTPLIB)
        add_library(attest::httplib INTERFACE IMPORTED)
        set_target_properties(attest::httplib PROPERTIES
          INTERFACE_LINK_LIBRARIES PkgConfig::ATTEST_CPP_HTTPLIB)
      endif()
    endif()
  endif()
endmacro()

# Without cpp-httplib attest still works; only attest/testing/server.hpp needs it. An
# empty attest::httplib keeps attest::attest's link interface the same either way.
macro(attest_httplib_placeholder)
  message(STATUS "attest: cpp-httplib not found; attest/testing/server.hpp will not be usable")
  add_library(attest::httplib INTERFACE IMPORTED)
endmacro()

macro(attest_find_dependencies)
  find_package(Threads REQUIRED)
  include(FetchContent)
  attest_find_httplib()
  if(NOT TARGET attest::httplib AND NOT ATTEST_BUILD_TESTS AND NOT ATTEST_BUILD_EXAMPLES AND NOT ATTEST_BUILD_BENCH)
    # Only attest/testing/server.hpp needs cpp-httplib: attest itself speaks HTTP alone.
    attest_httplib_placeholder()
  elseif(NOT TARGET attest::httplib)
    message(STATUS "attest: cpp-httplib not installed, fetching it (attest's tests and examples use it)")
    FetchContent_Declare(httplib
      GIT_REPOSITORY https://github.com/yhirose/cpp-httplib.git GIT_TAG v0.11.4)
    FetchContent_MakeAvailable(httplib)
    add_library(attest::httplib INTERFACE IMPORTED)
    set_target_properties(attest::httplib PROPERTIES INTERFACE_LINK_LIBRARIES httplib::httplib)
  endif()
  find_package(nlohmann_json 3.10 QUIET CONFIG)
  if(NOT TARGET nlohmann_json::nlohmann_json)
    message(STATUS "attest: nlohmann_json not installed, fetching it")
    FetchContent_Declare(nlohmann_json
      URL https://github.com/nlohmann/json/releases/download/v3.11.2/json.tar.xz)
    FetchContent_MakeAvailable(nlohmann_json)
  endif()
endmacro()
