// The scenario JSON format, versions 1 and 2 (docs/scenario-format.md), and the result JSON.
// Parsing checks types and shapes as it reads, so each message names the exact path
// ("embeddings[2]"), then validate() checks what spans fields (limits, heads | d_model).
#include "scenario_json.h"
#include "utf8.h"
#include <algorithm>
#include "error.h"
#include "tokenizer.h"
#include <cmath>
#include <nlohmann/json.hpp>

namespace attn {

using nlohmann::json;

namespace {

// [SECTION] Reading values

std::string index_path(const std::string& field, std::size_t i) { return field + "[" + std::to_string(i) + "]"; }

[[noreturn]] void wrong_type(const json& value, const std::string& field, const std::string& expected) {
    throw ScenarioError(field, "expected " + expected + ", got " + value.type_name());
}

void reject_unknown_keys(const json& object, const std::string& field, std::initializer_list<const char*> known) {
    for (const auto& item : object.items()) {
        bool is_known = false;
        std::string list;
        for (const char* key : known) {
            is_known = is_known || item.key() == key;
            list += (list.empty() ? "" : ", ") + std::string(key);
        }
        if (!is_known)
            throw ScenarioError(field.empty() ? printable_name(item.key()) : field + "." + printable_name(item.key()),
                                "unknown key; known keys are " + list);
    }
}

Scalar read_number(const json& value, const std::string& field) {
    if (!value.is_number()) wrong_type(value, field, "a number");
    const Scalar x = value.get<Scalar>();
    // JSON has no NaN, but 1e999 parses to infinity.
    if (!std::isfinite(x)) throw ScenarioError(field, "not a finite number");
    return x;
}

long long read_integer(const json& value, const std::string& field) {
    if (!value.is_number_integer()) wrong_type(value, field, "an integer");
    if (value.is_number_unsigned() && value.get<std::uint64_t>() > std::uint64_t(1) << 62)
        throw ScenarioError(field, "too large: " + value.dump());
    return value.get<long long>();
}

// Seeds use the whole unsigned 64-bit range.
std::uint64_t read_seed(const json& value, const std::string& field) {
    if (!value.is_number_integer()) wrong_type(value, field, "an integer ≥ 0");
    if (!value.is_number_unsigned() && value.get<long long>() < 0)
        throw ScenarioError(field, "expected an integer ≥ 0, got " + value.dump());
    return value.get<std::uint64_t>();
}

bool read_bool(const json& value, const std::string& field) {
    if (!value.is_boolean()) wrong_type(value, field, "true or false");
    return value.get<bool>();
}

std::string read_string(const json& value, const std::string& field) {
    if (!value.is_string()) wrong_type(value, field, "a string");
    std::string s = value.get<std::string>();
    check_utf8(s, field); // a json built in C++ (not parsed) may hold any bytes
    return s;
}

// One of `choices`, returned as its index.
std::size_t read_choice(const json& value, const std::string& field, std::initializer_list<const char*> choices) {
    std::string list;
    for (const char* c : choices) list += (list.empty() ? "\"" : ", \"") + std::string(c) + "\"";
    if (!value.is_string()) wrong_type(value, field, "one of " + list);
    std::size_t i = 0;
    for (const char* c : choices) {
        if (value.get<std::string>() == c) return i;
        ++i;
    }
    throw ScenarioError(field, "expected one of " + list + ", got " + value.dump());
}

// rows/cols < 0: any count, but every row as long as the first.
Matrix read_matrix(const json& value, const std::string& field, long long rows, long long cols) {
    if (!value.is_array()) wrong_type(value, field, "an array of rows");
    if (rows >= 0 && static_cast<long long>(value.size()) != rows)
        throw ScenarioError(field, "expected " + std::to_string(rows) + " rows, got " + std::to_string(value.size()));
    if (value.empty()) throw ScenarioError(field, "expected at least 1 row");
    if (cols < 0) {
        if (!value[0].is_array()) wrong_type(value[0], index_path(field, 0), "an array of numbers");
        cols = static_cast<long long>(value[0].size());
        if (cols == 0) throw ScenarioError(index_path(field, 0), "expected at least 1 number");
    }
    // Refuse sizes beyond the limits before allocating: a hostile file must not ask for gigabytes.
    const long long limit = std::max<long long>(kMaxTokens, kMaxModelDim);
    if (static_cast<long long>(value.size()) > limit)
        throw ScenarioError(field, "too many rows (" + std::to_string(value.size()) + "; at most " + std::to_string(limit) + ")");
    if (cols > limit)
        throw ScenarioError(index_path(field, 0), "too many numbers (" + std::to_string(cols) + "; at most " + std::to_string(limit) + ")");
    Matrix m(static_cast<Eigen::Index>(value.size()), static_cast<Eigen::Index>(cols));
    for (std::size_t r = 0; r < value.size(); ++r) {
        const std::string row_field = index_path(field, r);
        const json& row = value[r];
        if (!row.is_array()) wrong_type(row, row_field, "an array of numbers");
        if (static_cast<long long>(row.size()) != cols)
            throw ScenarioError(row_field, "expected " + std::to_string(cols) + " numbers, got " +
                                               std::to_string(row.size()));
        for (std::size_t c = 0; c < row.size(); ++c)
            m(Eigen::Index(r), Eigen::Index(c)) = read_number(row[c], index_path(row_field, c));
    }
    return m;
}

// [SECTION] Reading the scenario, one key group at a time

void read_tokens(const json& j, Scenario& s) {
    const bool has_tokens = j.contains("tokens"), has_text = j.contains("text");
    if (has_tokens && has_text) throw ScenarioError("tokens", "give either tokens or text, not both");
    if (!has_tokens && !has_text) throw ScenarioError("tokens", "missing: give tokens (an array of strings) or text");
    if (j.contains("tokenizer"))
        s.tokenizer = read_choice(j["tokenizer"], "tokenizer", {"words", "chars"}) == 1 ? Tokenizer::Chars
                                                                                         : Tokenizer::Words;
    if (has_text) {
        s.text = read_string(j["text"], "text");
        if (s.text.empty()) throw ScenarioError("text", "contains no tokens");
        return;
    }
    const json& tokens = j["tokens"];
    if (!tokens.is_array()) wrong_type(tokens, "tokens", "an array of strings");
    for (std::size_t i = 0; i < tokens.size(); ++i) s.tokens.push_back(read_string(tokens[i], index_path("tokens", i)));
}

void read_embeddings(const json& j, Scenario& s, int tokens) {
    if (j.contains("embeddings") && j.contains("embedding"))
        throw ScenarioError("embeddings", "give either embeddings or embedding, not both");
    if (j.contains("embeddings")) {
        s.embedding_source = EmbeddingSource::Explicit;
        s.embeddings = read_matrix(j["embeddings"], "embeddings", tokens, -1);
        return;
    }
    s.embedding_source = EmbeddingSource::Seeded;
    if (!j.contains("embedding")) return; // defaults: dim 4, seed 0
    const json& e = j["embedding"];
    if (!e.is_object()) wrong_type(e, "embedding", "an object {\"dim\": d, \"seed\": s}");
    reject_unknown_keys(e, "embedding", {"dim", "seed"});
    if (e.contains("dim")) {
        const long long dim = read_integer(e["dim"], "embedding.dim");
        if (dim < 1 || dim > kMaxModelDim)
            throw ScenarioError("embedding.dim", "must be 1 … " + std::to_string(kMaxModelDim) +
                                                     " (kMaxModelDim), got " + std::to_string(dim));
        s.embedding_dim = static_cast<int>(dim);
    }
    if (e.contains("seed")) s.embedding_seed = read_seed(e["seed"], "embedding.seed");
}

void read_projections(const json& p, Scenario& s) {
    if (p.is_string()) {
        read_choice(p, "projections", {"identity"});
        s.projections = ProjectionKind::Identity;
        return;
    }
    if (!p.is_object()) wrong_type(p, "projections", "\"identity\" or an object");
    reject_unknown_keys(p, "projections", {"seed", "wq", "wk", "wv", "wo"});
    if (p.contains("seed")) {
        if (p.size() != 1) throw ScenarioError("projections", "give either seed or wq, wk, wv, wo, not both");
        s.projections = ProjectionKind::Seeded;
        s.projection_seed = read_seed(p["seed"], "projections.seed");
        return;
    }
    const int d = model_dim(s);
    s.projections = ProjectionKind::Explicit;
    Matrix* targets[] = {&s.wq, &s.wk, &s.wv, &s.wo};
    const char* names[] = {"wq", "wk", "wv", "wo"};
    for (int i = 0; i < 4; ++i) {
        if (!p.contains(names[i]))
            throw ScenarioError("projections." + std::string(names[i]), "missing (give all of wq, wk, wv, wo)");
        *targets[i] = read_matrix(p[names[i]], "projections." + std::string(names[i]), d, d);
    }
}

// Version 2: {"tokens" | "text", "tokenizer", "embeddings" | "embedding": {"seed"}}; the width is d_model.
void read_source(const json& j, Scenario& s) {
    if (!j.is_object()) wrong_type(j, "source", "an object {\"tokens\" or \"text\", \"embeddings\" or \"embedding\"}");
    reject_unknown_keys(j, "source", {"tokens", "text", "tokenizer", "embeddings", "embedding"});
    Source& src = s.source;
    s.has_source = true;
    const bool has_tokens = j.contains("tokens"), has_text = j.contains("text");
    if (has_tokens == has_text) throw ScenarioError("source.tokens", "give either tokens or text, not both or neither");
    if (j.contains("tokenizer"))
        src.tokenizer = read_choice(j["tokenizer"], "source.tokenizer", {"words", "chars"}) == 1 ? Tokenizer::Chars
                                                                                                : Tokenizer::Words;
    if (has_text) {
        src.text = read_string(j["text"], "source.text");
        if (src.text.empty()) throw ScenarioError("source.text", "contains no tokens");
    } else {
        if (!j["tokens"].is_array()) wrong_type(j["tokens"], "source.tokens", "an array of strings");
        for (std::size_t i = 0; i < j["tokens"].size(); ++i)
            src.tokens.push_back(read_string(j["tokens"][i], index_path("source.tokens", i)));
    }
    const long long keys = static_cast<long long>(source_tokens(src).size());
    if (keys > kMaxTokens)
        throw ScenarioError("source", std::to_string(keys) + " tokens exceed the limit of " + std::to_string(kMaxTokens) +
                                          " (kMaxTokens)");
    if (j.contains("embeddings") && j.contains("embedding"))
        throw ScenarioError("source.embeddings", "give either embeddings or embedding, not both");
    if (j.contains("embeddings")) {
        src.embedding_source = EmbeddingSource::Explicit;
        src.embeddings = read_matrix(j["embeddings"], "source.embeddings", keys, model_dim(s));
    } else if (j.contains("embedding")) {
        const json& e = j["embedding"];
        if (!e.is_object()) wrong_type(e, "source.embedding", "an object {\"seed\": s}");
        reject_unknown_keys(e, "source.embedding", {"seed"});
        if (e.contains("seed")) src.embedding_seed = read_seed(e["seed"], "source.embedding.seed");
    }
}

void read_mask(const json& m, Scenario& s, int tokens) {
    if (m.is_string()) {
        s.mask = read_choice(m, "mask", {"none", "causal"}) == 1 ? MaskKind::Causal : MaskKind::None;
        return;
    }
    if (!m.is_array()) wrong_type(m, "mask", "\"none\", \"causal\" or a T×T array of 0/1");
    s.mask = MaskKind::Explicit;
    const int keys = s.has_source ? static_cast<int>(source_tokens(s.source).size()) : tokens;
    s.mask_matrix = read_matrix(m, "mask", tokens, keys);
}

// nlohmann's what() reads "[json.exception.parse_error.101] parse error at line L, column C: …";
// the bracketed id means nothing to a user.
std::string without_exception_id(const json::exception& e) {
    const std::string what = e.what();
    const std::size_t id_end = what.find("] ");
    return id_end == std::string::npos ? what : what.substr(id_end + 2);
}

// [SECTION] Writing

json matrix_to_json(const Matrix& m) {
    json rows = json::array();
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
        json row = json::array();
        for (Eigen::Index c = 0; c < m.cols(); ++c) row.push_back(m(r, c));
        rows.push_back(std::move(row));
    }
    return rows;
}

// −∞ (a masked logit) has no JSON number; null says "no value" without a magic number.
json matrix_to_json_masked(const Matrix& m) {
    json rows = matrix_to_json(m);
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        for (Eigen::Index c = 0; c < m.cols(); ++c)
            if (std::isinf(m(r, c))) rows[std::size_t(r)][std::size_t(c)] = nullptr;
    return rows;
}

json source_to_json(const Source& src) {
    json j;
    if (!src.text.empty()) {
        j["text"] = src.text;
        j["tokenizer"] = src.tokenizer == Tokenizer::Chars ? "chars" : "words";
    } else {
        j["tokens"] = src.tokens;
    }
    if (src.embedding_source == EmbeddingSource::Explicit) j["embeddings"] = matrix_to_json(src.embeddings);
    else j["embedding"] = {{"seed", src.embedding_seed}};
    return j;
}

json vector_to_json(const Vector& v) {
    json values = json::array();
    for (Eigen::Index i = 0; i < v.size(); ++i) values.push_back(v(i));
    return values;
}

} // namespace

