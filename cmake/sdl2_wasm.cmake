# SDL2 for the WebAssembly build, compiled straight from its sources as our own static
# library `attn_sdl2`. Why not SDL's CMake or Emscripten's port: the port (-sUSE_SDL=2)
# cannot be built with Debian's read-only FROZEN_CACHE, and SDL's own configure runs
# hundreds of emcc checks (8–11 minutes here). Emscripten's port recipe
# (/usr/share/emscripten/tools/ports/sdl2.py) shows that no configure is needed: the
# shipped include/SDL_config.h selects SDL_config_emscripten.h, and a fixed file list
# compiled with -O2 -w suffices. Link the app with -sUSE_SDL=0.
# Included by cmake/imgui.cmake (which defines attnviz_source_dir).
if(NOT EMSCRIPTEN)
  message(FATAL_ERROR "attnviz: cmake/sdl2_wasm.cmake is for the Emscripten build only")
endif()

attnviz_source_dir(ATTNVIZ_SDL2_DIR SDL2 sdl2 "SDL2 2.26" src/SDL.c include/SDL_config_emscripten.h)

# The port recipe's list (written for SDL 2.0.20), in its order, plus the files
# SDL 2.22–2.26 added to the same subsystems (marked "2.26").
set(_sdl2_sources
  SDL.c SDL_assert.c SDL_dataqueue.c SDL_error.c SDL_hints.c SDL_log.c
  SDL_guid.c SDL_list.c SDL_utils.c                                         # 2.26
  atomic/SDL_atomic.c atomic/SDL_spinlock.c
  audio/SDL_audio.c audio/SDL_audiocvt.c audio/SDL_audiodev.c audio/SDL_audiotypecvt.c
  audio/SDL_mixer.c audio/SDL_wave.c
  cpuinfo/SDL_cpuinfo.c dynapi/SDL_dynapi.c
  events/SDL_clipboardevents.c events/SDL_displayevents.c events/SDL_dropevents.c
  events/SDL_events.c events/SDL_gesture.c events/SDL_keyboard.c events/SDL_mouse.c
  events/SDL_quit.c events/SDL_touch.c events/SDL_windowevents.c
  events/SDL_keysym_to_scancode.c events/SDL_scancode_tables.c              # 2.26
  file/SDL_rwops.c haptic/SDL_haptic.c
  joystick/SDL_gamecontroller.c joystick/SDL_joystick.c
  joystick/controller_type.c joystick/virtual/SDL_virtualjoystick.c         # 2.26
  power/SDL_power.c
  render/SDL_d3dmath.c render/SDL_render.c render/SDL_yuv_sw.c
  render/direct3d/SDL_render_d3d.c render/direct3d11/SDL_render_d3d11.c
  render/opengl/SDL_render_gl.c render/opengl/SDL_shaders_gl.c
  render/opengles/SDL_render_gles.c
  render/opengles2/SDL_render_gles2.c render/opengles2/SDL_shaders_gles2.c
  render/psp/SDL_render_psp.c
  render/software/SDL_blendfillrect.c render/software/SDL_blendline.c
  render/software/SDL_blendpoint.c render/software/SDL_drawline.c
  render/software/SDL_drawpoint.c render/software/SDL_render_sw.c
  render/software/SDL_rotate.c render/software/SDL_triangle.c
  sensor/SDL_sensor.c sensor/dummy/SDL_dummysensor.c
  stdlib/SDL_crc32.c stdlib/SDL_getenv.c stdlib/SDL_iconv.c stdlib/SDL_malloc.c
  stdlib/SDL_qsort.c stdlib/SDL_stdlib.c stdlib/SDL_string.c stdlib/SDL_strtokr.c
  stdlib/SDL_crc16.c                                                        # 2.26
  thread/SDL_thread.c timer/SDL_timer.c
  video/SDL_RLEaccel.c video/SDL_blit.c video/SDL_blit_0.c video/SDL_blit_1.c
  video/SDL_blit_A.c video/SDL_blit_N.c video/SDL_blit_auto.c video/SDL_blit_copy.c
  video/SDL_blit_slow.c video/SDL_bmp.c video/SDL_clipboard.c video/SDL_egl.c
  video/SDL_fillrect.c video/SDL_pixels.c video/SDL_rect.c video/SDL_shape.c
  video/SDL_stretch.c video/SDL_surface.c video/SDL_video.c video/SDL_yuv.c
  video/SDL_vulkan_utils.c                                                  # 2.26
  video/emscripten/SDL_emscriptenevents.c video/emscripten/SDL_emscriptenframebuffer.c
  video/emscripten/SDL_emscriptenmouse.c video/emscripten/SDL_emscriptenopengles.c
  video/emscripten/SDL_emscriptenvideo.c
  audio/emscripten/SDL_emscriptenaudio.c
  video/dummy/SDL_nullevents.c video/dummy/SDL_nullframebuffer.c video/dummy/SDL_nullvideo.c
  video/yuv2rgb/yuv_rgb.c
  audio/disk/SDL_diskaudio.c audio/dummy/SDL_dummyaudio.c
  loadso/dlopen/SDL_sysloadso.c
  power/emscripten/SDL_syspower.c joystick/emscripten/SDL_sysjoystick.c
  filesystem/emscripten/SDL_sysfilesystem.c timer/unix/SDL_systimer.c
  haptic/dummy/SDL_syshaptic.c main/dummy/SDL_dummy_main.c
  locale/SDL_locale.c locale/emscripten/SDL_syslocale.c
  misc/SDL_url.c misc/dummy/SDL_sysurl.c
  # No pthreads in our build: the generic (single-threaded) thread backend.
  thread/generic/SDL_syscond.c thread/generic/SDL_sysmutex.c thread/generic/SDL_syssem.c
  thread/generic/SDL_systhread.c thread/generic/SDL_systls.c)
list(TRANSFORM _sdl2_sources PREPEND "${ATTNVIZ_SDL2_DIR}/src/")

add_library(attn_sdl2 STATIC ${_sdl2_sources})
set_target_properties(attn_sdl2 PROPERTIES C_STANDARD 99 C_EXTENSIONS ON)
# The recipe's flags: -O2 whatever the build type, third-party warnings off.
target_compile_options(attn_sdl2 PRIVATE -O2 -w)
# Consumers include <SDL.h> as with the native sdl2 package (whose include dir is .../SDL2).
target_include_directories(attn_sdl2 SYSTEM PUBLIC "${ATTNVIZ_SDL2_DIR}/include")
# Our SDL replaces Emscripten's; the port must stay off when linking.
target_link_options(attn_sdl2 INTERFACE "-sUSE_SDL=0")
