#include "task.h"
#include "core/error.h"
#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace attn::train {

namespace {

constexpr int kLetters = 8;       // copy, reverse, previous: tokens a…h
constexpr int kSortValues = 10;   // sort: distinct integers 0…9
constexpr int kSortLength = 4;    // sort four of them
constexpr int kSortSeparator = kSortValues; // the "=" token between the list and its sorted form

std::vector<std::string> letter_names() {
    std::vector<std::string> names;
    for (int i = 0; i < kLetters; ++i) names.push_back(std::string(1, char('a' + i)));
    return names;
}

std::vector<std::string> digit_names(int count) {
    std::vector<std::string> names;
    for (int i = 0; i < count; ++i) names.push_back(std::to_string(i));
    return names;
}

std::vector<Task> make_tasks() {
    std::vector<Task> tasks;
    // Keras' classic self-attention example: three 3-d vectors, one label per token.
    // The label is the token's own first feature, so each token must keep to itself or to
    // the other token with its label; uniform attention would give all three the same output.
    tasks.push_back({TaskKind::Classic, "classic", "Classic: x = [[1,0,1],[0,1,0],[1,1,1]]",
                     "Three vectors, labels y = [1, 0, 1]: each token attends to tokens with its own label.",
                     "Seed 3: the layer attends to the other label instead and flips it in W_out — "
                     "more than one pattern solves a task.",
                     3, 0, 3, 1, OutputKind::Sigmoid, {"x1", "x2", "x3"}, {"0", "1"},
                     3, 1, false, false, 0.05, 1, 1.0, 100});
    tasks.push_back({TaskKind::Copy, "copy", "Copy each token",
                     "Output each token unchanged: each token attends to itself (or to an identical token).",
                     "Switch to SGD: after 1000 steps it is still below 98%, where Adam was done by step 50.",
                     6, kLetters, 0, kLetters, OutputKind::Softmax, letter_names(), letter_names(),
                     16, 1, false, false, 0.01, 16, 1.0, 300});
    tasks.push_back({TaskKind::Reverse, "reverse", "Reverse the sequence",
                     "Output the sequence backwards: token i attends to its mirror T−1−i. Needs positions.",
                     "Turn positional encoding off: without positions a token cannot find its mirror, "
                     "and accuracy stalls near 37%.",
                     6, kLetters, 0, kLetters, OutputKind::Softmax, letter_names(), letter_names(),
                     16, 1, true, false, 0.01, 16, 1.0, 500});
    tasks.push_back({TaskKind::Previous, "previous", "Previous token",
                     "Output the token before each one: token i attends to i−1. Needs positions; the first token is not scored.",
                     "Turn positional encoding off: \"the token before\" means nothing without positions; "
                     "accuracy stalls near 37%.",
                     6, kLetters, 0, kLetters, OutputKind::Softmax, letter_names(), letter_names(),
                     16, 1, true, false, 0.01, 16, 1.0, 500});
    auto sort_names = digit_names(kSortValues);
    sort_names.push_back("=");
    tasks.push_back({TaskKind::Sort, "sort", "Sort four digits",
                     "Read \"3 1 4 0 = 0 1 3\" and predict the next sorted digit at '=' and after: "
                     "each attends to the smallest input digit larger than itself. Causal mask.",
                     "Turn the causal mask off: accuracy still reaches 100%, but attention on target halves — "
                     "the answer is also visible to the right, among the sorted digits, and the layer looks at both copies.",
                     2 * kSortLength, kSortValues + 1, 0, kSortValues, OutputKind::Softmax, sort_names,
                     digit_names(kSortValues), 32, 1, false, true, 0.01, 16, 1.0, 600});
    return tasks;
}

int below(SplitMix64& rng, int n) { return int(rng.next() % std::uint64_t(n)); }

// copy, reverse, previous: the targets follow from the tokens.
Example letters_example(TaskKind kind, std::vector<int> tokens) {
    Example e;
    const int T = int(tokens.size());
    e.tokens = std::move(tokens);
    for (int i = 0; i < T; ++i) {
        if (kind == TaskKind::Copy) e.targets.push_back(e.tokens[i]);
        if (kind == TaskKind::Reverse) e.targets.push_back(e.tokens[T - 1 - i]);
        if (kind == TaskKind::Previous) e.targets.push_back(i == 0 ? kUnscored : e.tokens[i - 1]);
    }
    return e;
}

// sort: "3 1 4 0 = 0 1 3" with targets 0 1 3 4 from "=" on (teacher forcing).
Example sort_example(const std::vector<int>& list) {
    std::vector<int> sorted = list;
    std::sort(sorted.begin(), sorted.end());
    Example e;
    e.tokens = list;
    e.tokens.push_back(kSortSeparator);
    e.tokens.insert(e.tokens.end(), sorted.begin(), sorted.end() - 1);
    e.targets.assign(list.size(), kUnscored);
    e.targets.insert(e.targets.end(), sorted.begin(), sorted.end());
    return e;
}

} // namespace

const std::vector<Task>& all_tasks() {
    static const std::vector<Task> tasks = make_tasks(); // immutable table, built once
    return tasks;
}

