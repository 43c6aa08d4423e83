// The lesson engine: parsing with clear errors, live values, and task checkers that are
// neither fooled by a wrong answer nor done before the learner has done anything.
#include "lesson.h"
#include "core/scenario_json.h"
#include <catch2/catch.hpp>

using namespace attn::ui;

namespace {
const char* const kClassic =
    R"({"tokens": ["x₁", "x₂", "x₃"], "embeddings": [[1,0,1],[0,1,0],[1,1,1]], "projections": "identity", "scale": false})";
std::shared_ptr<const attn::Result> classic() { return attn::compute(attn::scenario_from_string(kClassic)); }

const char* const kLesson = R"(# A tiny lesson
One line of summary.

## First
```attnviz
{"highlight": ["scores"], "task": {"kind": "answer", "prompt": "x₁·x₃?", "answer": 2}}
```
Score {{s 1 3 :0}}, weight {{w 1 3}}.

## Second
```attnviz
{"patch": {"temperature": 0.5}, "task": {"kind": "condition", "prompt": "sharpen", "checks": ["wmax 3 > 0.9"]}}
```
Text.
)";
} // namespace

TEST_CASE("a lesson file parses into titled steps with their JSON blocks", "[lesson]") {
    const Lesson l = parse_lesson("tiny", kLesson);
    CHECK(l.title == "A tiny lesson");
    CHECK(l.summary == "One line of summary.");
    REQUIRE(l.steps.size() == 2);
    CHECK(l.steps[0].title == "First");
    CHECK(l.steps[0].highlight == std::vector<std::string>{"scores"});
    CHECK(l.steps[0].task.kind == TaskKind::Answer);
    CHECK(l.steps[1].patch["temperature"] == 0.5);
    CHECK(l.steps[1].text == "Text.");
    const auto scenarios = validate_lesson(l, nlohmann::json::parse(kClassic));
    CHECK(scenarios[1]["temperature"] == 0.5);
}

TEST_CASE("live values in step text are the hand-worked numbers", "[lesson]") {
    const auto r = classic();
    CHECK(render_text("Score {{s 1 3 :0}}, weight {{w 1 3}}, token {{token 2}}.", *r) == "Score 2, weight 0.468, token x₂.");
    CHECK(live_value(*r, "o 1 2") == Approx(0.53169).margin(1e-5)); // 0.0634 + 0.4683
    CHECK(live_value(*r, "wargmax 3") == 3);
    CHECK(live_value(*r, "T") == 3);
    CHECK_THROWS_WITH(live_value(*r, "w 1 4"), Catch::Contains("out of range"));
    CHECK_THROWS_WITH(live_value(*r, "zz 1"), Catch::Contains("unknown live value"));
}

TEST_CASE("malformed lessons are refused with file, step and field named", "[lesson]") {
    CHECK_THROWS_WITH(parse_lesson("bad", "no title\n## s\n"), Catch::Contains("lessons/bad.md") && Catch::Contains("Title"));
    CHECK_THROWS_WITH(parse_lesson("bad", "# T\n## Step one\n```attnviz\n{\"task\": {\"kind\": \"clik\", \"prompt\": \"x\"}}\n```\n"),
                      Catch::Contains("step 1 “Step one”") && Catch::Contains("task.kind"));
    CHECK_THROWS_WITH(parse_lesson("bad", "# T\n## S\n```attnviz\n{\"colour\": 1}\n```\n"), Catch::Contains("colour"));
    CHECK_THROWS_WITH(parse_lesson("bad", "# T\n## S\n```attnviz\n{not json\n```\n"), Catch::Contains("not valid JSON"));
    CHECK_THROWS_WITH(parse_lesson("bad", "# T\n## S\n```attnviz\n{}\n"), Catch::Contains("not closed"));
    const Lesson bad_scenario = parse_lesson("bad", "# T\n## S\n```attnviz\n{\"patch\": {\"heads\": 2}}\n```\n");
    CHECK_THROWS_WITH(validate_lesson(bad_scenario, nlohmann::json::parse(kClassic)),
                      Catch::Contains("step 1") && Catch::Contains("scenario") && Catch::Contains("heads"));
    const Lesson bad_value = parse_lesson("bad", "# T\n## S\nweight {{w 9 9}}\n");
    CHECK_THROWS_WITH(validate_lesson(bad_value, nlohmann::json::parse(kClassic)), Catch::Contains("out of range"));
}

TEST_CASE("a click task accepts the largest weight (ties included) and nothing else", "[lesson][task]") {
    const auto r = classic();
    LessonTask t;
    t.kind = TaskKind::Click;
    t.row = 0;
    t.target = "argmax";
    CHECK_FALSE(check_click(t, *r, "weights", 0, 0, 1).done); // w₁₂ = 0.063
    CHECK_FALSE(check_click(t, *r, "weights", 0, 1, 2).done); // wrong row
    CHECK_FALSE(check_click(t, *r, "scores", 0, 0, 2).feedback.size()); // another panel: ignored
    CHECK(check_click(t, *r, "weights", 0, 0, 2).done);       // w₁₃ = 0.468
    CHECK(check_click(t, *r, "weights", 0, 0, 0).done);       // w₁₁ ties with it
}

TEST_CASE("an answer task wants the right number within its tolerance", "[lesson][task]") {
    const auto r = classic();
    LessonTask t;
    t.kind = TaskKind::Answer;
    t.answer = "w 1 3";
    CHECK_FALSE(check_answer(t, *r, "0.5").done); // the widely copied, wrong value
    CHECK_FALSE(check_answer(t, *r, "").done);
    CHECK_FALSE(check_answer(t, *r, "abc").done);
    CHECK(check_answer(t, *r, "0.468").done);
    CHECK(check_answer(t, *r, "0,468").done);
    t.answer = 2;
    CHECK_FALSE(check_answer(t, *r, "3").done);
    CHECK(check_answer(t, *r, "2").done);
}