Scenario scenario_from_json(const json& j) {
    if (!j.is_object()) wrong_type(j, "", "a JSON object (a scenario)");
    reject_unknown_keys(j, "", {"version", "tokens", "text", "tokenizer", "embeddings", "embedding", "heads",
                                "projections", "scale", "temperature", "mask", "positional", "source"});
    const long long version = j.contains("version") ? read_integer(j["version"], "version") : kScenarioVersion;
    if (version < 1 || version > kScenarioVersion)
        throw ScenarioError("version", "unsupported version " + j["version"].dump() + "; this build reads versions 1 to " +
                                           std::to_string(kScenarioVersion));
    if (version == 1 && j.contains("source"))
        throw ScenarioError("source", "needs \"version\": 2 (version 1 has self-attention only)");
    Scenario s;
    read_tokens(j, s);
    const int tokens = token_count(s);
    if (tokens > kMaxTokens)
        throw ScenarioError(s.text.empty() ? "tokens" : "text", std::to_string(tokens) + " tokens exceed the limit of " +
                                                                    std::to_string(kMaxTokens) + " (kMaxTokens)");
    read_embeddings(j, s, tokens);
    if (j.contains("heads")) {
        const long long heads = read_integer(j["heads"], "heads");
        if (heads < 1 || heads > kMaxHeads)
            throw ScenarioError("heads", "must be 1 … " + std::to_string(kMaxHeads) + " (kMaxHeads), got " +
                                             std::to_string(heads));
        s.heads = static_cast<int>(heads);
    }
    if (j.contains("projections")) read_projections(j["projections"], s);
    if (j.contains("scale")) s.scale = read_bool(j["scale"], "scale");
    if (j.contains("temperature")) s.temperature = read_number(j["temperature"], "temperature");
    if (j.contains("source")) read_source(j["source"], s);
    if (j.contains("mask")) read_mask(j["mask"], s, tokens);
    if (j.contains("positional"))
        s.positional = read_choice(j["positional"], "positional", {"none", "sinusoidal"}) == 1 ? Positional::Sinusoidal
                                                                                               : Positional::None;
    validate(s);
    return s;
}

