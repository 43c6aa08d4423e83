#include "lesson.h"
#include "formula.h"
#include "i18n.h"
#include "core/utf8.h"
#include "core/error.h"
#include "core/scenario_json.h"
#include "core/train/task.h"
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <tuple>

namespace attn::ui {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& where, const std::string& problem) { throw LessonError(where + ": " + problem); }

std::string trim(const std::string& s) {
    const size_t a = s.find_first_not_of(" \t\r\n");
    if (a == std::string::npos) return "";
    return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

std::vector<std::string> words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

int one_based(const std::string& expr, const std::string& word, int limit) {
    char* end = nullptr;
    const long v = std::strtol(word.c_str(), &end, 10);
    if (word.empty() || *end != '\0') throw LessonError("“" + expr + "”: “" + word + "” is not an index");
    if (v < 1 || v > limit)
        throw LessonError("“" + expr + "”: index " + word + " is out of range 1…" + std::to_string(limit));
    return static_cast<int>(v) - 1;
}

// A 1-based number from a lesson file, as a 0-based index; refuses anything not a sensible count.
int one_based_field(const json& value, const std::string& where, const std::string& field) {
    if (!value.is_number_integer()) fail(where + field, "expected a whole number counted from 1");
    const long long v = value.get<long long>();
    if (v < 1 || v > 100000) fail(where + field, "expected a number from 1, got " + std::to_string(v));
    return static_cast<int>(v) - 1;
}

// A field of the type the format says, or `fallback` when it is absent: a field of another
// type is the author's mistake, named like every other (nlohmann's value() would throw its own
// type_error instead).
std::string text_field(const json& j, const char* key, const std::string& fallback, const std::string& where) {
    if (!j.contains(key)) return fallback;
    if (!j[key].is_string()) fail(where, std::string("expected text, got ") + j[key].type_name());
    return j[key].get<std::string>();
}
double number_field(const json& j, const char* key, double fallback, const std::string& where) {
    if (!j.contains(key)) return fallback;
    if (!j[key].is_number()) fail(where, std::string("expected a number, got ") + j[key].type_name());
    return j[key].get<double>();
}
bool bool_field(const json& j, const char* key, bool fallback, const std::string& where) {
    if (!j.contains(key)) return fallback;
    if (!j[key].is_boolean()) fail(where, std::string("expected true or false, got ") + j[key].type_name());
    return j[key].get<bool>();
}

const std::vector<std::string> kPanels = {"tokens", "embeddings", "settings", "qkv", "scores", "weights", "sum", "lesson"};
const std::vector<std::string> kCellPanels = {"qkv", "scores", "logits", "weights", "output"};
const std::vector<std::string> kClickPanels = {"scores", "weights"}; // the heatmaps that report clicks to lessons

void parse_task(const json& j, LessonTask& t, const std::string& where) {
    if (!j.is_object()) fail(where + "task", "expected an object");
    static const std::vector<std::string> keys = {"kind", "prompt", "success", "panel", "row", "target", "answer",
                                                  "tolerance", "checks", "require_change", "reveal", "pattern", "min", "layer"};
    for (auto it = j.begin(); it != j.end(); ++it)
        if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) fail(where + "task." + attn::printable_name(it.key()), "unknown key");
    const std::string kind = text_field(j, "kind", "", where + "task.kind");
    if (kind == "click") t.kind = TaskKind::Click;
    else if (kind == "answer") t.kind = TaskKind::Answer;
    else if (kind == "condition") t.kind = TaskKind::Condition;
    else if (kind == "predict") t.kind = TaskKind::Predict;
    else if (kind == "head") t.kind = TaskKind::Head;
    else fail(where + "task.kind", "“" + kind + "” is not a task kind (expected click, answer, predict, condition or head)");
    if (!j.contains("prompt") || !j["prompt"].is_string()) fail(where + "task.prompt", "a task needs a prompt (text)");
    t.prompt = j["prompt"];
    t.success = text_field(j, "success", "", where + "task.success");
    if (t.kind != TaskKind::Predict && j.contains("reveal")) fail(where + "task.reveal", "only a predict task has a reveal");
    if (t.kind == TaskKind::Click) {
        t.panel = text_field(j, "panel", "weights", where + "task.panel");
        if (std::find(kClickPanels.begin(), kClickPanels.end(), t.panel) == kClickPanels.end())
            fail(where + "task.panel", "“" + t.panel + "” cannot be a click task's panel (scores or weights)");
        if (!j.contains("row")) fail(where + "task.row", "expected a 1-based row number");
        t.row = one_based_field(j["row"], where, "task.row");
        const json& target = j.contains("target") ? j["target"] : json("argmax");
        if (target.is_number_integer()) t.target = std::to_string(one_based_field(target, where, "task.target") + 1);
        else if (target == "argmax" || target == "argmin") t.target = target;
        else fail(where + "task.target", "expected \"argmax\", \"argmin\" or a 1-based column number");
    } else if (t.kind == TaskKind::Answer || t.kind == TaskKind::Predict) {
        if (!j.contains("answer") || !(j["answer"].is_number() || j["answer"].is_string()))
            fail(where + "task.answer", "expected a number or a live value such as \"w 1 3\"");
        t.answer = j["answer"];
        t.tolerance = number_field(j, "tolerance", 0.0005, where + "task.tolerance");
        if (t.kind == TaskKind::Predict) {
            if (!j.contains("reveal") || !j["reveal"].is_object() || j["reveal"].empty())
                fail(where + "task.reveal", "a prediction needs a reveal: a merge patch of the scenario that shows the answer");
            t.reveal = j["reveal"];
        }
    } else if (t.kind == TaskKind::Head) {
        t.pattern = text_field(j, "pattern", "", where + "task.pattern");
        if (t.pattern != "previous" && t.pattern != "induction")
            fail(where + "task.pattern", "expected \"previous\" or \"induction\" (the measured pattern the head must show)");
        if (j.contains("min") && !j["min"].is_number()) fail(where + "task.min", "expected a number (a mean weight, 0…1)");
        t.min = number_field(j, "min", 0.4, where + "task.min");
        if (j.contains("layer")) {
            if (!j["layer"].is_number_integer() || j["layer"].get<long long>() < 0 || j["layer"].get<long long>() > 1000)
                fail(where + "task.layer", "expected a layer number, from 0 as the model view counts");
            t.layer = j["layer"].get<int>();
        }
    } else {
        const json& checks = j.contains("checks") ? j["checks"] : json();
        if (!checks.is_array() || checks.empty()) fail(where + "task.checks", "expected a list of checks such as \"w 3 1 > 0.5\"");
        for (const json& c : checks) {
            if (!c.is_string()) fail(where + "task.checks", "each check is a string");
            t.checks.push_back(c);
        }
        t.require_change = bool_field(j, "require_change", true, where + "task.require_change");
    }
}

