// Attention files in model mode, headless: a file replaces the GPT-2 run in the panels and
// the model view, and closing it brings the run back; the measured descriptions on heads
// whose pattern is exact by construction (previous-token, first-token sink, induction),
// with the means worked out by hand; bidirectional vs causal masks; a bad file keeps what
// was shown and shows the core's message.
#include "ui_driver.h"
#include "attention_import.h"
#include "lesson_mode.h"
#include "model_mode.h"
#include "ui.h"
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace attn::ui;

namespace {

// 2 layers × 3 heads over "a b c d a b c d" (T = 8), causal. Layer 0: head 0 puts all of
// query i's weight on i−1 (query 0 on itself), head 1 on key 0, head 2 on the key after the
// previous occurrence of query i's token (queries 4…7), else on itself. Layer 1: uniform rows.
attn::model::AttentionFile patterned_file(bool causal) {
    attn::model::AttentionFile f;
    f.format = "json";
    f.model = "hand-made";
    f.tokens = {"a", "b", "c", "d", "a", "b", "c", "d"};
    f.T = 8, f.n_layers = 2, f.n_heads = 3;
    f.causal = f.causal_given = causal;
    f.weights.assign(static_cast<size_t>(2 * 3 * 8 * 8), 0.0f);
    auto at = [&f](int l, int h, int i, int j) -> float& { return f.weights[((static_cast<size_t>(l) * 3 + h) * 8 + i) * 8 + j]; };
    for (int i = 0; i < 8; ++i) {
        at(0, 0, i, std::max(0, i - 1)) = 1.0f;
        at(0, 1, i, 0) = 1.0f;
        at(0, 2, i, i >= 4 ? i - 3 : i) = 1.0f; // token i = token i−4, whose next is i−3
        const int keys = causal ? i + 1 : 8;
        for (int j = 0; j < keys; ++j) at(1, 0, i, j) = at(1, 1, i, j) = at(1, 2, i, j) = 1.0f / static_cast<float>(keys);
    }
    return f;
}

void require_result_is_head(const AppState& app, const attn::model::AttentionFile& f, int layer, int head) {
    REQUIRE(app.result);
    REQUIRE(weights_only(*app.result));
    CHECK(app.result->tokens == f.tokens);
    for (int i = 0; i < f.T; ++i)
        for (int j = 0; j < f.T; ++j) REQUIRE(app.result->head[0].weights(i, j) == f.weight(layer, head, i, j));
}

struct FileUi : Headless {
    FileUi() {
        model_state(app).default_dir = ATTNVIZ_MODEL_DIR;
        frames(2);
    }
};

} // namespace

TEST_CASE("an attention file replaces the GPT-2 run in model mode and closing it brings the run back", "[ui][model][attention]") {
    FileUi ui;
    ui.click("header.model");
    REQUIRE(in_mode(ui.app, Mode::Model));
    ui.frames(3);
    REQUIRE(ui.app.result);
    CHECK(ui.app.result->d_k == 32); // the shipped GPT-2's head
    const attn::model::AttentionFile f = patterned_file(true);
    attention_show(ui.app, f, "patterns.json");
    ui.frames(3);
    CHECK(attention_shown(ui.app));
    require_result_is_head(ui.app, f, 0, 0);
    // Causal: the mask is the lower triangle; the panels that need Q/K/V are drawn without them.
    CHECK(ui.app.result->mask(0, 1) == 0.0);
    CHECK(ui.app.result->mask(7, 0) == 1.0);
    ui.click("model.view.0.2"); // a head clicked in the model view opens in the weights panel
    require_result_is_head(ui.app, f, 0, 2);
    std::string error;
    CHECK_FALSE(ui_select_layer_head(ui.app, 2, 0, &error));
    CHECK(error.find("outside patterns.json (2 layers × 3 heads") != std::string::npos);
    REQUIRE(ui_select_layer_head(ui.app, 1, 1, &error));
    require_result_is_head(ui.app, f, 1, 1);
    // The model view's weights map: the weights panel's hover says the file has no logits.
    const ImVec2 c = ui.cell("heatmap.weights", 3, 2, 8);
    ui.move_to(c.x, c.y);
    CHECK(ui_tooltip(ui.app).find("0.2500") != std::string::npos); // row 3 of a uniform causal head: 1/4
    ui.click("attention.close");
    CHECK_FALSE(attention_shown(ui.app));
    ui.frames(3);
    REQUIRE(ui.app.result);
    CHECK(ui.app.result->d_k == 32);
    CHECK(ui.app.model->maps.heads == ui.app.model->model->weights.config.n_head);
}

