// attnviz core: a scenario — everything that determines one self-attention forward pass.
// The JSON form (scenario_json.h) is the single format for the CLI, the web API,
// saved files, URLs, lessons and tests; its keys mirror these fields.
#pragma once
#include "matrix.h"
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace attn {

// Documented limits: beyond them the parser and validate() refuse with a message.
constexpr int kMaxTokens = 512;   // T×T matrices per head; 512 keeps 16 heads well under 100 MB
constexpr int kMaxModelDim = 256; // d_model
constexpr int kMaxHeads = 16;
// Scenario JSON text: explicit embeddings and W_Q, W_K, W_V, W_O at the limits above take
// about 8 MB; a longer text is refused before it is parsed.
constexpr std::size_t kMaxScenarioBytes = 16u << 20;
constexpr int kScenarioVersion = 2; // 2 adds "source" (cross-attention); version 1 files read unchanged

enum class Tokenizer { Words, Chars };
enum class EmbeddingSource { Explicit, Seeded };
enum class ProjectionKind { Identity, Seeded, Explicit };
enum class MaskKind { None, Causal, Explicit };
enum class Positional { None, Sinusoidal };

// Cross-attention: the sequence the keys and values come from (K = S·W_K, V = S·W_V),
// while the queries come from the scenario's own tokens (Q = X·W_Q).
struct Source {
    std::vector<std::string> tokens; // or, when `text` is non-empty, tokenized from it
    std::string text;
    Tokenizer tokenizer = Tokenizer::Words;
    EmbeddingSource embedding_source = EmbeddingSource::Seeded;
    Matrix embeddings;               // used when Explicit: T_s×d_model
    std::uint64_t embedding_seed = 0; // used when Seeded; the width is d_model
};

struct Scenario {
    // Tokens. When `text` is non-empty the tokens were (and are again) produced from it
    // by `tokenizer`; otherwise `tokens` is the source.
    std::vector<std::string> tokens;
    std::string text;
    Tokenizer tokenizer = Tokenizer::Words;

    // Embeddings: explicit T×d_model rows, or deterministic vectors from (token text, seed).
    EmbeddingSource embedding_source = EmbeddingSource::Seeded;
    Matrix embeddings;            // used when Explicit
    int embedding_dim = 4;        // used when Seeded
    std::uint64_t embedding_seed = 0;

    int heads = 1;

    ProjectionKind projections = ProjectionKind::Identity;
    std::uint64_t projection_seed = 0; // used when Seeded
    Matrix wq, wk, wv, wo;             // used when Explicit, each d_model×d_model

    bool scale = true;        // divide scores by √d_k (Vaswani et al. 2017, eq. 1)
    Scalar temperature = 1.0; // logits are divided by it; > 0

    MaskKind mask = MaskKind::None;
    Matrix mask_matrix;       // used when Explicit: T×T, 1 = may attend, 0 = masked

    Positional positional = Positional::None;

    bool has_source = false; // cross-attention (format version 2); false = self-attention
    Source source;
};

int model_dim(const Scenario& s);   // d_model: embedding columns or embedding_dim
int token_count(const Scenario& s); // T
std::vector<std::string> source_tokens(const Source& s); // T_s tokens of a cross-attention source

// Throws ScenarioError naming the field when the scenario cannot be computed
// (shapes, NaN, limits, heads not dividing d_model, temperature ≤ 0, …).
void validate(const Scenario& s);

} // namespace attn