void parse_model(const json& j, LessonModel& m, const std::string& where) {
    if (!j.is_object() || !j.contains("text") || !j["text"].is_string() || j["text"].get<std::string>().empty())
        fail(where + "model", "expected {\"text\": \"…\", \"layer\": 0, \"head\": 0}");
    for (auto it = j.begin(); it != j.end(); ++it)
        if (it.key() != "text" && it.key() != "layer" && it.key() != "head") fail(where + "model." + it.key(), "unknown key (expected text, layer or head)");
    m.on = true;
    m.text = j["text"];
    for (const char* key : {"layer", "head"}) {
        if (!j.contains(key)) continue;
        if (!j[key].is_number_integer() || j[key].get<long long>() < 0 || j[key].get<long long>() > 1000)
            fail(where + "model." + key, "expected a number from 0, as the model view counts");
        (std::string(key) == "layer" ? m.layer : m.head) = j[key].get<int>();
    }
}

void parse_meta(const std::string& text, LessonStep& step, const std::string& where) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) { // parse_error, or out_of_range for 1e999
        fail(where + "attnviz block", std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object()) fail(where + "attnviz block", "expected a JSON object");
    static const std::vector<std::string> keys = {"scenario", "patch", "highlight", "cells", "select", "head", "task", "hint", "train", "model"};
    for (auto it = j.begin(); it != j.end(); ++it)
        if (std::find(keys.begin(), keys.end(), it.key()) == keys.end())
            fail(where + attn::printable_name(it.key()), "unknown key (expected scenario, patch, highlight, cells, select, head, task, hint, train or model)");
    if (j.contains("model")) parse_model(j["model"], step.model, where);
    if (j.contains("train")) {
        if (!j["train"].is_string() || !attn::train::find_task(j["train"].get<std::string>()))
            fail(where + "train", "expected a training task name: " + attn::train::task_names());
        step.train = j["train"];
    }
    if (j.contains("scenario")) {
        if (!j["scenario"].is_object()) fail(where + "scenario", "expected a scenario object");
        step.scenario = j["scenario"];
    }
    if (j.contains("patch")) {
        if (!j["patch"].is_object()) fail(where + "patch", "expected an object (a JSON merge patch of the scenario)");
        step.patch = j["patch"];
    }
    if (j.contains("highlight")) {
        if (!j["highlight"].is_array()) fail(where + "highlight", "expected a list of panel names");
        for (const json& p : j["highlight"]) {
            if (!p.is_string() || std::find(kPanels.begin(), kPanels.end(), p.get<std::string>()) == kPanels.end())
                fail(where + "highlight", p.dump() + " is not a panel (tokens, embeddings, settings, qkv, scores, weights, sum, lesson)");
            step.highlight.push_back(p);
        }
    }
    if (j.contains("cells")) {
        if (!j["cells"].is_array()) fail(where + "cells", "expected a list of {\"panel\", \"row\", \"col\"}");
        for (const json& c : j["cells"]) {
            if (!c.is_object() || !c.contains("row") || !c.contains("col"))
                fail(where + "cells", "each cell is {\"panel\": …, \"row\": 1-based, \"col\": 1-based}");
            LessonCell cell{text_field(c, "panel", "weights", where + "cells.panel"), one_based_field(c["row"], where, "cells.row"),
                            one_based_field(c["col"], where, "cells.col")};
            if (std::find(kCellPanels.begin(), kCellPanels.end(), cell.panel) == kCellPanels.end())
                fail(where + "cells", "“" + cell.panel + "” has no cells");
            step.cells.push_back(cell);
        }
    }
    if (j.contains("select")) {
        step.select = one_based_field(j["select"], where, "select");
    }
    if (j.contains("head")) {
        step.head = one_based_field(j["head"], where, "head");
    }
    if (j.contains("task")) parse_task(j["task"], step.task, where);
    if (j.contains("hint")) {
        if (!j["hint"].is_string()) fail(where + "hint", "expected text");
        step.hint = j["hint"];
    }
}

