// Fuzzes the lesson Markdown parser and validator (ui/lesson.*, no ImGui): any text is
// refused with a LessonError naming the file (and step and field), or parses; a parsed
// lesson validates from the app's starting scenario or is refused the same way; every
// step of a valid lesson renders its text and hides its answers without throwing.
#include "fuzz_support.h"
#include "core/scenario_json.h"
#include "lesson.h"

namespace {
const nlohmann::json& start_scenario() { // the app's (ui/lesson_mode.cpp): the classic example
    static const nlohmann::json start = nlohmann::json::parse(
        R"({"tokens": ["x₁", "x₂", "x₃"], "embeddings": [[1,0,1],[0,1,0],[1,1,1]], "projections": "identity", "scale": false})");
    return start;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace attn::ui;
    const std::string file = "lessons/fuzz.md";
    Lesson lesson;
    try {
        lesson = parse_lesson("fuzz", attn::fuzz::as_text(data, size));
    } catch (const LessonError& e) {
        attn::fuzz::require_message(e.what(), file);
        return 0;
    }
    std::vector<nlohmann::json> scenarios;
    try {
        scenarios = validate_lesson(lesson, start_scenario());
    } catch (const LessonError& e) {
        attn::fuzz::require_message(e.what(), file + ", step ");
        return 0;
    }
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        const LessonStep& step = lesson.steps[i];
        const auto result = attn::compute(attn::scenario_from_json(scenarios[i]));
        render_text(step.text, *result);
        hidden_values(step);
    }
    return 0;
}
