#include "examples.h"
#include "i18n.h"

namespace attn::ui {

namespace {
// The English catalogue's text, alive as long as the program (the catalogue is built once).
const char* english(const char* key) { return i18n_catalogue("en").at(key).c_str(); }
} // namespace

// The first is what a new user sees: the classic worked example of dot-product attention
// (x₁·x₃ = 2, so w₁₃ = e²/(e² + e⁰ + e²) = 0.468).
const Example kExamples[] = {
    {"example.classic",
     R"({"version": 1, "tokens": ["x₁", "x₂", "x₃"],
         "embeddings": [[1, 0, 1], [0, 1, 0], [1, 1, 1]],
         "projections": "identity", "scale": false})",
     english("example.classic")},
    {"example.sentence",
     R"({"version": 1, "text": "The cat sat on the mat because it was tired", "tokenizer": "words",
         "embedding": {"dim": 8, "seed": 7}, "heads": 2, "projections": {"seed": 3}, "scale": true})",
     english("example.sentence")},
    {"example.causal",
     R"({"version": 1, "text": "I think therefore I am", "tokenizer": "words",
         "embedding": {"dim": 4, "seed": 1}, "projections": {"seed": 1}, "mask": "causal"})",
     english("example.causal")},
    {"example.chinese",
     R"({"version": 1, "text": "自注意力机制", "tokenizer": "chars",
         "embedding": {"dim": 8, "seed": 2}, "heads": 2, "projections": {"seed": 5}, "positional": "sinusoidal"})",
     english("example.chinese")},
};
const int kExampleCount = sizeof(kExamples) / sizeof(kExamples[0]);

std::string example_name(const std::string& lang, int index) { return tr(lang, kExamples[index].key); }

} // namespace attn::ui