std::string step_where(const Lesson& l, size_t index, const std::string& title) {
    return "lessons/" + l.id + ".md, step " + std::to_string(index + 1) + " “" + attn::printable_name(title) + "”, ";
}

const attn::HeadResult& head_of(const attn::Result& r, const std::vector<std::string>& w, const std::string& expr) {
    int h = 0;
    if (!w.empty() && w.back().size() > 1 && w.back()[0] == 'h') h = one_based(expr, w.back().substr(1), r.heads);
    return r.head[h];
}

std::string token_at(const attn::Result& r, const std::string& expr) {
    const std::vector<std::string> w = words(expr);
    return r.tokens[one_based(expr, w.size() > 1 ? w[1] : "", static_cast<int>(r.tokens.size()))];
}

// A prediction must be about something the step's screen does not show yet: the reveal
// computes and changes the scenario, and the answer exists after it.
void validate_reveal(const LessonStep& step, const json& opening, const std::string& where) {
    const LessonTask& t = step.task;
    std::shared_ptr<const attn::Result> r;
    try {
        const json after = step_end_scenario(step, opening);
        if (after == attn::scenario_to_json(attn::scenario_from_json(opening)))
            fail(where + "task.reveal", "changes nothing, so the answer is already on screen");
        r = attn::compute(attn::scenario_from_json(after));
    } catch (const attn::ScenarioError& e) {
        fail(where + "task.reveal", e.what());
    }
    try {
        if (t.answer.is_string()) live_value(*r, t.answer.get<std::string>());
    } catch (const LessonError& e) {
        fail(where + "task.answer", e.what());
    }
}

