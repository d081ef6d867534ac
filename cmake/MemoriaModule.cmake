# Helpers shared by every module.

set(MEMORIA_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wcast-align -Wunused -Woverloaded-virtual -Wimplicit-fallthrough)
if(MEMORIA_WERROR)
  list(APPEND MEMORIA_WARNINGS -Werror)
endif()

function(memoria_apply_flags target)
  target_compile_options(${target} PRIVATE ${MEMORIA_WARNINGS})
  if(MEMORIA_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined
                           -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# memoria_module(NAME SOURCES a.cc b.cc DEPS other_module ... PRIVATE_DEPS lib ...)
# Defines the static library memoria_NAME with include root src/. DEPS are
# what the module's public headers use; PRIVATE_DEPS only its .cc files
# (their headers do not reach the module's users).
function(memoria_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(memoria_${name} STATIC ${ARG_SOURCES})
  target_include_directories(memoria_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(memoria_${name} PUBLIC ${ARG_DEPS})
  if(ARG_PRIVATE_DEPS)
    target_link_libraries(memoria_${name} PRIVATE ${ARG_PRIVATE_DEPS})
  endif()
  memoria_apply_flags(memoria_${name})
endfunction()

# memoria_test(NAME SOURCES a_test.cc ... DEPS memoria_x ...)
# One GoogleTest binary per module, registered with CTest.
function(memoria_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} memoria_testing GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    MEMORIA_SHARED_DATA="${MEMORIA_SHARED_DATA}"
    MEMORIA_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    MEMORIA_BINARY="$<TARGET_FILE:memoria>")
  memoria_apply_flags(${name})
  # A GTEST_SKIP is reported by ctest as "Skipped", not as passed. CMake
  # 3.25's GoogleTest module sets the same expression; it is stated here so
  # that the report does not depend on the module's version. Tests skip
  # only where shared data is missing (MEMORIA_REQUIRE_SHARED_DATA), and
  # fail instead under CI=true; `make test` also fails on any skip then.
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
    PROPERTIES TIMEOUT 600 SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]")
endfunction()
