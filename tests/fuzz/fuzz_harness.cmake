# attnviz_fuzz_harness(NAME LIBS <targets> SEEDS <folders> [MAX_LEN <bytes>])
# One libFuzzer harness: tests/fuzz/fuzz_NAME.cpp, its dictionary NAME.dict, seed folders
# (relative to the source tree) and regressions/NAME/ (minimised inputs that once failed).
#   fuzz build (ATTNVIZ_FUZZ, clang): builds fuzz_NAME and registers "fuzz: NAME", which
#       fuzzes for $FUZZ_SECONDS (`make fuzz`), and "fuzz: NAME regressions".
#   native build: registers "fuzz: NAME smoke" (a few seconds, only when it changed) and "fuzz: NAME regressions",
#       running the binary from ATTNVIZ_FUZZ_BUILD_DIR, as the web tests run from the web build.
set(ATTNVIZ_FUZZ_BUILD_DIR "${PROJECT_SOURCE_DIR}/build/fuzz" CACHE PATH
    "Where the fuzz preset's build lives; the native CTest runs its harnesses from there")
set(ATTNVIZ_FUZZ_SMOKE_SECONDS 3 CACHE STRING "How long `make test` fuzzes each harness")
if(ATTNVIZ_FUZZ AND NOT TARGET attnviz_fuzzers)
  add_custom_target(attnviz_fuzzers)
endif()

function(attnviz_fuzz_harness name)
  cmake_parse_arguments(F "" "MAX_LEN" "LIBS;SEEDS" ${ARGN})
  set(src "${PROJECT_SOURCE_DIR}/tests/fuzz")
  set(seeds)
  foreach(s ${F_SEEDS})
    list(APPEND seeds "${PROJECT_SOURCE_DIR}/${s}")
  endforeach()
  if(NOT F_MAX_LEN)
    set(F_MAX_LEN 65536)
  endif()
  set(runner bash "${src}/run_fuzz.sh")
  set(options "${src}/${name}.dict" ${F_MAX_LEN})
  if(ATTNVIZ_FUZZ)
    add_executable(fuzz_${name} "${src}/fuzz_${name}.cpp")
    target_link_libraries(fuzz_${name} PRIVATE ${F_LIBS})
    target_include_directories(fuzz_${name} PRIVATE "${src}")
    target_compile_definitions(fuzz_${name} PRIVATE ATTNVIZ_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
    attnviz_warnings(fuzz_${name})
    add_dependencies(attnviz_fuzzers fuzz_${name})
    set(binary $<TARGET_FILE:fuzz_${name}>)
    add_test(NAME "fuzz: ${name}" COMMAND ${runner} fuzz ${binary} "${CMAKE_BINARY_DIR}/corpus/${name}" ${options} ${seeds})
    set_tests_properties("fuzz: ${name}" PROPERTIES TIMEOUT 86400)
  elseif(NOT EMSCRIPTEN)
    set(binary "${ATTNVIZ_FUZZ_BUILD_DIR}/tests/fuzz/fuzz_${name}")
    # Runs again only when the harness, its seeds or dictionary changed since it last passed
    # (attnviz_add_slow_test, tests/CMakeLists.txt); the fuzz corpus it grows is no input.
    attnviz_add_slow_test("fuzz: ${name} smoke" INPUTS ${binary} "${src}" ${seeds}
             COMMAND env FUZZ_SECONDS=${ATTNVIZ_FUZZ_SMOKE_SECONDS}
                     ${runner} smoke ${binary} "${CMAKE_BINARY_DIR}/fuzz-smoke/${name}" ${options} ${seeds})
  else()
    return()
  endif()
  add_test(NAME "fuzz: ${name} regressions" COMMAND ${runner} replay ${binary} "${src}/regressions/${name}")
endfunction()