Scenario scenario_from_string(const std::string& text) {
    if (text.size() > kMaxScenarioBytes)
        throw ScenarioError("", "the scenario's JSON text is " + std::to_string(text.size()) + " bytes, over the limit of " +
                                    std::to_string(kMaxScenarioBytes) + " (kMaxScenarioBytes)");
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        throw ScenarioError("", "JSON syntax error (byte " + std::to_string(e.byte) + "): " + without_exception_id(e));
    } catch (const json::out_of_range& e) {
        // Numbers beyond double's range (1e999) are refused by the parser itself.
        throw ScenarioError("", "JSON: " + without_exception_id(e));
    }
    return scenario_from_json(j);
}

json scenario_to_json(const Scenario& s) {
    json j;
    j["version"] = s.has_source ? 2 : 1; // version 1 readers still read self-attention files
    if (!s.text.empty()) {
        j["text"] = s.text;
        j["tokenizer"] = s.tokenizer == Tokenizer::Chars ? "chars" : "words";
    } else {
        j["tokens"] = s.tokens;
    }
    if (s.embedding_source == EmbeddingSource::Explicit)
        j["embeddings"] = matrix_to_json(s.embeddings);
    else
        j["embedding"] = {{"dim", s.embedding_dim}, {"seed", s.embedding_seed}};
    j["heads"] = s.heads;
    switch (s.projections) {
    case ProjectionKind::Identity: j["projections"] = "identity"; break;
    case ProjectionKind::Seeded: j["projections"] = {{"seed", s.projection_seed}}; break;
    case ProjectionKind::Explicit:
        j["projections"] = {{"wq", matrix_to_json(s.wq)},
                            {"wk", matrix_to_json(s.wk)},
                            {"wv", matrix_to_json(s.wv)},
                            {"wo", matrix_to_json(s.wo)}};
        break;
    }
    j["scale"] = s.scale;
    j["temperature"] = s.temperature;
    switch (s.mask) {
    case MaskKind::None: j["mask"] = "none"; break;
    case MaskKind::Causal: j["mask"] = "causal"; break;
    case MaskKind::Explicit: j["mask"] = matrix_to_json(s.mask_matrix); break;
    }
    j["positional"] = s.positional == Positional::Sinusoidal ? "sinusoidal" : "none";
    if (s.has_source) j["source"] = source_to_json(s.source);
    return j;
}

