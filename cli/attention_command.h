// attnviz-cli attention: an attention file (docs/attention-files.md) in, what attnviz read
// from it out (JSON): tokens, shape, causal, and one head's weights, every head's, or a
// summary per head.
#pragma once

namespace attn::cli {

extern const char* const kAttentionUsage;

// The whole command (argv[1] is "attention"): prints the JSON, or one "attnviz-cli: …"
// line on stderr. Returns the exit status (0, or 2 for bad arguments or a bad file).
int attention_command(int argc, char** argv);

} // namespace attn::cli