// Feedback of the engine's own (not a lesson's success text) comes from the catalogue:
// English here, the learner's language where the lesson mode shows it (TaskOutcome::key).
TaskOutcome message(bool done, const std::string& key, MessageArgs args = {}) {
    TaskOutcome o{done, tr("en", key, args), key, std::move(args)};
    return o;
}

TaskOutcome success(const LessonTask& t, const char* generic_key) {
    return t.success.empty() ? message(true, generic_key) : TaskOutcome{true, t.success, "", {}};
}

TaskOutcome answer_outcome(const LessonTask& t, const attn::Result& r, const std::string& typed) {
    std::string text = trim(typed);
    std::replace(text.begin(), text.end(), ',', '.'); // "0,468" as written in much of the world
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(v)) return message(false, "feedback.type_a_number");
    const double want = t.answer.is_number() ? t.answer.get<double>() : live_value(r, t.answer.get<std::string>());
    // The slack keeps a typed 0.999 within 0.001 of 1 despite binary rounding.
    if (std::abs(v - want) <= t.tolerance + 1e-9) return success(t, "feedback.right");
    return message(false, "feedback.not_yet", {{"value", format_number(v, 4)}});
}

} // namespace

Lesson parse_lesson(const std::string& id, const std::string& markdown) {
    Lesson lesson;
    lesson.id = id;
    const std::string file = "lessons/" + id + ".md";
    if (markdown.size() > kMaxLessonBytes)
        fail(file, std::to_string(markdown.size()) + " bytes, over the limit of " + std::to_string(kMaxLessonBytes) + " (kMaxLessonBytes)");
    std::istringstream in(markdown);
    std::string line, meta;
    LessonStep* step = nullptr;
    bool in_meta = false, in_fence = false, step_has_meta = false;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string where = step ? step_where(lesson, lesson.steps.size() - 1, step->title) : file + ", ";
        if (in_meta) {
            if (trim(line) == "```") {
                in_meta = false;
                parse_meta(meta, *step, where);
            } else {
                meta += line + "\n";
            }
            continue;
        }
        if (!in_fence && line.rfind("## ", 0) == 0) {
            lesson.steps.emplace_back();
            step = &lesson.steps.back();
            step->title = trim(line.substr(3));
            step_has_meta = false;
            continue;
        }
        if (!in_fence && !step && lesson.title.empty() && line.rfind("# ", 0) == 0) {
            lesson.title = trim(line.substr(2));
            continue;
        }
        if (!in_fence && trim(line) == "```attnviz") {
            if (!step) fail(file + ", line " + std::to_string(line_no), "an attnviz block must follow a “## Step” heading");
            if (step_has_meta || !trim(step->text).empty())
                fail(where + "line " + std::to_string(line_no), "a step has one attnviz block, right after its heading");
            in_meta = step_has_meta = true;
            meta.clear();
            continue;
        }
        if (line.rfind("```", 0) == 0) in_fence = !in_fence;
        if (step) step->text += line + "\n";
        else if (!lesson.title.empty()) lesson.summary = trim(lesson.summary + " " + trim(line));
    }
    if (in_meta) fail(file, "an attnviz block is not closed with ```");
    if (lesson.title.empty()) fail(file, "the lesson needs a “# Title” line first");
    if (lesson.steps.empty()) fail(file, "the lesson has no steps (“## Step title” headings)");
    for (LessonStep& st : lesson.steps) st.text = trim(st.text);
    return lesson;
}

nlohmann::json step_scenario(const LessonStep& step, const nlohmann::json& previous) {
    json s = step.scenario.is_null() ? previous : step.scenario;
    if (!step.patch.is_null()) s.merge_patch(step.patch);
    return s;
}

