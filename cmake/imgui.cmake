# Dear ImGui 1.90.1 as two static libraries:
#   attn_imgui           the core (no GPU, no window): what ui/ and the headless smoke test link
#   attn_imgui_backends  imgui_impl_sdl2 + imgui_impl_opengl3: only the app links it
# Sources come from FETCHCONTENT_SOURCE_DIR_IMGUI when given, else from .deps/imgui
# (unpacked by scripts/install-deps.sh). Third-party code: no -Werror, warnings off.

# A third-party source folder: FETCHCONTENT_SOURCE_DIR_<NAME> when the user gives one,
# else .deps/<dir>. ARGN: files that must exist in it.
function(attnviz_source_dir out name dir label)
  if(FETCHCONTENT_SOURCE_DIR_${name})
    set(path "${FETCHCONTENT_SOURCE_DIR_${name}}")
  else()
    set(path "${PROJECT_SOURCE_DIR}/.deps/${dir}")
  endif()
  foreach(probe ${ARGN})
    if(NOT EXISTS "${path}/${probe}")
      message(FATAL_ERROR "attnviz: ${label} sources not found in ${path} (no ${probe}). Run `make deps` "
                          "(scripts/install-deps.sh), or pass -DFETCHCONTENT_SOURCE_DIR_${name}=/path/to/${dir}.")
    endif()
  endforeach()
  set(${out} "${path}" PARENT_SCOPE)
endfunction()

attnviz_source_dir(ATTNVIZ_IMGUI_DIR IMGUI imgui "Dear ImGui 1.90.1" imgui.cpp backends/imgui_impl_sdl2.cpp)

# imgui_demo.cpp is compiled too: ShowDemoWindow() is handy while building panels, and
# a static library only brings its object into an executable that calls it.
add_library(attn_imgui STATIC
  "${ATTNVIZ_IMGUI_DIR}/imgui.cpp"
  "${ATTNVIZ_IMGUI_DIR}/imgui_draw.cpp"
  "${ATTNVIZ_IMGUI_DIR}/imgui_tables.cpp"
  "${ATTNVIZ_IMGUI_DIR}/imgui_widgets.cpp"
  "${ATTNVIZ_IMGUI_DIR}/imgui_demo.cpp")
# SYSTEM: ImGui's headers must not trip -Werror on our own targets that include them.
target_include_directories(attn_imgui SYSTEM PUBLIC "${ATTNVIZ_IMGUI_DIR}")
target_compile_options(attn_imgui PRIVATE -w)

# The backends need SDL2 and OpenGL: only when an app is built.
if(EMSCRIPTEN)
  include(${CMAKE_CURRENT_LIST_DIR}/sdl2_wasm.cmake) # defines attn_sdl2 from SDL's sources
  set(_sdl2_target attn_sdl2)
else()
  find_package(SDL2 CONFIG QUIET)
  if(TARGET SDL2::SDL2)
    set(_sdl2_target SDL2::SDL2)
  else()
    find_package(PkgConfig REQUIRED)
    pkg_check_modules(SDL2 REQUIRED IMPORTED_TARGET sdl2)
    set(_sdl2_target PkgConfig::SDL2)
  endif()
  find_package(OpenGL REQUIRED)
endif()

add_library(attn_imgui_backends STATIC
  "${ATTNVIZ_IMGUI_DIR}/backends/imgui_impl_sdl2.cpp"
  "${ATTNVIZ_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp")
target_include_directories(attn_imgui_backends SYSTEM PUBLIC "${ATTNVIZ_IMGUI_DIR}/backends")
target_link_libraries(attn_imgui_backends PUBLIC attn_imgui ${_sdl2_target})
target_compile_options(attn_imgui_backends PRIVATE -w)
if(EMSCRIPTEN)
  # WebGL2 is OpenGL ES 3.0: the backend's shaders become "#version 300 es".
  target_compile_definitions(attn_imgui_backends PUBLIC IMGUI_IMPL_OPENGL_ES3)
else()
  target_link_libraries(attn_imgui_backends PUBLIC OpenGL::GL ${CMAKE_DL_LIBS})
endif()
