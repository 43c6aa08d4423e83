// Fuzzes the attention-file reader (core/model/attention_file.*, docs/attention-files.md):
// any bytes, JSON or safetensors, are a file whose every promise holds or one ModelError
// that starts with the file's name.
#include "core/model/attention_file.h"
#include "core/model/model_error.h"
#include "fuzz_support.h"
#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace attn::model;
    AttentionFile file;
    try {
        file = read_attention_file(data, size, "fuzz.attention");
    } catch (const ModelError& e) {
        attn::fuzz::require_message(e.what(), "fuzz.attention");
        return 0;
    }
    if (static_cast<int>(file.tokens.size()) != file.T)
        attn::fuzz::invariant_broken("a file read with a token count other than T", "");
    if (file.weights.size() != static_cast<std::size_t>(file.n_layers) * file.n_heads * file.T * file.T)
        attn::fuzz::invariant_broken("a file read with weights of the wrong size", "");
    for (int l = 0; l < file.n_layers; ++l)
        for (int h = 0; h < file.n_heads; ++h)
            for (int i = 0; i < file.T; ++i) {
                double sum = 0;
                for (int j = 0; j < file.T; ++j) {
                    const float w = file.weight(l, h, i, j);
                    if (!std::isfinite(w) || w < 0) attn::fuzz::invariant_broken("a weight not finite or negative", "");
                    if (file.causal && j > i && w != 0) attn::fuzz::invariant_broken("a causal file with weight above the diagonal", "");
                    sum += w;
                }
                if (std::fabs(sum - 1) > kAttentionRowTolerance + 1e-6)
                    attn::fuzz::invariant_broken("a row that does not sum to 1", std::to_string(sum));
            }
    return 0;
}
