// attnviz-cli model: a GPT-2 model folder and a text or token ids in, every layer's and
// head's attention and the next-token probabilities out (JSON).
#pragma once

namespace attn::cli {

extern const char* const kModelUsage;

// The whole command: prints the JSON, or one "attnviz-cli: …" line on stderr. Returns the
// exit status (0, or 2 for bad arguments, a bad model folder or bad input).
int model_command(int argc, char** argv);

} // namespace attn::cli
