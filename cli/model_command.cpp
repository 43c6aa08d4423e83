#include "model_command.h"
#include "float_text.h"
#include "core/model/bpe.h"
#include "core/model/gpt2_run.h"
#include "core/model/gpt2_weights.h"
#include "core/model/model_error.h"
#include "core/model/model_result.h"
#include "core/scenario_json.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

namespace attn::cli {

const char* const kModelUsage =
    "usage: attnviz-cli model --model DIR (--text TEXT | --ids 1,2,3) [--top K] [--logits]\n"
    "\n"
    "Runs a GPT-2 model folder (config.json, model.safetensors, vocab.json, merges.txt;\n"
    "docs/models.md) on the text or token ids and prints JSON: ids, tokens, attention\n"
    "(layers × heads × T × T softmax weights), next (the K most likely next tokens, with p).\n"
    "\n"
    "  --top K    how many next tokens (default 5)\n"
    "  --logits   add last_logits: the vocabulary-sized logits at the last position\n"
    "  --append-from N  run the first N tokens, then append the rest one at a time through\n"
    "             the key/value cache (same numbers; for checking the cache)\n"
    "  --head L,H instead: layer L's head H (0-based) as the result JSON of attnviz-cli's\n"
    "             scenarios (x = ln_1's output, q, k, v, scores, logits, weights, output)\n";

namespace {

constexpr int kExitBadInput = 2;

struct BadArguments {
    std::string message;
};

struct ModelArguments {
    std::string folder, text;
    std::vector<int> ids;
    bool have_text = false, have_ids = false, logits = false;
    int top = 5;
    long append_from = 0; // > 0: that many tokens at once, then the rest one by one (the cache)
    int layer = -1, head = -1; // --head: print that head's result JSON
};

// A whole number low…high, or nothing when the text is not one.
bool whole_number(const std::string& text, long low, long high, long& value) {
    size_t used = 0;
    try {
        value = std::stol(text, &used);
    } catch (const std::exception&) {
        return false;
    }
    return !text.empty() && used == text.size() && value >= low && value <= high;
}

std::vector<int> parse_ids(const std::string& text) {
    std::vector<int> ids;
    size_t at = 0;
    while (at <= text.size()) {
        const size_t comma = std::min(text.find(',', at), text.size());
        const std::string piece = text.substr(at, comma - at);
        long value = 0;
        if (!whole_number(piece, 0, 1000000000, value))
            throw BadArguments{"--ids needs token ids ≥ 0 separated by commas, got '" + piece + "'"};
        ids.push_back(static_cast<int>(value));
        at = comma + 1;
    }
    return ids;
}

ModelArguments parse(int argc, char** argv) {
    ModelArguments a;
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i], value;
        if (arg == "--logits") {
            a.logits = true;
            continue;
        }
        if (arg.rfind("--", 0) != 0) throw BadArguments{"unexpected '" + arg + "': options start with --"};
        if (const size_t eq = arg.find('='); eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg.resize(eq);
        } else {
            if (i + 1 == argc) throw BadArguments{arg + " needs a value"};
            value = argv[++i];
        }
        if (arg == "--model") a.folder = value;
        else if (arg == "--text") {
            a.text = value;
            a.have_text = true;
        } else if (arg == "--ids") {
            a.ids = parse_ids(value);
            a.have_ids = true;
        } else if (arg == "--append-from") {
            if (!whole_number(value, 1, 1000000000, a.append_from))
                throw BadArguments{"--append-from needs a whole number ≥ 1, got '" + value + "'"};
        } else if (arg == "--head") {
            const size_t comma = value.find(',');
            long l = 0, h = 0;
            if (comma == std::string::npos || !whole_number(value.substr(0, comma), 0, 100000, l) ||
                !whole_number(value.substr(comma + 1), 0, 100000, h))
                throw BadArguments{"--head needs LAYER,HEAD (0-based), got '" + value + "'"};
            a.layer = static_cast<int>(l), a.head = static_cast<int>(h);
        } else if (arg == "--top") {
            long k = 0;
            if (!whole_number(value, 0, 1000000, k))
                throw BadArguments{"--top needs a whole number 0…1000000, got '" + value + "'"};
            a.top = static_cast<int>(k);
        } else
            throw BadArguments{"unknown option '" + arg + "'"};
    }
    if (a.folder.empty()) throw BadArguments{"model needs --model DIR (a GPT-2 model folder)"};
    if (a.have_text == a.have_ids) throw BadArguments{"model needs exactly one of --text TEXT and --ids 1,2,3"};
    return a;
}

