// The training tasks: their examples, their known attention patterns, the configuration
// format, and — the playground's promise — that each task is learned from seed 1 within
// its documented number of steps. Counted in steps, never timed.
#include "core/train/run.h"
#include "core/train/training_json.h"
#include "test_helpers.h"
#include <algorithm>
#include <set>

using namespace attn;
using namespace attn::train;
using attn::test::error_field;
using attn::test::require_near;
using attn::test::rows;

namespace {

bool validate_ok(const TrainingConfig& c) {
    validate(c);
    return true;
}

Example example_with(TaskKind kind, std::uint64_t seed = 4) {
    SplitMix64 rng(seed);
    return generate_example(task_by_kind(kind), rng);
}

} // namespace

TEST_CASE("the five tasks by name", "[training][tasks]") {
    CHECK(task_names() == "classic, copy, reverse, previous, sort");
    CHECK(find_task("reverse")->kind == TaskKind::Reverse);
    CHECK(find_task("Reverse") == nullptr);
    for (const Task& t : all_tasks()) {
        INFO(t.name);
        CHECK(int(t.class_names.size()) == (t.output == OutputKind::Sigmoid ? 2 : t.classes));
        CHECK(validate_ok(default_config(t.kind)));
    }
}

TEST_CASE("classic: x = [[1,0,1],[0,1,0],[1,1,1]], y = [1,0,1]", "[training][tasks]") {
    const Example e = example_with(TaskKind::Classic);
    require_near(e.vectors, rows({{1, 0, 1}, {0, 1, 0}, {1, 1, 1}}), 0);
    CHECK(e.targets == std::vector<int>{1, 0, 1});
    require_near(expected_attention(task_by_kind(TaskKind::Classic), e), rows({{0.5, 0, 0.5}, {0, 1, 0}, {0.5, 0, 0.5}}), 0);
}

TEST_CASE("reverse, previous and copy examples and their patterns", "[training][tasks]") {
    const Example r = example_with(TaskKind::Reverse);
    REQUIRE(r.tokens.size() == 6);
    for (int i = 0; i < 6; ++i) CHECK(r.targets[i] == r.tokens[5 - i]);
    const Matrix pr = expected_attention(task_by_kind(TaskKind::Reverse), r);
    for (int i = 0; i < 6; ++i) CHECK(pr(i, 5 - i) == 1);
    CHECK(pr.sum() == 6);

    const Example p = example_with(TaskKind::Previous);
    CHECK(p.targets[0] == kUnscored);
    for (int i = 1; i < 6; ++i) CHECK(p.targets[i] == p.tokens[i - 1]);
    const Matrix pp = expected_attention(task_by_kind(TaskKind::Previous), p);
    CHECK(pp.row(0).sum() == 0);
    for (int i = 1; i < 6; ++i) CHECK(pp(i, i - 1) == 1);

    Example c;
    c.tokens = {1, 4, 1, 2};
    c.targets = {1, 4, 1, 2};
    // Identical tokens carry the same value, so either copy of "b" is right.
    require_near(expected_attention(task_by_kind(TaskKind::Copy), c),
                 rows({{0.5, 0, 0.5, 0}, {0, 1, 0, 0}, {0.5, 0, 0.5, 0}, {0, 0, 0, 1}}), 0);
}

TEST_CASE("sort: distinct digits, then '=', then the sorted digits shifted by one", "[training][tasks]") {
    const Task& task = task_by_kind(TaskKind::Sort);
    SplitMix64 rng(9);
    for (int n = 0; n < 50; ++n) {
        const Example e = generate_example(task, rng);
        REQUIRE(e.tokens.size() == 8);
        std::vector<int> list(e.tokens.begin(), e.tokens.begin() + 4);
        CHECK(std::set<int>(list.begin(), list.end()).size() == 4);
        std::vector<int> sorted = list;
        std::sort(sorted.begin(), sorted.end());
        CHECK(task.token_names[e.tokens[4]] == "=");
        CHECK(std::vector<int>(e.targets.begin() + 4, e.targets.end()) == sorted);
        CHECK(std::vector<int>(e.tokens.begin() + 5, e.tokens.end()) == std::vector<int>(sorted.begin(), sorted.end() - 1));
        const Matrix p = expected_attention(task, e);
        for (int i = 4; i < 8; ++i) {
            CHECK(p.row(i).sum() == 1);
            const int key = int(std::find(list.begin(), list.end(), e.targets[i]) - list.begin());
            CHECK(p(i, key) == 1); // the input position holding the next digit
        }
    }
}