nlohmann::json step_end_scenario(const LessonStep& step, const nlohmann::json& opening) {
    if (step.task.kind != TaskKind::Predict) return opening;
    // Written form first, so the reveal patches the same keys whether it starts from the
    // lesson's JSON or from the app's scenario (which writes every key).
    json s = attn::scenario_to_json(attn::scenario_from_json(opening));
    s.merge_patch(step.task.reveal);
    return s;
}

std::vector<nlohmann::json> validate_lesson(const Lesson& lesson, const nlohmann::json& start) {
    std::vector<json> scenarios;
    json current = start;
    for (size_t i = 0; i < lesson.steps.size(); ++i) {
        const LessonStep& step = lesson.steps[i];
        const std::string where = step_where(lesson, i, step.title);
        current = step_scenario(step, current);
        std::shared_ptr<const attn::Result> r;
        try {
            r = attn::compute(attn::scenario_from_json(current));
        } catch (const std::exception& e) {
            fail(where + "scenario", e.what());
        }
        const int T = static_cast<int>(r->tokens.size()), Ts = static_cast<int>(r->key_tokens.size());
        if (step.select >= T) fail(where + "select", "token " + std::to_string(step.select + 1) + " does not exist (T = " + std::to_string(T) + ")");
        if (step.head >= r->heads) fail(where + "head", "head " + std::to_string(step.head + 1) + " does not exist");
        for (const LessonCell& c : step.cells)
            if (c.row < 0 || c.row >= T || c.col < 0 || (c.panel != "qkv" && c.panel != "output" && c.col >= Ts))
                fail(where + "cells", "cell (" + std::to_string(c.row + 1) + ", " + std::to_string(c.col + 1) + ") is outside the matrix");
        try {
            render_text(step.text, *r);
            render_text(step.task.prompt, *r);
            render_text(step.hint, *r);
            for (const std::string& c : step.task.checks) check_holds(*r, c);
            if (step.task.answer.is_string() && step.task.kind == TaskKind::Answer)
                live_value(*r, step.task.answer.get<std::string>());
        } catch (const LessonError& e) {
            fail(where + "text or task", e.what());
        }
        if (step.task.kind == TaskKind::Predict) validate_reveal(step, current, where);
        if (step.task.kind == TaskKind::Head && !step.model.on)
            fail(where + "task.kind", "a head task needs the step's model (a \"model\" key): it is answered in the model view");
        // A model step's panels show the model's head, which the loader does not run: its
        // numbers are written out and checked by tests/lessons/check_lesson_numbers.py.
        if (step.model.on && (step.text + step.task.prompt + step.hint).find("{{") != std::string::npos)
            fail(where + "text or task", "a model step cannot have live values ({{…}}): write the numbers, checked by the tests");
        if (step.model.on && (step.select >= 0 || step.head >= 0 || !step.cells.empty() ||
                              (step.task.kind != TaskKind::None && step.task.kind != TaskKind::Head)))
            fail(where + "model", "a model step has no select, head, cells or other task kind than head (the model panel picks rows and heads)");
        if (step.task.kind == TaskKind::Click && (step.task.row < 0 || step.task.row >= T))
            fail(where + "task.row", "row " + std::to_string(step.task.row + 1) + " does not exist");
        if (step.task.kind == TaskKind::Click && step.task.target != "argmax" && step.task.target != "argmin" &&
            std::atoi(step.task.target.c_str()) > Ts)
            fail(where + "task.target", "column " + step.task.target + " does not exist (" + std::to_string(Ts) + " keys)");
        if (step.task.kind == TaskKind::Condition && !step.task.require_change) {
            bool all = true;
            for (const std::string& c : step.task.checks) all = all && check_holds(*r, c);
            if (all) fail(where + "task.checks", "already true when the step opens, so the task would be done at once");
        }
        scenarios.push_back(current);
        current = step_end_scenario(step, current);
    }
    return scenarios;
}

