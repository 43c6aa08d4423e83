#include "attention_command.h"
#include "core/model/attention_file.h"
#include "core/model/model_error.h"
#include "float_text.h"
#include <algorithm>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

namespace attn::cli {

const char* const kAttentionUsage =
    "usage: attnviz-cli attention FILE [--layer L --head H | --all]\n"
    "\n"
    "Reads an attention file (JSON or safetensors, docs/attention-files.md: what a Hugging\n"
    "Face model's output_attentions gives) and prints what attnviz read, as JSON: format,\n"
    "model, tokens, shape [layers, heads, T, T], causal, and\n"
    "\n"
    "  (default)            summary: per layer and head, the mean over query rows of the\n"
    "                       largest weight (max) and of the entropy in bits (entropy_bits)\n"
    "  --layer L --head H   weights: that head's T × T weights (row i = query i), 0-based\n"
    "  --all                attention: every head's weights, layers × heads × T × T\n"
    "\n"
    "A bad file exits with status 2 and one line naming what is wrong.\n";

namespace {

constexpr int kExitBadInput = 2;

struct BadArguments {
    std::string message;
};

struct AttentionArguments {
    std::string path;
    long layer = -1, head = -1;
    bool all = false;
};

long index_value(const std::string& option, const std::string& text) {
    size_t used = 0;
    long value = -1;
    try {
        value = std::stol(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || value < 0) throw BadArguments{option + " needs a whole number ≥ 0, got '" + text + "'"};
    return value;
}

AttentionArguments parse(int argc, char** argv) {
    AttentionArguments a;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--all") {
            a.all = true;
        } else if (arg == "--layer" || arg == "--head") {
            if (i + 1 == argc) throw BadArguments{arg + " needs a value"};
            (arg == "--layer" ? a.layer : a.head) = index_value(arg, argv[++i]);
        } else if (arg.rfind("--", 0) == 0) {
            throw BadArguments{"unknown option '" + arg + "'"};
        } else if (!a.path.empty()) {
            throw BadArguments{"more than one file given"};
        } else {
            a.path = arg;
        }
    }
    if (a.path.empty()) throw BadArguments{"attention needs a FILE"};
    if ((a.layer < 0) != (a.head < 0)) throw BadArguments{"--layer and --head go together"};
    if (a.all && a.layer >= 0) throw BadArguments{"--all prints every head: give it or --layer/--head, not both"};
    return a;
}

void append_matrix(std::string& out, const float* m, int t, const std::string& indent) {
    out += "[";
    for (int i = 0; i < t; ++i) {
        out += i ? ",\n" + indent + " [" : "[";
        for (int j = 0; j < t; ++j) {
            if (j) out += ", ";
            append_float(out, m[static_cast<size_t>(i) * t + j]);
        }
        out += "]";
    }
    out += "]";
}

// Per head, the mean over query rows of the largest weight and of the entropy in bits
// (0 · log 0 = 0): peaked heads have a high max and a low entropy.
nlohmann::json summary(const model::AttentionFile& file) {
    nlohmann::json layers = nlohmann::json::array();
    for (int l = 0; l < file.n_layers; ++l) {
        nlohmann::json heads = nlohmann::json::array();
        for (int h = 0; h < file.n_heads; ++h) {
            double max_sum = 0, entropy_sum = 0;
            for (int i = 0; i < file.T; ++i) {
                const float* row = file.head(l, h) + static_cast<size_t>(i) * file.T;
                max_sum += *std::max_element(row, row + file.T);
                for (int j = 0; j < file.T; ++j)
                    if (row[j] > 0) entropy_sum -= row[j] * std::log2(static_cast<double>(row[j]));
            }
            heads.push_back({{"max", max_sum / file.T}, {"entropy_bits", entropy_sum / file.T}});
        }
        layers.push_back(std::move(heads));
    }
    return layers;
}

} // namespace

int attention_command(int argc, char** argv) {
    for (int i = 2; i < argc; ++i)
        if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
            std::cout << kAttentionUsage;
            return 0;
        }
    try {
        const AttentionArguments a = parse(argc, argv);
        const model::AttentionFile file = model::read_attention_file(a.path);
        if (a.layer >= file.n_layers || a.head >= file.n_heads)
            throw BadArguments{"--layer " + std::to_string(a.layer) + " --head " + std::to_string(a.head) + ": " + a.path + " has " +
                               std::to_string(file.n_layers) + " layers and " + std::to_string(file.n_heads) +
                               " heads, numbered from 0"};
        std::string out = "{\n  \"format\": \"" + file.format + "\",\n  \"model\": " +
                          (file.model.empty() ? std::string("null") : nlohmann::json(file.model).dump()) +
                          ",\n  \"tokens\": " + nlohmann::json(file.tokens).dump() + ",\n  \"shape\": " +
                          nlohmann::json({file.n_layers, file.n_heads, file.T, file.T}).dump() +
                          ",\n  \"causal\": " + (file.causal ? "true" : "false") +
                          ",\n  \"causal_given\": " + (file.causal_given ? "true" : "false");
        if (a.layer >= 0) {
            out += ",\n  \"layer\": " + std::to_string(a.layer) + ",\n  \"head\": " + std::to_string(a.head) + ",\n  \"weights\": ";
            append_matrix(out, file.head(static_cast<int>(a.layer), static_cast<int>(a.head)), file.T, "  ");
        } else if (a.all) {
            out += ",\n  \"attention\": [";
            for (int l = 0; l < file.n_layers; ++l)
                for (int h = 0; h < file.n_heads; ++h) {
                    out += h ? ",\n    " : (l ? "],\n   [" : "\n   [");
                    append_matrix(out, file.head(l, h), file.T, "    ");
                }
            out += "]]";
        } else {
            out += ",\n  \"summary\": " + summary(file).dump();
        }
        std::cout << out << "\n}\n";
        return 0;
    } catch (const BadArguments& e) {
        std::cerr << "attnviz-cli: " << e.message << " (attnviz-cli attention --help)\n";
    } catch (const model::ModelError& e) {
        std::cerr << "attnviz-cli: " << e.what() << "\n";
    } catch (const std::exception& e) { // not the file's fault (out of memory)
        std::cerr << "attnviz-cli: internal error: " << e.what() << "\n";
        return 1;
    }
    return kExitBadInput;
}

} // namespace attn::cli
