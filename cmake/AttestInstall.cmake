# Install rules and the exported package, so that find_package(attest CONFIG) works
# from an installed prefix.
include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(ATTEST_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/attest" CACHE STRING
  "Where attestConfig.cmake is installed")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/attest" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
# INCLUDES DESTINATION puts the installed include directory on the exported target.
# The $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}> in CMakeLists.txt cannot: it is
# expanded before GNUInstallDirs is included here, so it is empty and dropped.
install(TARGETS attest attest_compiled EXPORT attestTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(EXPORT attestTargets NAMESPACE attest:: DESTINATION "${ATTEST_INSTALL_CMAKEDIR}")

configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/attestConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/attestConfig.cmake"
  INSTALL_DESTINATION "${ATTEST_INSTALL_CMAKEDIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/attestConfigVersion.cmake"
  COMPATIBILITY SameMajorVersion)  # not ARCH_INDEPENDENT: attest::compiled is a library

set(_attest_cmake_modules "${PROJECT_SOURCE_DIR}/cmake/AttestDependencies.cmake")
if(EXISTS "${PROJECT_SOURCE_DIR}/cmake/AttestDstGenerate.cmake")
  list(APPEND _attest_cmake_modules "${PROJECT_SOURCE_DIR}/cmake/AttestDstGenerate.cmake")
endif()
install(FILES
  "${PROJECT_BINARY_DIR}/attestConfig.cmake"
  "${PROJECT_BINARY_DIR}/attestConfigVersion.cmake"
  ${_attest_cmake_modules}
  DESTINATION "${ATTEST_INSTALL_CMAKEDIR}")
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/attest"
  OPTIONAL)