double live_value(const attn::Result& r, const std::string& expr) {
    const std::vector<std::string> w = words(expr);
    if (w.empty()) throw LessonError("empty live value");
    const std::string& name = w[0];
    const int T = static_cast<int>(r.tokens.size());
    const int Ts = static_cast<int>(r.key_tokens.size()); // keys and values: T, or the source's length
    auto arg = [&](size_t n, int limit) { return one_based(expr, n < w.size() ? w[n] : "", limit); };
    if (name == "T") return T;
    if (name == "T_s") return Ts;
    if (name == "d_model") return r.d_model;
    if (name == "d_k") return r.d_k;
    if (name == "heads") return r.heads;
    if (name == "temperature") return r.scenario.temperature;
    if (name == "scale") return r.scenario.scale ? 1.0 : 0.0;
    if (name == "scale_factor") return r.scale_factor;
    if (name == "causal") return r.scenario.mask == attn::MaskKind::Causal ? 1.0 : 0.0;
    if (name == "positional") return r.scenario.positional == attn::Positional::Sinusoidal ? 1.0 : 0.0;
    const attn::HeadResult& h = head_of(r, w, expr);
    if (name == "w") return h.weights(arg(1, T), arg(2, Ts));
    if (name == "s") return h.scores(arg(1, T), arg(2, Ts));
    if (name == "l") return h.logits(arg(1, T), arg(2, Ts));
    if (name == "q") return h.q(arg(1, T), arg(2, r.d_k));
    if (name == "k") return h.k(arg(1, Ts), arg(2, r.d_k));
    if (name == "v") return h.v(arg(1, Ts), arg(2, r.d_k));
    if (name == "o") return h.output(arg(1, T), arg(2, r.d_k));
    if (name == "H") return h.entropy(arg(1, T));
    if (name == "wmax") return h.weights.row(arg(1, T)).maxCoeff();
    if (name == "wargmax") {
        Eigen::Index j;
        h.weights.row(arg(1, T)).maxCoeff(&j);
        return static_cast<double>(j + 1);
    }
    if (name == "x") return r.x(arg(1, T), arg(2, r.d_model));
    if (name == "out") return r.output(arg(1, T), arg(2, r.d_model));
    throw LessonError("“" + expr + "”: unknown live value “" + name + "”");
}

std::string render_text(const std::string& text, const attn::Result& r) {
    std::string out;
    size_t pos = 0;
    while (true) {
        const size_t open = text.find("{{", pos);
        if (open == std::string::npos) break;
        const size_t close = text.find("}}", open);
        if (close == std::string::npos) throw LessonError("“{{” without “}}”");
        out += text.substr(pos, open - pos);
        std::string expr = trim(text.substr(open + 2, close - open - 2));
        int decimals = 3;
        const size_t colon = expr.find(" :");
        if (colon != std::string::npos) {
            decimals = std::atoi(expr.c_str() + colon + 2);
            expr = trim(expr.substr(0, colon));
        }
        if (expr.rfind("token", 0) == 0) out += token_at(r, expr);
        else out += format_number(live_value(r, expr), decimals);
        pos = close + 2;
    }
    return out + text.substr(pos);
}

bool check_holds(const attn::Result& r, const std::string& check) {
    static const char* const ops[] = {"<=", ">=", "==", "!=", "<", ">"};
    for (const char* op : ops) {
        const std::string spaced = std::string(" ") + op + " ";
        const size_t at = check.find(spaced);
        if (at == std::string::npos) continue;
        const double lhs = live_value(r, trim(check.substr(0, at)));
        const std::string rhs_text = trim(check.substr(at + spaced.size()));
        char* end = nullptr;
        const double rhs = std::strtod(rhs_text.c_str(), &end);
        if (rhs_text.empty() || *end != '\0') throw LessonError("“" + check + "”: “" + rhs_text + "” is not a number");
        const std::string o = op;
        if (o == "<=") return lhs <= rhs;
        if (o == ">=") return lhs >= rhs;
        if (o == "==") return std::abs(lhs - rhs) <= 1e-9;
        if (o == "!=") return std::abs(lhs - rhs) > 1e-9;
        if (o == "<") return lhs < rhs;
        return lhs > rhs;
    }
    throw LessonError("“" + check + "”: expected “value op number” with op one of < <= > >= == != (spaces around it)");
}

