// attnviz platform layer: the OpenGL 3 declarations of the desktop app (SDL2's loader).
#pragma once
// Prototypes for what is past OpenGL 1.1 (framebuffer objects): libGL exports them.
#define GL_GLEXT_PROTOTYPES 1
#include <SDL_opengl.h>