TEST_CASE("held-out examples never appear in training batches", "[training][tasks]") {
    TrainingRun run = start_training(default_config(TaskKind::Sort));
    CHECK(run.held_out.size() == kHeldOutExamples);
    CHECK(run.held_out_keys.size() == kHeldOutExamples);
    // Sort has 5040 possible examples, so unfiltered draws hit the 256 held out ones often…
    SplitMix64 unfiltered = run.data;
    int collisions = 0;
    for (int n = 0; n < 1000; ++n)
        collisions += run.held_out_keys.count(example_key(generate_example(*run.task, unfiltered))) ? 1 : 0;
    CHECK(collisions > 20);
    // …and training's draws never do.
    int leaks = 0;
    for (int n = 0; n < 1000; ++n) leaks += run.held_out_keys.count(example_key(draw_training_example(run))) ? 1 : 0;
    CHECK(leaks == 0);
}

TEST_CASE("the same seed gives the same run; another seed another run", "[training]") {
    auto train = [](std::uint64_t seed) {
        TrainingConfig c = default_config(TaskKind::Previous);
        c.seed = seed;
        TrainingRun run = start_training(c);
        for (int s = 0; s < 25; ++s) train_step(run);
        return run;
    };
    const TrainingRun a = train(3), b = train(3), c = train(4);
    CHECK(a.parameters.wq == b.parameters.wq);
    CHECK(a.history.back().loss == b.history.back().loss);
    CHECK(a.parameters.wq != c.parameters.wq);
}

TEST_CASE("each task reaches its documented held-out accuracy from seed 1", "[training][convergence]") {
    for (const Task& task : all_tasks()) {
        INFO(task.name << " after " << task.target_steps << " steps");
        TrainingRun run = start_training(default_config(task.kind));
        const Evaluation before = evaluate(run);
        for (int s = 0; s < task.target_steps; ++s) train_step(run);
        const Evaluation after = evaluate(run);
        CHECK(before.accuracy < 0.8);
        CHECK(after.accuracy >= task.target_accuracy);
        CHECK(after.loss < before.loss / 10);
        // The point of the playground: the pattern that forms is the one that solves the task.
        if (task.kind != TaskKind::Classic) { // classic has mirror-image solutions, see task.cpp
            CHECK(before.attention_on_target < 0.35);
            CHECK(after.attention_on_target > 0.6);
        }
    }
}

TEST_CASE("training configuration JSON: defaults, overrides, and errors naming the key", "[training][json]") {
    const TrainingConfig c = config_from_json({{"task", "reverse"}, {"heads", 2}, {"optimizer", "sgd"}, {"seed", 9}});
    CHECK(c.task == TaskKind::Reverse);
    CHECK(c.heads == 2);
    CHECK(c.optimizer == OptimizerKind::Sgd);
    CHECK(c.seed == 9);
    CHECK(c.positional); // the task's default
    CHECK(config_from_json(config_to_json(c)).d_model == c.d_model);

    using nlohmann::json;
    CHECK(error_field([] { config_from_json({{"task", "translate"}}); }) == "task");
    CHECK(error_field([] { config_from_json({{"seed", 1}}); }) == "task");
    CHECK(error_field([] { config_from_json({{"task", "copy"}, {"heads", 3}}); }) == "heads");
    CHECK(error_field([] { config_from_json({{"task", "copy"}, {"learning_rate", -1}}); }) == "learning_rate");
    CHECK(error_field([] { config_from_json({{"task", "copy"}, {"learning_rate", "fast"}}); }) == "learning_rate");
    CHECK(error_field([] { config_from_json({{"task", "copy"}, {"batch_size", 0}}); }) == "batch_size");
    CHECK(error_field([] { config_from_json({{"task", "copy"}, {"d_model", 1000}}); }) == "d_model");
    CHECK(error_field([] { config_from_json({{"task", "classic"}, {"d_model", 4}}); }) == "d_model");
    CHECK(error_field([] { config_from_json({{"task", "copy"}, {"lr", 0.1}}); }) == "lr");
    CHECK(error_field([] { config_from_json({{"task", "copy"}, {"optimizer", "rmsprop"}}); }) == "optimizer");
    CHECK(attn::test::error_message([] { config_from_json(json::array()); }) == "a training configuration must be a JSON object");
}

