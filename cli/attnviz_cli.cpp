// attnviz-cli: a scenario (JSON, docs/scenario-format.md) in, every intermediate of the
// forward pass out — as JSON (default) or as textbook-style tables.
// Exit status: 0 ok, 2 bad usage or bad scenario (message on stderr).
#include "cli/attention_command.h"
#include "cli/bpe_command.h"
#include "core/error.h"
#include "core/result.h"
#include "core/scenario_json.h"
#include "core/table_format.h"
#include "core/train/training_json.h"
#include "model_command.h"
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
    "  --help          this text\n"
    "\n"
    "usage: attnviz-cli train --task NAME [--steps N] [--seed S] [options]\n"
    "\n"
    "Trains an attention layer on a built-in task and prints JSON: the held-out loss and\n"
    "accuracy per logged step, final_accuracy, and one held-out example's attention weights.\n"
    "\n"
    "  --task NAME          classic, copy, reverse, previous or sort\n"
    "  --steps N            training steps (default 1000, at most 1000000)\n"
    "  --seed S             initialisation and data seed (default 1)\n"
    "  --log-every N        evaluate on the held-out examples every N steps (default steps/20)\n"
    "  --optimizer adam|sgd, --lr X, --batch N, --d-model N, --heads N,\n"
    "  --positional on|off, --causal on|off   override the task's defaults\n"
    "  --trace              add \"trace\": the initial and final parameters, every batch and\n"
    "                       every step's loss (for checking against another implementation)\n"
    "Exit status 3 when training diverged (the report is still printed).\n"
    "\n"
    "usage: attnviz-cli bpe (--model DIR | --vocab FILE --merges FILE) (--text TEXT | --file FILE)...\n"
    "\n"
    "GPT-2's byte-level BPE: ids and readable tokens as JSON (attnviz-cli bpe --help).\n"
    "\n"
    "usage: attnviz-cli attention FILE [--layer L --head H | --all]\n"
    "\n"
    "An attention file written from Python (docs/attention-files.md), as attnviz reads it\n"
    "(attnviz-cli attention --help).\n";

constexpr long kMaxTrainingSteps = 1000000; // minutes at most (docs/training.md has steps per second)
constexpr int kExitDiverged = 3;

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

long whole_number(const std::string& option, const std::string& text, long low, long high) {
    size_t used = 0;
    long value = 0;
    try {
        value = std::stol(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || text.empty() || value < low || value > high)
        throw UsageError{option + " needs a whole number " + std::to_string(low) + "…" + std::to_string(high) + ", got '" + text + "'"};
    return value;
}

bool on_off(const std::string& option, const std::string& text) {
    if (text != "on" && text != "off") throw UsageError{option + " needs on or off, got '" + text + "'"};
    return text == "on";
}

// attnviz-cli train …: the options become the same JSON configuration the web API takes,
// so both are validated by one function.
int train_command(int argc, char** argv) {
    nlohmann::json config = nlohmann::json::object();
    long steps = 1000, log_every = 0;
    bool trace = false;
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i], value;
        if (arg == "--trace") {
            trace = true;
            continue;
        }
        if (arg.rfind("--", 0) != 0) throw UsageError{"unexpected '" + arg + "': options start with --"};
        if (const size_t eq = arg.find('='); eq != std::string::npos) { // --task=copy
            value = arg.substr(eq + 1);
            arg.resize(eq);
        } else {
            if (i + 1 == argc || std::strncmp(argv[i + 1], "--", 2) == 0) throw UsageError{arg + " needs a value"};
            value = argv[++i];
        }
        if (arg == "--task") config["task"] = value;
        else if (arg == "--steps") steps = whole_number(arg, value, 0, kMaxTrainingSteps);
        else if (arg == "--seed") {
            // Any 64-bit seed, as the JSON configuration and the UI take.
            size_t used = 0;
            unsigned long long seed = 0;
            try {
                seed = std::stoull(value, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used == 0 || used != value.size() || value[0] == '-')
                throw UsageError{"--seed needs a whole number 0…18446744073709551615, got '" + value + "'"};
            config["seed"] = seed;
        }
        else if (arg == "--log-every") log_every = whole_number(arg, value, 1, kMaxTrainingSteps);
        else if (arg == "--optimizer") config["optimizer"] = value;
        else if (arg == "--lr") {
            try {
                size_t used = 0;
                config["learning_rate"] = std::stod(value, &used);
                if (used != value.size()) throw std::invalid_argument(value);
            } catch (const std::exception&) {
                throw UsageError{"--lr needs a number in (0, 10], got '" + value + "'"};
            }
        } else if (arg == "--batch") config["batch_size"] = whole_number(arg, value, 1, 1000000);
        else if (arg == "--d-model") config["d_model"] = whole_number(arg, value, 1, 1000000);
        else if (arg == "--heads") config["heads"] = whole_number(arg, value, 1, 1000000);
        else if (arg == "--positional") config["positional"] = on_off(arg, value);
        else if (arg == "--causal") config["causal"] = on_off(arg, value);
        else throw UsageError{"unknown option '" + arg + "'"};
    }
    if (!config.contains("task")) throw UsageError{"train needs --task: one of " + attn::train::task_names()};
    attn::train::TrainingRun run = attn::train::start_training(attn::train::config_from_json(config));
    if (log_every == 0) log_every = std::max(1L, steps / 20);
    attn::train::record_evaluation(run);
    nlohmann::json batches = nlohmann::json::array(), losses = nlohmann::json::array();
    const nlohmann::json initial = attn::train::parameters_to_json(run.parameters);
    for (long s = 1; s <= steps; ++s) {
        if (trace) { // draw the step's batch on a copy of the data stream: train_step draws the same
            const attn::SplitMix64 before = run.data;
            nlohmann::json batch = nlohmann::json::array();
            for (int b = 0; b < run.config.batch_size; ++b)
                batch.push_back(attn::train::training_example_to_json(attn::train::draw_training_example(run)));
            run.data = before;
            batches.push_back(std::move(batch));
        }
        const attn::train::StepRecord record = attn::train::train_step(run);
        if (trace) losses.push_back(record.loss);
        if (run.diverged_at >= 0) break;
        if (s % log_every == 0 || s == steps) attn::train::record_evaluation(run);
    }
    nlohmann::json report = attn::train::report_to_json(run);
    if (trace)
        report["trace"] = {{"initial_parameters", initial}, {"batches", batches}, {"step_losses", losses},
                           {"final_parameters", attn::train::parameters_to_json(run.parameters)}};
    std::cout << report.dump(2) << "\n";
    if (run.diverged_at >= 0) { // the report is still printed: it shows how far training got
        std::cerr << "attnviz-cli: training diverged at step " << run.diverged_at
                  << " (the loss or an update overflowed): try a smaller --lr\n";
        return kExitDiverged;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::strcmp(argv[1], "bpe") == 0) return bpe_command(argc, argv);
    if (argc > 1 && std::strcmp(argv[1], "attention") == 0) return attn::cli::attention_command(argc, argv);
    const bool model = argc > 1 && std::strcmp(argv[1], "model") == 0;
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::cout << (model ? attn::cli::kModelUsage : kUsage);
            if (!model) std::cout << "\n" << attn::cli::kModelUsage;
            return 0;
        }
    if (model) return attn::cli::model_command(argc, argv);
    try {
        if (argc > 1 && std::strcmp(argv[1], "train") == 0) return train_command(argc, argv);
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
