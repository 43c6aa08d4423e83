// attnviz platform layer: WebGL2 is OpenGL ES 3.0.
#pragma once
#include <GLES3/gl3.h>
