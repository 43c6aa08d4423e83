# The native model kernels (core/model/kernels_native.cpp) with AVX2 + FMA when both the
# compiler and the building machine's CPU have them: Eigen's float products then run about
# 3× faster than with the x86-64 baseline (SSE2), which is what the GPT-2 speed target needs.
# Only that one file gets the flags, and only after the CPU check, so the build still runs
# everywhere it is built; a binary copied to an older CPU would not (build it there instead,
# or configure with -DATTNVIZ_MODEL_AVX2=OFF). Not -march=native: it would tie the binary to
# this exact CPU generation for little gain here.
option(ATTNVIZ_MODEL_AVX2 "Compile the native model kernels with -mavx2 -mfma when the CPU has them" ON)
if(ATTNVIZ_MODEL_AVX2 AND CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  if(NOT DEFINED ATTNVIZ_CPU_HAS_AVX2_FMA)
    set(_probe "${CMAKE_BINARY_DIR}/cpu_avx2_fma_probe.cpp")
    file(WRITE "${_probe}"
         "int main() { __builtin_cpu_init(); return __builtin_cpu_supports(\"avx2\") && __builtin_cpu_supports(\"fma\") ? 0 : 1; }\n")
    try_run(_run_result _compile_result "${CMAKE_BINARY_DIR}" "${_probe}")
    if(_compile_result AND _run_result EQUAL 0)
      set(ATTNVIZ_CPU_HAS_AVX2_FMA TRUE CACHE INTERNAL "")
    else()
      set(ATTNVIZ_CPU_HAS_AVX2_FMA FALSE CACHE INTERNAL "")
    endif()
  endif()
  if(ATTNVIZ_CPU_HAS_AVX2_FMA)
    set_source_files_properties("${PROJECT_SOURCE_DIR}/core/model/kernels_native.cpp"
                                PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma")
    message(STATUS "attnviz: model kernels use AVX2 + FMA")
  else()
    message(STATUS "attnviz: model kernels use the baseline instruction set (no AVX2 + FMA here)")
  endif()
endif()