std::string result_json(const model::Gpt2Run& run, const std::function<std::string(int)>& token_text, int top,
                        bool with_logits) {
    const model::Gpt2Config& c = run.config();
    const int t = run.length();
    std::string out = "{\n  \"ids\": ";
    out += nlohmann::json(run.ids()).dump();
    std::vector<std::string> tokens;
    for (int id : run.ids()) tokens.push_back(token_text(id));
    out += ",\n  \"tokens\": " + nlohmann::json(tokens).dump() + ",\n  \"attention\": [";
    for (int l = 0; l < c.n_layer; ++l) {
        out += l ? ",\n    [" : "\n    [";
        for (int h = 0; h < c.n_head; ++h) {
            out += h ? ",\n      [" : "\n      [";
            for (int i = 0; i < t; ++i) {
                out += i ? ", [" : "[";
                const float* row = run.weights_row(l, h, i);
                for (int j = 0; j < t; ++j) { // the masked future as 0, so each row is T long
                    if (j) out += ", ";
                    if (j <= i) append_float(out, row[j]);
                    else out += '0';
                }
                out += ']';
            }
            out += ']';
        }
        out += "]";
    }
    out += "\n  ],\n  \"next\": [";
    const std::vector<float> logits = run.logits(t - 1);
    const std::vector<model::NextToken> next = model::top_next_tokens(logits, top);
    for (size_t r = 0; r < next.size(); ++r) {
        char p[32];
        std::snprintf(p, sizeof p, "%.9g", next[r].p);
        out += (r ? ",\n    {\"id\": " : "\n    {\"id\": ") + std::to_string(next[r].id) +
               ", \"token\": " + nlohmann::json(token_text(next[r].id)).dump() + ", \"p\": " + p + "}";
    }
    const size_t k = next.size();
    out += k ? "\n  ]" : "]";
    if (with_logits) {
        out += ",\n  \"last_logits\": [";
        for (size_t i = 0; i < logits.size(); ++i) {
            if (i) out += ", ";
            append_float(out, logits[i]);
        }
        out += "]";
    }
    return out + "\n}\n";
}

} // namespace

int model_command(int argc, char** argv) {
    try {
        const ModelArguments a = parse(argc, argv);
        // The tokenizer's files are optional with --ids: without them a token shows as its id.
        const std::string vocab = a.folder + "/vocab.json", merges = a.folder + "/merges.txt";
        std::optional<model::Bpe> bpe;
        if (a.have_text || std::ifstream(vocab) || std::ifstream(merges)) bpe = model::load_bpe(vocab, merges);
        const std::vector<int> ids = a.have_text ? model::bpe_encode(*bpe, a.text) : a.ids;
        if (ids.empty()) throw BadArguments{"no tokens to run (the text is empty)"};
        const model::Gpt2Model m = model::load_gpt2(a.folder);
        model::Gpt2Run run(m);
        if (a.append_from > 0 && static_cast<size_t>(a.append_from) < ids.size()) {
            run.append({ids.begin(), ids.begin() + a.append_from});
            for (size_t i = static_cast<size_t>(a.append_from); i < ids.size(); ++i) run.append({ids[i]});
        } else {
            run.append(ids);
        }
        const auto token_text = [&](int id) {
            return bpe && id < model::bpe_vocab_size(*bpe) ? model::bpe_display_token(*bpe, id) : "#" + std::to_string(id);
        };
        if (a.layer >= 0) {
            std::vector<std::string> tokens;
            for (int id : run.ids()) tokens.push_back(token_text(id));
            std::cout << result_to_json(*model::head_result(m, run, a.layer, a.head, tokens)).dump() << "\n";
            return 0;
        }
        std::cout << result_json(run, token_text, a.top, a.logits);
        return 0;
    } catch (const BadArguments& e) {
        std::cerr << "attnviz-cli: " << e.message << " (attnviz-cli model --help)\n";
    } catch (const model::ModelError& e) {
        std::cerr << "attnviz-cli: " << e.what() << "\n";
    }
    return kExitBadInput;
}

} // namespace attn::cli