TaskOutcome check_click(const LessonTask& t, const attn::Result& r, const std::string& panel, int head, int row, int col) {
    if (t.kind != TaskKind::Click || panel != t.panel) return {};
    const int T = static_cast<int>(r.tokens.size());
    if (t.row >= T) // the learner removed tokens this step is about
        return message(false, "feedback.token_gone", {{"n", std::to_string(t.row + 1)}, {"T", std::to_string(T)}});
    if (col < 0 || col >= static_cast<int>(r.key_tokens.size()) || row < 0 || row >= T) return {};
    if (row != t.row) return message(false, "feedback.look_at_row", {{"row", std::to_string(t.row + 1)}, {"token", r.tokens[t.row]}});
    const attn::Matrix& m = t.panel == "scores" ? r.head[head].scores : r.head[head].weights;
    if (t.target == "argmax" || t.target == "argmin") {
        Eigen::Index j;
        if (t.target == "argmax") m.row(row).maxCoeff(&j);
        else m.row(row).minCoeff(&j);
        // Ties: any column holding the extreme value is right.
        const double best = m(row, j);
        if (std::abs(m(row, col) - best) <= 1e-12) return success(t, "feedback.right");
    } else if (col == std::atoi(t.target.c_str()) - 1) {
        return success(t, "feedback.right");
    }
    return message(false, "feedback.not_that_one",
                   {{"value", format_number(m(row, col))}, {"col", std::to_string(col + 1)}, {"token", r.key_tokens[col]}});
}

TaskOutcome check_answer(const LessonTask& t, const attn::Result& r, const std::string& typed) {
    if (t.kind != TaskKind::Answer) return {};
    return answer_outcome(t, r, typed);
}

TaskOutcome check_head(const LessonTask& t, int layer, int head, const attn::model::HeadPattern& p) {
    if (t.kind != TaskKind::Head) return {};
    const double value = t.pattern == "previous" ? p.previous : p.induction;
    const MessageArgs where{{"layer", std::to_string(layer)}, {"head", std::to_string(head)}};
    if (t.layer >= 0 && layer != t.layer) {
        MessageArgs args = where;
        args["want"] = std::to_string(t.layer);
        return message(false, "feedback.head_other_layer", args);
    }
    if (value >= t.min) return success(t, "feedback.right"); // NaN (nothing to measure) is never right
    MessageArgs args = where;
    args["value"] = std::isnan(value) ? std::string("–") : format_number(value, 2);
    args["min"] = format_number(t.min, 2);
    return message(false, t.pattern == "previous" ? "feedback.head_not_previous" : "feedback.head_not_induction", args);
}

std::shared_ptr<const attn::Result> revealed_result(const LessonTask& t, const nlohmann::json& opening) {
    LessonStep step;
    step.task = t;
    return attn::compute(attn::scenario_from_json(step_end_scenario(step, opening)));
}

TaskOutcome check_prediction(const LessonTask& t, const nlohmann::json& opening, const std::string& typed) {
    if (t.kind != TaskKind::Predict) return {};
    return answer_outcome(t, *revealed_result(t, opening), typed);
}

TaskOutcome check_condition(const LessonTask& t, const attn::Result& r, bool changed_since_open) {
    if (t.kind != TaskKind::Condition) return {};
    if (t.require_change && !changed_since_open) return {};
    for (const std::string& c : t.checks)
        if (!check_holds(r, c)) return {};
    return success(t, "feedback.done");
}

bool same_model(const LessonModel& a, const LessonModel& b) {
    return a.on == b.on && a.text == b.text && a.layer == b.layer && a.head == b.head;
}