json result_to_json(const Result& r) {
    json heads = json::array();
    for (const HeadResult& h : r.head) {
        heads.push_back({{"q", matrix_to_json(h.q)},
                         {"k", matrix_to_json(h.k)},
                         {"v", matrix_to_json(h.v)},
                         {"scores", matrix_to_json(h.scores)},
                         {"logits", matrix_to_json_masked(h.logits)},
                         {"weights", matrix_to_json(h.weights)},
                         {"output", matrix_to_json(h.output)},
                         {"entropy", vector_to_json(h.entropy)}});
    }
    json out = {{"tokens", r.tokens},
            {"d_model", r.d_model},
            {"num_heads", r.heads},
            {"d_k", r.d_k},
            {"scale_factor", r.scale_factor},
            {"embeddings", matrix_to_json(r.embeddings)},
            {"positional", matrix_to_json(r.positional)},
            {"x", matrix_to_json(r.x)},
            {"wq", matrix_to_json(r.wq)},
            {"wk", matrix_to_json(r.wk)},
            {"wv", matrix_to_json(r.wv)},
            {"wo", matrix_to_json(r.wo)},
            {"mask", matrix_to_json(r.mask)},
            {"heads", std::move(heads)},
            {"concat", matrix_to_json(r.concat)},
            {"output", matrix_to_json(r.output)}};
    if (r.scenario.has_source) {
        out["source_tokens"] = r.key_tokens;
        out["source_x"] = matrix_to_json(r.source_x);
    }
    return out;
}

} // namespace attn
