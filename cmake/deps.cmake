# Header-only dependencies from Debian's packages: Eigen 3.4, nlohmann/json, Catch2 v2.
# Under Emscripten we must not put /usr/include on the include path (it would pull glibc
# headers into the wasm build), so each library's own folder is linked into the build tree.
set(ATTNVIZ_EIGEN_DIR "/usr/include/eigen3" CACHE PATH "Folder holding Eigen/Core")
set(ATTNVIZ_JSON_DIR "/usr/include" CACHE PATH "Folder holding nlohmann/json.hpp")
set(ATTNVIZ_CATCH2_DIR "/usr/include" CACHE PATH "Folder holding catch2/catch.hpp (Catch2 v2)")

foreach(probe "${ATTNVIZ_EIGEN_DIR}/Eigen/Core" "${ATTNVIZ_JSON_DIR}/nlohmann/json.hpp")
  if(NOT EXISTS "${probe}")
    message(FATAL_ERROR "attnviz: ${probe} not found. Run scripts/install-deps.sh (or `make deps`), "
                        "or point ATTNVIZ_EIGEN_DIR / ATTNVIZ_JSON_DIR at your copies.")
  endif()
endforeach()

set(ATTNVIZ_SYSDEPS "${CMAKE_BINARY_DIR}/sysdeps")
file(MAKE_DIRECTORY "${ATTNVIZ_SYSDEPS}")
function(attnviz_link_headers name from)
  if(NOT EXISTS "${ATTNVIZ_SYSDEPS}/${name}")
    file(CREATE_LINK "${from}" "${ATTNVIZ_SYSDEPS}/${name}" SYMBOLIC)
  endif()
endfunction()
attnviz_link_headers(Eigen "${ATTNVIZ_EIGEN_DIR}/Eigen")
attnviz_link_headers(nlohmann "${ATTNVIZ_JSON_DIR}/nlohmann")
if(EXISTS "${ATTNVIZ_CATCH2_DIR}/catch2/catch.hpp")
  attnviz_link_headers(catch2 "${ATTNVIZ_CATCH2_DIR}/catch2")
endif()

add_library(attn_eigen INTERFACE)
target_include_directories(attn_eigen SYSTEM INTERFACE "${ATTNVIZ_SYSDEPS}")
# Eigen's own asserts are on in debug builds only; shapes are checked by validate().
add_library(attn_json INTERFACE)
target_include_directories(attn_json SYSTEM INTERFACE "${ATTNVIZ_SYSDEPS}")
add_library(attn_catch2 INTERFACE)
target_include_directories(attn_catch2 SYSTEM INTERFACE "${ATTNVIZ_SYSDEPS}")
