#include "examples.h"

namespace attn::ui {

// The first is what a new user sees: the classic worked example of dot-product attention
// (x₁·x₃ = 2, so w₁₃ = e²/(e² + e⁰ + e²) = 0.468).
const Example kExamples[] = {
    {"Classic worked example (3 tokens, identity projections)",
     R"({"version": 1, "tokens": ["x₁", "x₂", "x₃"],
         "embeddings": [[1, 0, 1], [0, 1, 0], [1, 1, 1]],
         "projections": "identity", "scale": false})"},
    {"A sentence, random projections, 2 heads",
     R"({"version": 1, "text": "The cat sat on the mat because it was tired", "tokenizer": "words",
         "embedding": {"dim": 8, "seed": 7}, "heads": 2, "projections": {"seed": 3}, "scale": true})"},
    {"Causal mask (text generation)",
     R"({"version": 1, "text": "I think therefore I am", "tokenizer": "words",
         "embedding": {"dim": 4, "seed": 1}, "projections": {"seed": 1}, "mask": "causal"})"},
    {"Chinese characters: 自注意力机制",
     R"({"version": 1, "text": "自注意力机制", "tokenizer": "chars",
         "embedding": {"dim": 8, "seed": 2}, "heads": 2, "projections": {"seed": 5}, "positional": "sinusoidal"})"},
};
const int kExampleCount = sizeof(kExamples) / sizeof(kExamples[0]);

} // namespace attn::ui
