// attnviz-cli: a scenario (JSON, docs/scenario-format.md) in, every intermediate of the
// forward pass out — as JSON (default) or as textbook-style tables.
// Exit status: 0 ok, 2 bad usage or bad scenario (message on stderr).
#include "core/error.h"
#include "core/result.h"
#include "core/scenario_json.h"
#include "core/table_format.h"
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

constexpr int kExitBadInput = 2;

const char* const kUsage =
    "usage: attnviz-cli [--format json|table] [FILE | -]\n"
    "\n"
    "Reads a scenario (JSON, see docs/scenario-format.md) from FILE, or from stdin when\n"
    "FILE is '-' or absent, computes self-attention and prints every intermediate.\n"
    "\n"
    "  --format json   the result as JSON (default)\n"
    "  --format table  labelled matrices: X, per head Q K V, scores, logits, weights,\n"
    "                  head output, then concat and output\n"
    "  --help          this text\n";

struct Options {
    std::string input = "-";
    bool table = false;
};

struct UsageError { // bad arguments: the usage text follows the message
    std::string message;
};

struct InputError { // an unreadable input file
    std::string message;
};

Options parse_arguments(int argc, char** argv) {
    Options options;
    bool have_input = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--format") {
            if (i + 1 == argc) throw UsageError{"--format needs a value: json or table"};
            const std::string format = argv[++i];
            if (format != "json" && format != "table") throw UsageError{"unknown format '" + format + "'"};
            options.table = format == "table";
        } else if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
            throw UsageError{"unknown option '" + arg + "'"};
        } else if (have_input) {
            throw UsageError{"more than one input given"};
        } else {
            options.input = arg;
            have_input = true;
        }
    }
    return options;
}

std::string read_input(const std::string& path) {
    if (path == "-") return {std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    std::ifstream file(path, std::ios::binary);
    if (!file) throw InputError{"cannot open '" + path + "'"};
    std::ostringstream contents;
    contents << file.rdbuf();
    return contents.str();
}

int fail(const std::string& message) {
    std::cerr << "attnviz-cli: " << message << "\n";
    return kExitBadInput;
}

} // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::cout << kUsage;
            return 0;
        }
    try {
        const Options options = parse_arguments(argc, argv);
        const auto result = attn::compute(attn::scenario_from_string(read_input(options.input)));
        if (options.table)
            std::cout << attn::format_result_table(*result);
        else
            std::cout << attn::result_to_json(*result).dump(2) << "\n";
        return 0;
    } catch (const UsageError& e) {
        std::cerr << kUsage;
        return fail(e.message);
    } catch (const InputError& e) {
        return fail(e.message);
    } catch (const attn::ScenarioError& e) {
        return fail(e.what());
    } catch (const std::exception& e) { // not the input's fault (e.g. out of memory)
        std::cerr << "attnviz-cli: internal error: " << e.what() << "\n";
        return 1;
    }
}