TEST_CASE("a condition task is not done before the learner changes anything", "[lesson][task]") {
    attn::Scenario s = attn::scenario_from_string(kClassic);
    LessonTask t;
    t.kind = TaskKind::Condition;
    t.checks = {"wmax 3 > 0.9"};
    // Already true at τ = 0.1 when the step opens: still not done until something changed.
    s.temperature = 0.1;
    CHECK_FALSE(check_condition(t, *attn::compute(s), false).done);
    CHECK(check_condition(t, *attn::compute(s), true).done);
    s.temperature = 1.0;
    CHECK_FALSE(check_condition(t, *attn::compute(s), true).done); // changed, but 0.665 < 0.9
}

TEST_CASE("out-of-range numbers in a lesson file are errors, not overflows", "[lesson]") {
    CHECK_THROWS_WITH(parse_lesson("bad", "# T\n## S\n```attnviz\n{\"select\": -2147483648}\n```\n"), Catch::Contains("select"));
    CHECK_THROWS_WITH(parse_lesson("bad", "# T\n## S\n```attnviz\n{\"task\": {\"kind\": \"click\", \"prompt\": \"p\", \"panel\": \"qkv\", \"row\": 1}}\n```\n"),
                      Catch::Contains("task.panel"));
    const Lesson far = parse_lesson("bad", "# T\n## S\n```attnviz\n{\"task\": {\"kind\": \"click\", \"prompt\": \"p\", \"row\": 1, \"target\": 9}}\n```\n");
    CHECK_THROWS_WITH(validate_lesson(far, nlohmann::json::parse(kClassic)), Catch::Contains("task.target"));
}

TEST_CASE("a task field of the wrong JSON type is named, not thrown as a JSON type error (found by fuzzing)", "[lesson]") {
    const auto task = [](const std::string& fields) {
        return parse_lesson("bad", "# T\n## S\n```attnviz\n{\"task\": {" + fields + "}}\n```\n");
    };
    CHECK_THROWS_WITH(task(R"("kind": 1, "prompt": "p")"), Catch::Contains("task.kind") && Catch::Contains("expected text, got number"));
    CHECK_THROWS_WITH(task(R"("kind": "answer", "prompt": "p", "answer": 1, "success": [])"), Catch::Contains("task.success"));
    CHECK_THROWS_WITH(task(R"("kind": "click", "prompt": "p", "panel": {}, "row": 1)"), Catch::Contains("task.panel"));
    CHECK_THROWS_WITH(task(R"("kind": "answer", "prompt": "p", "answer": 1, "tolerance": "tiny")"),
                      Catch::Contains("task.tolerance") && Catch::Contains("expected a number"));
    CHECK_THROWS_WITH(task(R"("kind": "head", "prompt": "p", "pattern": 2)"), Catch::Contains("task.pattern"));
    CHECK_THROWS_WITH(task(R"("kind": "condition", "prompt": "p", "checks": ["w 1 1 > 0"], "require_change": "no")"),
                      Catch::Contains("task.require_change") && Catch::Contains("true or false"));
    CHECK_THROWS_WITH(parse_lesson("bad", "# T\n## S\n```attnviz\n{\"cells\": [{\"panel\": 5, \"row\": 1, \"col\": 1}]}\n```\n"),
                      Catch::Contains("cells.panel"));
    CHECK(task(R"("kind": "answer", "prompt": "p", "answer": 2, "tolerance": 0.01, "success": "yes")").steps[0].task.tolerance == 0.01);
}

TEST_CASE("predict tasks and training links are refused by name when malformed", "[lesson][predict]") {
    CHECK_THROWS_WITH(parse_lesson("bad", "# T\n## S\n```attnviz\n{\"task\": {\"kind\": \"predict\", \"prompt\": \"p\", \"answer\": 1}}\n```\n"),
                      Catch::Contains("task.reveal") && Catch::Contains("needs a reveal"));
    CHECK_THROWS_WITH(parse_lesson("bad", "# T\n## S\n```attnviz\n{\"task\": {\"kind\": \"answer\", \"prompt\": \"p\", \"answer\": 1, \"reveal\": {\"scale\": true}}}\n```\n"),
                      Catch::Contains("only a predict task has a reveal"));
    CHECK_THROWS_WITH(parse_lesson("bad", "# T\n## S\n```attnviz\n{\"train\": \"juggle\"}\n```\n"),
                      Catch::Contains("train") && Catch::Contains("reverse"));
    const Lesson broken = parse_lesson("bad", "# T\n## S\n```attnviz\n{\"task\": {\"kind\": \"predict\", \"prompt\": \"p\", \"answer\": \"w 1 1\", \"reveal\": {\"heads\": 2}}}\n```\n");
    CHECK_THROWS_WITH(validate_lesson(broken, nlohmann::json::parse(kClassic)), Catch::Contains("task.reveal") && Catch::Contains("heads"));
}

TEST_CASE("a lesson of kMaxLessonBytes parses and one byte more is refused naming the limit", "[lesson][limits]") {
    const std::string lesson = "# Title\n\n## Step\nText.\n";
    const std::string at_limit = lesson + std::string(kMaxLessonBytes - lesson.size(), '\n');
    CHECK(parse_lesson("big", at_limit).steps.size() == 1);
    CHECK_THROWS_WITH(parse_lesson("big", at_limit + "\n"), "lessons/big.md: 1048577 bytes, over the limit of 1048576 (kMaxLessonBytes)");
}
