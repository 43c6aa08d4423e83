// attnviz lessons: step-by-step walkthroughs that drive the live visualiser.
// A lesson is a Markdown file in assets/lessons/ (format: docs/lesson-format.md):
//   # Title                          the lesson's title, then a one-paragraph summary
//   ## Step title                    one step per level-2 heading
//   ```attnviz                       optional: what the step does, as JSON
//   {"scenario": …, "patch": …, "highlight": […], "cells": […], "select": 1, "head": 1,
//    "task": {…}, "hint": "…"}
//   ```
//   Text, with live values such as {{w 1 3}} (shown to 3 decimals) or {{w 1 3 :2}}.
// Pure C++ (no ImGui), so the parser, live values and task checkers are unit-tested.
#pragma once
#include "core/model/attention_maps.h"
#include "core/result.h"
#include <nlohmann/json.hpp>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace attn::ui {

// "lessons/01-x.md, step 3 “Scores”, task.kind: unknown kind"
class LessonError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct LessonCell {
    std::string panel; // "scores", "logits", "weights", "qkv", "output"
    int row = 0, col = 0; // 0-based (1-based in the file, as in the text)
};

enum class TaskKind { None, Click, Answer, Condition, Predict, Head };

struct LessonTask {
    TaskKind kind = TaskKind::None;
    std::string prompt;                 // what the learner is asked to do
    std::string success;                // feedback when done ("" = a generic one)
    // Click: a cell of `panel` in `row`; right when its column is `target`
    // ("argmax", "argmin", or a 1-based column number).
    std::string panel = "weights";
    int row = 0;
    std::string target = "argmax";
    // Answer: a number typed in; right within `tolerance` of `answer` (a number, or a live
    // value expression such as "w 1 3", evaluated on the current result).
    nlohmann::json answer;
    double tolerance = 0.0005;
    // Predict: like Answer, but `answer` is evaluated on the scenario after `reveal` (a JSON
    // merge patch of the step's scenario); the app applies the patch once the learner has
    // predicted, so the number is not on screen while they work it out.
    nlohmann::json reveal;
    // Condition: every check ("w 3 1 > 0.5") holds on the live result; with require_change
    // (the default) only after the learner changed something since the step opened.
    std::vector<std::string> checks;
    bool require_change = true;
    // Head (a step with a `model`): the learner picks a head in the model view; right when
    // its measured `pattern` ("previous" or "induction", attention_maps.h) on the step's
    // text is at least `min`, in layer `layer` (0-based, as the model view labels them;
    // -1: any layer). Every head that qualifies is right.
    std::string pattern;
    double min = 0.4;
    int layer = -1;
};

// A step that shows the shipped model (ModelState, model_mode.h) on `text`, with layer and
// head (0-based) selected: the lesson panel sits beside the model panel.
struct LessonModel {
    bool on = false;
    std::string text;
    int layer = 0, head = 0;
};

struct LessonStep {
    std::string title;
    std::string text;                   // Markdown-ish text with {{live values}}
    nlohmann::json scenario;            // null, or a whole scenario that replaces the current one
    nlohmann::json patch;               // null, or a JSON merge patch (RFC 7386) of the current one
    std::vector<std::string> highlight; // panel names to outline
    std::vector<LessonCell> cells;      // cells to outline
    int select = -1;                    // query token to select (0-based), -1 = leave
    int head = -1;                      // head to show (0-based), -1 = leave
    LessonTask task;
    std::string hint;
    std::string train;                  // a training-playground task to offer ("reverse"), or ""
    LessonModel model;                  // the `model` key
};

struct Lesson {
    std::string id;                     // the file name without extension
    std::string title, summary;
    std::vector<LessonStep> steps;
};

// A lesson file larger than this is refused before it is read (the shipped ones are < 10 KB).
constexpr std::size_t kMaxLessonBytes = 1u << 20;

// Throws LessonError naming the file, step and field.
Lesson parse_lesson(const std::string& id, const std::string& markdown);
// Applies steps 1…n in order from `start` and checks each step's scenario computes and its
// text, checks and answer evaluate. Throws LessonError. Returns the scenario of every step.
std::vector<nlohmann::json> validate_lesson(const Lesson& lesson, const nlohmann::json& start);
// Why `translation` cannot stand in for `original` in a lesson's run ("" when it can): a
// translation has the same steps, and each step the same attnviz block, except the words
// of its task's prompt and success message and of its hint (docs/lesson-format.md).
std::string translation_mismatch(const Lesson& original, const Lesson& translation);
// The scenario a step opens with, given the one before it.
nlohmann::json step_scenario(const LessonStep& step, const nlohmann::json& previous);
// The scenario a step ends with: its opening one, with a prediction task's reveal applied.
// The next step starts from it.
nlohmann::json step_end_scenario(const LessonStep& step, const nlohmann::json& opening);

// Live values: "w 1 3" (head 1), "w 1 3 h2", "s …", "l …", "q/k/v i c", "o i c" (head output),
// "x i c", "out i c", "H i", "wmax i", "wargmax i", "T", "d_model", "d_k", "heads",
// "temperature", "scale", "causal", "positional". Indices are 1-based. Throws LessonError.
double live_value(const attn::Result& r, const std::string& expr);
// Replaces every {{expr}} or {{expr :N}} ({{token i}} gives the token's text).
std::string render_text(const std::string& text, const attn::Result& r);
bool check_holds(const attn::Result& r, const std::string& check); // "expr op number"

// A value the learner is asked to work out or predict is not shown (cells, tooltips,
// legends) until the task is answered or skipped: the answer's live value ("w 1 3" hides
// weight cell (1, 3); "wmax 1" all of row 1), the step's outlined cells when the answer is a
// plain number, and the row of a click task whose prompt asks to predict.
struct HiddenValue {
    std::string panel;  // "scores" (scores and logits), "weights", "entropy", "head_output", "output", "sum"
    int row = 0;        // 0-based
    int col = -1;       // 0-based; -1: the whole row
};
std::vector<HiddenValue> hidden_values(const LessonStep& step);

struct TaskOutcome {
    bool done = false;
    std::string feedback;      // in English, or the lesson's own success text
    std::string key;           // the catalogue message (i18n.h) it came from, "" for a success text…
    std::map<std::string, std::string> args; // … and what fills its placeholders
};
TaskOutcome check_click(const LessonTask& t, const attn::Result& r, const std::string& panel, int head, int row, int col);
TaskOutcome check_answer(const LessonTask& t, const attn::Result& r, const std::string& typed);
TaskOutcome check_condition(const LessonTask& t, const attn::Result& r, bool changed_since_open);
// A prediction, checked against the result after the reveal of the step's opening scenario.
TaskOutcome check_prediction(const LessonTask& t, const nlohmann::json& opening, const std::string& typed);
// A head picked in the model view, with its measured pattern on the step's text.
TaskOutcome check_head(const LessonTask& t, int layer, int head, const attn::model::HeadPattern& p);
std::shared_ptr<const attn::Result> revealed_result(const LessonTask& t, const nlohmann::json& opening);

} // namespace attn::ui
