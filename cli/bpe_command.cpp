// attnviz-cli bpe --vocab FILE --merges FILE (--text TEXT | --file FILE)...
// Prints a JSON array with one object per text: "ids", "tokens" (readable, as
// bpe_display_token shows them) and "round_trip" (decode(encode(text)) gave the same
// bytes). --file takes any bytes, so the reference tests can feed invalid UTF-8.
#include "cli/bpe_command.h"
#include "core/model/bpe.h"
#include "core/model/model_error.h"
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

const char* const kBpeUsage =
    "usage: attnviz-cli bpe (--model DIR | --vocab FILE --merges FILE) (--text TEXT | --file FILE)...\n"
    "\n"
    "Tokenizes each text with GPT-2's byte-level BPE and prints a JSON array, one object per\n"
    "text: ids, tokens (spaces shown as ·, newlines as ↵, partial UTF-8 as <0xE4>) and\n"
    "round_trip (decoding the ids gave the text back). --model DIR reads DIR/vocab.json and\n"
    "DIR/merges.txt.\n";

int usage_error(const std::string& message) {
    std::cerr << kBpeUsage << "attnviz-cli: " << message << "\n";
    return 2;
}

} // namespace

int bpe_command(int argc, char** argv) {
    std::string vocab, merges;
    std::vector<std::pair<bool, std::string>> inputs; // (is a file, text or path)
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::cout << kBpeUsage;
            return 0;
        }
        if (arg != "--model" && arg != "--vocab" && arg != "--merges" && arg != "--text" && arg != "--file")
            return usage_error("bpe: unknown option '" + arg + "'");
        if (i + 1 == argc) return usage_error("bpe: " + arg + " needs a value");
        const std::string value = argv[++i];
        if (arg == "--model") vocab = value + "/vocab.json", merges = value + "/merges.txt";
        else if (arg == "--vocab") vocab = value;
        else if (arg == "--merges") merges = value;
        else inputs.emplace_back(arg == "--file", value);
    }
    if (vocab.empty() || merges.empty()) return usage_error("bpe needs --model DIR, or --vocab and --merges");
    if (inputs.empty()) return usage_error("bpe needs at least one --text or --file");
    try {
        const attn::model::Bpe bpe = attn::model::load_bpe(vocab, merges);
        nlohmann::json out = nlohmann::json::array();
        for (const auto& [is_file, value] : inputs) {
            std::string text = value;
            if (is_file) {
                std::ifstream file(value, std::ios::binary);
                if (!file) {
                    std::cerr << "attnviz-cli: cannot open '" << value << "'\n";
                    return 2;
                }
                std::ostringstream contents;
                contents << file.rdbuf();
                text = contents.str();
            }
            const std::vector<int> ids = attn::model::bpe_encode(bpe, text);
            nlohmann::json tokens = nlohmann::json::array();
            for (const int id : ids) tokens.push_back(attn::model::bpe_display_token(bpe, id));
            out.push_back({{"ids", ids}, {"tokens", tokens}, {"round_trip", attn::model::bpe_decode(bpe, ids) == text}});
        }
        std::cout << out.dump(1) << "\n";
        return 0;
    } catch (const attn::model::ModelError& e) {
        std::cerr << "attnviz-cli: " << e.what() << "\n";
        return 2;
    }
}