std::string translation_mismatch(const Lesson& a, const Lesson& b) {
    if (a.steps.size() != b.steps.size())
        return "has " + std::to_string(b.steps.size()) + " steps, the English lesson " + std::to_string(a.steps.size());
    for (size_t i = 0; i < a.steps.size(); ++i) {
        const LessonStep &x = a.steps[i], &y = b.steps[i];
        const LessonTask &s = x.task, &t = y.task;
        const auto cells = [](const LessonStep& st) {
            std::vector<std::tuple<std::string, int, int>> c;
            for (const LessonCell& cell : st.cells) c.emplace_back(cell.panel, cell.row, cell.col);
            return c;
        };
        const char* field = x.scenario != y.scenario           ? "scenario"
                            : x.patch != y.patch                 ? "patch"
                            : x.highlight != y.highlight         ? "highlight"
                            : cells(x) != cells(y)               ? "cells"
                            : x.select != y.select               ? "select"
                            : x.head != y.head                   ? "head"
                            : x.train != y.train                 ? "train"
                            : !same_model(x.model, y.model)      ? "model"
                            : s.pattern != t.pattern || s.min != t.min || s.layer != t.layer ? "task.pattern"
                            : x.hint.empty() != y.hint.empty()   ? "hint"
                            : s.kind != t.kind                   ? "task.kind"
                            : s.panel != t.panel                 ? "task.panel"
                            : s.row != t.row                     ? "task.row"
                            : s.target != t.target               ? "task.target"
                            : s.answer != t.answer               ? "task.answer"
                            : s.tolerance != t.tolerance         ? "task.tolerance"
                            : s.reveal != t.reveal               ? "task.reveal"
                            : s.checks != t.checks               ? "task.checks"
                            : s.require_change != t.require_change ? "task.require_change"
                            : s.prompt.empty() != t.prompt.empty() ? "task.prompt"
                            : s.success.empty() != t.success.empty() ? "task.success"
                                                                   : nullptr;
        if (field) return "step " + std::to_string(i + 1) + ": " + field + " differs from the English lesson";
    }
    return "";
}

std::vector<HiddenValue> hidden_values(const LessonStep& step) {
    const LessonTask& t = step.task;
    std::vector<HiddenValue> hidden;
    auto add_row = [&](const std::string& panel, int row, int col) {
        hidden.push_back({panel, row, col});
        // With W_Q = W_K (lesson 1 uses identity projections) s_ji = s_ij: the mirror cell would
        // give the asked score away (issue 10, item 2).
        if (panel == "scores" && col >= 0 && row >= 0 && col != row) hidden.push_back({panel, col, row});
        // Panel 7's legend and bars are made of row `row`'s weights: they would give them away.
        if (panel == "weights" || panel == "head_output" || panel == "output") hidden.push_back({"sum", row, -1});
    };
    if (t.kind == TaskKind::Answer && t.answer.is_number()) {
        for (const LessonCell& c : step.cells) {
            const std::string panel = c.panel == "logits" ? "scores" : c.panel;
            if (panel != "qkv") add_row(panel, c.row, c.col);
        }
    } else if (t.kind == TaskKind::Answer && t.answer.is_string()) {
        const std::vector<std::string> w = words(t.answer.get<std::string>());
        auto index = [&](size_t n) { return n < w.size() ? std::atoi(w[n].c_str()) - 1 : -1; };
        const std::string name = w.empty() ? "" : w[0];
        if (name == "w") add_row("weights", index(1), index(2));
        else if (name == "s" || name == "l") add_row("scores", index(1), index(2));
        else if (name == "wmax" || name == "wargmax") add_row("weights", index(1), -1);
        else if (name == "H") add_row("entropy", index(1), -1);
        else if (name == "o" || name == "out") { // one head and W_O = I: both outputs hold the same number
            add_row("head_output", index(1), index(2));
            add_row("output", index(1), index(2));
        }
    } else if (t.kind == TaskKind::Click) {
        std::string prompt = t.prompt;
        std::transform(prompt.begin(), prompt.end(), prompt.begin(), [](unsigned char c) { return std::tolower(c); });
        if (prompt.find("predict") != std::string::npos) {
            add_row(t.panel, t.row, -1);
            if (t.panel == "weights") add_row("entropy", t.row, -1);
        }
    }
    hidden.erase(std::remove_if(hidden.begin(), hidden.end(), [](const HiddenValue& v) { return v.row < 0; }), hidden.end());
    return hidden;
}
} // namespace attn::ui