const Task& task_by_kind(TaskKind kind) {
    for (const Task& t : all_tasks())
        if (t.kind == kind) return t;
    throw std::logic_error("task_by_kind: unknown kind");
}

const Task* find_task(const std::string& name) {
    for (const Task& t : all_tasks())
        if (t.name == name) return &t;
    return nullptr;
}

std::string task_names() {
    std::string names;
    for (const Task& t : all_tasks()) names += (names.empty() ? "" : ", ") + t.name;
    return names;
}

Example generate_example(const Task& task, SplitMix64& rng) {
    Example e;
    const int T = task.tokens;
    switch (task.kind) {
    case TaskKind::Classic:
        e.vectors.resize(3, 3);
        e.vectors << 1, 0, 1, //
            0, 1, 0,          //
            1, 1, 1;
        e.targets = {1, 0, 1};
        return e;
    case TaskKind::Copy:
    case TaskKind::Reverse:
    case TaskKind::Previous: {
        std::vector<int> tokens;
        for (int i = 0; i < T; ++i) tokens.push_back(below(rng, task.vocabulary));
        return letters_example(task.kind, std::move(tokens));
    }
    case TaskKind::Sort: {
        // Distinct digits (a partial Fisher–Yates shuffle), so "the next larger digit" is unique.
        std::vector<int> pool(kSortValues);
        for (int v = 0; v < kSortValues; ++v) pool[v] = v;
        for (int i = 0; i < kSortLength; ++i) std::swap(pool[i], pool[i + below(rng, kSortValues - i)]);
        return sort_example(std::vector<int>(pool.begin(), pool.begin() + kSortLength));
    }
    }
    return e;
}

namespace {

// Each non-space character is one token: every token name but sort's is one character.
std::vector<int> token_ids(const Task& task, const std::string& text, const char* expected) {
    std::vector<int> ids;
    for (unsigned char ch : text) {
        if (ch == ' ' || ch == ',' || ch == '\t') continue;
        int id = -1;
        for (int t = 0; t < task.vocabulary; ++t)
            if (task.token_names[t] == std::string(1, char(ch))) id = t;
        if (id < 0 || (task.kind == TaskKind::Sort && id == kSortSeparator)) {
            const std::string shown = ch >= 0x20 && ch < 0x7F ? "'" + std::string(1, char(ch)) + "'" : "a non-ASCII character";
            throw ScenarioError("example", shown + " is not one of " + expected);
        }
        ids.push_back(id);
    }
    return ids;
}

} // namespace

Example parse_example(const Task& task, const std::string& text) {
    const int T = task.tokens;
    switch (task.kind) {
    case TaskKind::Classic:
        throw ScenarioError("example", "the classic task has only its one example");
    case TaskKind::Copy:
    case TaskKind::Reverse:
    case TaskKind::Previous: {
        const std::vector<int> ids = token_ids(task, text, "the letters a–h");
        if (int(ids.size()) != T)
            throw ScenarioError("example", "type " + std::to_string(T) + " letters a–h (the length the model was trained on), got " +
                                               std::to_string(ids.size()));
        return letters_example(task.kind, ids);
    }
    case TaskKind::Sort: {
        const std::vector<int> list = token_ids(task, text, "the digits 0–9");
        std::vector<int> sorted = list;
        std::sort(sorted.begin(), sorted.end());
        if (int(list.size()) != kSortLength || std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
            throw ScenarioError("example", "type " + std::to_string(kSortLength) + " different digits 0–9, like 3 1 4 0");
        return sort_example(list);
    }
    }
    throw ScenarioError("example", "unknown task");
}

Matrix expected_attention(const Task& task, const Example& example) {
    const int T = int(example.targets.size());
    Matrix p = Matrix::Zero(T, T);
    auto spread = [&](int row, auto&& wanted) {
        int count = 0;
        for (int j = 0; j < T; ++j) count += wanted(j) ? 1 : 0;
        for (int j = 0; j < T; ++j)
            if (wanted(j)) p(row, j) = 1.0 / count;
    };
    for (int i = 0; i < T; ++i) {
        if (example.targets[i] == kUnscored) continue;
        switch (task.kind) {
        case TaskKind::Classic:
            spread(i, [&](int j) { return example.targets[j] == example.targets[i]; });
            break;
        case TaskKind::Copy:
            spread(i, [&](int j) { return example.tokens[j] == example.tokens[i]; });
            break;
        case TaskKind::Reverse: p(i, T - 1 - i) = 1; break;
        case TaskKind::Previous: p(i, i - 1) = 1; break;
        case TaskKind::Sort:
            spread(i, [&](int j) { return j < kSortLength && example.tokens[j] == example.targets[i]; });
            break;
        }
    }
    return p;
}

std::uint64_t example_key(const Example& example) {
    std::string bytes;
    for (int t : example.tokens) bytes += char(t);
    for (Eigen::Index i = 0; i < example.vectors.size(); ++i) {
        char raw[sizeof(Scalar)];
        std::memcpy(raw, example.vectors.data() + i, sizeof raw);
        bytes.append(raw, sizeof raw);
    }
    return fnv1a64(bytes);
}

} // namespace attn::train