TEST_CASE("a learning rate far too large stops training at the last finite model", "[training]") {
    TrainingConfig c = default_config(TaskKind::Copy);
    c.optimizer = OptimizerKind::Sgd;
    c.learning_rate = 10;
    TrainingRun run = start_training(c);
    for (int s = 0; s < 100 && run.diverged_at < 0; ++s) train_step(run);
    REQUIRE(run.diverged_at > 0);
    CHECK(run.step == run.diverged_at - 1);
    for (const Matrix* m : tensors(run.parameters)) CHECK(m->allFinite());
    const Matrix frozen = run.parameters.wq;
    train_step(run);
    CHECK(run.parameters.wq == frozen);
    CHECK(std::isfinite(evaluate(run).loss));
    CHECK(report_to_json(run)["diverged_at_step"] == run.diverged_at);
}

TEST_CASE("a learner's own example, typed in the tokens' names", "[training][tasks]") {
    const Task& reverse = task_by_kind(TaskKind::Reverse);
    const Example r = parse_example(reverse, "b f a a f h");
    CHECK(r.tokens == std::vector<int>{1, 5, 0, 0, 5, 7});
    CHECK(r.targets == std::vector<int>{7, 5, 0, 0, 5, 1});
    CHECK(parse_example(reverse, "bfaafh").tokens == r.tokens);
    CHECK(parse_example(task_by_kind(TaskKind::Previous), "abcdef").targets ==
          std::vector<int>{kUnscored, 0, 1, 2, 3, 4});

    const Example s = parse_example(task_by_kind(TaskKind::Sort), "3 1 4 0");
    CHECK(s.tokens == std::vector<int>{3, 1, 4, 0, 10, 0, 1, 3});
    CHECK(s.targets == std::vector<int>{kUnscored, kUnscored, kUnscored, kUnscored, 0, 1, 3, 4});

    using attn::test::error_message;
    CHECK(error_message([&] { parse_example(reverse, "abc"); }) ==
          "example: type 6 letters a–h (the length the model was trained on), got 3");
    CHECK(error_message([&] { parse_example(reverse, "abcdez"); }) == "example: 'z' is not one of the letters a–h");
    CHECK(error_message([&] { parse_example(reverse, "abcde\xff"); }) ==
          "example: a non-ASCII character is not one of the letters a–h");
    CHECK(error_message([&] { parse_example(task_by_kind(TaskKind::Sort), "3 3 4 0"); }) ==
          "example: type 4 different digits 0–9, like 3 1 4 0");
    CHECK(error_message([&] { parse_example(task_by_kind(TaskKind::Sort), "3 1 4 ="); }) ==
          "example: '=' is not one of the digits 0–9");
    CHECK(error_message([&] { parse_example(task_by_kind(TaskKind::Classic), "x"); }) ==
          "example: the classic task has only its one example");
}

TEST_CASE("training sizes: at the limit they start and one past is refused naming the limit", "[training][limits]") {
    CHECK_NOTHROW(config_from_json({{"task", "copy"}, {"batch_size", kMaxBatch}, {"d_model", kMaxTrainingModelDim}}));
    const auto message = [](const nlohmann::json& j) { return test::error_message([&] { config_from_json(j); }); };
    CHECK(message({{"task", "copy"}, {"batch_size", kMaxBatch + 1}}) == "batch_size: must be 1…256, got 257");
    CHECK(message({{"task", "copy"}, {"d_model", kMaxTrainingModelDim + 1}}) == "d_model: must be 1…64, got 65");
    // Far past the limit: refused by the same words before the value can overflow an int.
    CHECK(message({{"task", "copy"}, {"batch_size", 1ull << 40}}) == "batch_size: must be 1…256, got 1099511627776");
    CHECK(message({{"task", "copy"}, {"heads", 1ull << 40}}) == "heads: must be 1…64, got 1099511627776");
    CHECK(message({{"task", "copy"}, {std::string("\0k", 2), 1}}) == "\"\\u0000k\": unknown key");
}