TEST_CASE("the measured head descriptions work on an imported file's exact patterns", "[ui][model][attention]") {
    FileUi ui;
    attention_show(ui.app, patterned_file(true), "patterns.json");
    ui.frames(3);
    REQUIRE(in_mode(ui.app, Mode::Model)); // opened without a GPT-2 model loaded
    const attn::model::AttentionMaps& maps = ui.app.model->maps;
    REQUIRE(maps.layers == 2);
    REQUIRE(maps.heads == 3);
    // By hand, over queries 1…7: head 0 puts 1 on i−1 (query 1's i−1 is key 0, so 1/7 on the first token).
    CHECK(maps.pattern(0, 0).previous == Approx(1.0));
    CHECK(maps.pattern(0, 0).first == Approx(1.0 / 7));
    CHECK(attn::model::describe_head(maps.pattern(0, 0)).rfind("previous-token head", 0) == 0);
    CHECK(maps.pattern(0, 1).first == Approx(1.0));
    CHECK(maps.pattern(0, 1).previous == Approx(1.0 / 7));
    CHECK(attn::model::describe_head(maps.pattern(0, 1)).rfind("first-token sink", 0) == 0);
    CHECK(maps.pattern(0, 2).induction == Approx(1.0));
    CHECK(maps.pattern(0, 2).induction_queries == 4);
    CHECK(attn::model::describe_head(maps.pattern(0, 2)).rfind("induction head", 0) == 0);
    // Hovering the map in the model view shows the description.
    const attn::ui::WidgetRect r = ui.rect("model.view.0.0");
    ui.move_to(r.x + r.w * 0.5f, r.y + r.h * 0.5f);
    CHECK(ui_tooltip(ui.app).find("layer 0, head 0: previous-token head") != std::string::npos);
    // … and in Chinese: the core's two lines, each through the catalogue, the numbers kept.
    REQUIRE(ui_set_language(ui.app, "zh"));
    ui.move_to(r.x + r.w * 0.5f + 1.0f, r.y + r.h * 0.5f);
    CHECK(ui_tooltip(ui.app).find("第 0 层，头 0：前一词元头\n在这段文本上：i−1 上 1.00，") != std::string::npos);
    REQUIRE(ui_set_language(ui.app, "en"));
    const std::string json = ui_attention_json(ui.app);
    CHECK(json.find("\"causal\":true") != std::string::npos);
    CHECK(json.find("\"name\":\"patterns.json\"") != std::string::npos);
}

TEST_CASE("a bidirectional file has no mask and a bad file keeps what was shown and shows why", "[ui][model][attention]") {
    FileUi ui;
    const attn::model::AttentionFile f = patterned_file(false);
    attention_show(ui.app, f, "bert.json");
    ui.frames(2);
    REQUIRE(ui_select_layer_head(ui.app, 1, 0, nullptr));
    require_result_is_head(ui.app, f, 1, 0);
    CHECK(ui.app.result->mask.minCoeff() == 1.0); // full rows: nothing masked, nothing hatched
    CHECK(ui.app.result->head[0].weights(0, 7) == Approx(0.125));

    const std::filesystem::path bad = std::filesystem::temp_directory_path() / "attnviz_test_bad_attention.json";
    {
        std::ofstream out(bad);
        out << R"({"format": "attnviz-attention", "version": 1, "tokens": ["a", "b"], "attention": [[[[0.5, 0.5], [0.5, NaN]]]]})";
    }
    std::string error;
    CHECK_FALSE(attention_open_path(ui.app, bad.string(), &error));
    std::filesystem::remove(bad);
    CHECK(error.find("attnviz_test_bad_attention.json") != std::string::npos);
    ui.frames(2);
    CHECK(attention_shown(ui.app));
    require_result_is_head(ui.app, f, 1, 0); // what was shown stays
    CHECK(ui.app.model->error == error);
}
