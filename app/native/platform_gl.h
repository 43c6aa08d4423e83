// attnviz platform layer: the OpenGL 3 declarations of the desktop app (SDL2's loader).
#pragma once
#include <SDL_opengl.h>
