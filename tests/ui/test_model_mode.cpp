// Model mode in the real UI, headless, on the shipped model (assets/models/fortunes-gpt2):
// entered from the header and left with the user's own scenario back; a head picked in the
// model view fills every panel; typing runs only the new tokens and gives the same numbers
// as running the whole text; a bad model folder is refused with the core's message.
#include "ui_driver.h"
#include "model_mode.h"
#include "core/model/model_result.h"
#include "core/scenario_json.h"
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace attn::ui;

namespace {

// The panels' weights for the shown head equal a fresh run's of the same text.
void require_panels_show_head(const AppState& app, int layer, int head) {
    const ModelState& m = *app.model;
    REQUIRE(app.result);
    attn::model::Gpt2Run fresh(m.model->weights);
    fresh.append(m.ids);
    const int T = fresh.length();
    REQUIRE(static_cast<int>(app.result->tokens.size()) == T);
    CHECK(app.result->tokens == m.tokens);
    double worst = 0;
    for (int i = 0; i < T; ++i)
        for (int j = 0; j <= i; ++j) worst = std::max(worst, std::abs(app.result->head[0].weights(i, j) - fresh.weights_row(layer, head, i)[j]));
    CHECK(worst < 1e-6); // blocked vs one position at a time: float32 summation order only
}

struct ModelUi : Headless {
    ModelUi() {
        model_state(app).default_dir = ATTNVIZ_MODEL_DIR;
        frames(2);
    }
};

} // namespace

TEST_CASE("the header's Model button enters model mode on the shipped model; Back gives the user's scenario back", "[ui][model]") {
    ModelUi ui;
    std::string error;
    REQUIRE(ui_set_scenario_json(ui.app, R"({"text": "my own words here", "embedding": {"dim": 4, "seed": 3}})", &error));
    ui.app.selected_query = 2;
    ui.frames(2);
    const std::string own = ui_scenario_json(ui.app);
    ui.click("header.model");
    REQUIRE(in_mode(ui.app, Mode::Model));
    const ModelState& m = *ui.app.model;
    REQUIRE(m.model);
    CHECK(m.model->name == "fortunes-gpt2");
    CHECK(m.tokens.front() == "A");
    CHECK(m.tokens[1] == "·f"); // the model's own BPE pieces, a space shown as ·
    CHECK(ui.app.result->d_model == 128);
    CHECK(ui.app.result->d_k == 32);
    require_panels_show_head(ui.app, 0, 0);
    for (const char* name : {"model.text", "model.view.0.0", "model.view.1.3", "model.next.0", "heatmap.weights", "heatmap.scores"}) {
        INFO(name);
        float r[4];
        CHECK(ui_widget_rect(ui.app, name, r));
    }
    ui.click("model.leave");
    CHECK(in_mode(ui.app, Mode::Explore));
    CHECK(ui_scenario_json(ui.app) == own);
    CHECK(ui.app.selected_query == 2);
    CHECK(ui.app.result->tokens == std::vector<std::string>{"my", "own", "words", "here"});
}

TEST_CASE("clicking a head in the model view opens it in every panel", "[ui][model]") {
    ModelUi ui;
    ui.click("header.model");
    REQUIRE(in_mode(ui.app, Mode::Model));
    const int n = ui.app.model->maps.size;
    const ImVec2 c = ui.cell("model.view.1.2", n - 1, n / 2, n);
    ui.click(c.x, c.y);
    CHECK(ui.app.model->layer == 1);
    CHECK(ui.app.model->head == 2);
    require_panels_show_head(ui.app, 1, 2);
    // Hover names the head and what was measured.
    ui.move_to(c.x, c.y);
    CHECK(ui_tooltip(ui.app).rfind("layer 1, head 2: ", 0) == 0);
    std::string error;
    CHECK(ui_select_layer_head(ui.app, 0, 1, &error));
    ui.frames(1);
    require_panels_show_head(ui.app, 0, 1);
    CHECK_FALSE(ui_select_layer_head(ui.app, 2, 0, &error));
    CHECK(error.find("outside the model") != std::string::npos);
}

TEST_CASE("typing into the model's text runs the new tokens; the numbers equal a run of the whole text", "[ui][model]") {
    ModelUi ui;
    ui.click("header.model");
    ui.click("model.text");
    ui.key(ImGuiKey_End, true); // Ctrl+End: the end of a multi-line field
    ImGui::GetIO().AddInputCharactersUTF8(" are soon");
    ui.frames(3);
    const ModelState& m = *ui.app.model;
    CHECK(m.text == "A fool and his money are soon parted. A fool and his money are soon");
    CHECK(m.tokens.back() == "on");
    CHECK(ui.app.selected_query == static_cast<int>(m.tokens.size()) - 1); // follows the newest token
    require_panels_show_head(ui.app, 0, 0);
    // An edit at the start: the cache keeps nothing after it, and the numbers are still right.
    model_set_text(ui.app, "The" + m.text.substr(1));
    ui.frames(2);
    require_panels_show_head(ui.app, 0, 0);
    // Predictions: softmax of the logits after the selected token, most likely first.
    REQUIRE(m.next.size() == static_cast<size_t>(kTopNextTokens));
    for (size_t r = 1; r < m.next.size(); ++r) CHECK(m.next[r - 1].p >= m.next[r].p);
}

TEST_CASE("a long computation is sliced across frames with progress; small models run in one", "[ui][model]") {
    attn::model::Gpt2Config gpt2;
    gpt2.n_layer = 12, gpt2.n_head = 12, gpt2.n_embd = 768, gpt2.n_inner = 3072, gpt2.n_positions = 1024;
    CHECK(model_positions_per_tick(gpt2, 0) <= 4);
    CHECK(model_positions_per_tick(gpt2, 1000) <= model_positions_per_tick(gpt2, 0));
    attn::model::Gpt2Config shipped = gpt2;
    shipped.n_layer = 2, shipped.n_head = 4, shipped.n_embd = 128, shipped.n_inner = 512;
    CHECK(model_positions_per_tick(shipped, 0) >= 128);
    // Then by how long a chunk took: more while well under the frame's share, fewer over it.
    CHECK(model_next_chunk(4, kModelTickMs * 0.2) == 8);
    CHECK(model_next_chunk(4, kModelTickMs) == 4);
    CHECK(model_next_chunk(4, kModelTickMs * 3) == 2);
    CHECK(model_next_chunk(16, kModelTickMs * 10) == 8);
    // One position alone over the frame's share: batching is nearly free, up to kModelMaxTickMs.
    CHECK(model_next_chunk(1, kModelTickMs * 4) == 2);
    CHECK(model_next_chunk(2, kModelMaxTickMs * 3) == 1);
    CHECK(model_next_chunk(kModelMaxChunk, 0.0) == kModelMaxChunk);
}

TEST_CASE("a folder that is not a usable model shows the core's message and keeps the model", "[ui][model]") {
    ModelUi ui;
    ui.click("header.model");
    const auto dir = std::filesystem::temp_directory_path() / "attnviz-bad-model";
    std::filesystem::create_directories(dir);
    for (const char* f : {"vocab.json", "merges.txt"})
        std::filesystem::copy_file(std::filesystem::path(ATTNVIZ_MODEL_DIR) / f, dir / f, std::filesystem::copy_options::overwrite_existing);
    std::ofstream(dir / "config.json") << R"({"n_layer": 2, "n_head": 3, "n_embd": 128})";
    std::ofstream(dir / "model.safetensors") << "not a model";
    std::string error;
    CHECK_FALSE(model_load_folder(ui.app, dir.string(), &error));
    INFO(error);
    CHECK(error.find("config.json: ") != std::string::npos); // the core's message names the file
    ui.frames(2);
    CHECK(ui.app.model->model->name == "fortunes-gpt2");
    CHECK(in_mode(ui.app, Mode::Model));
    float r[4];
    CHECK(ui_widget_rect(ui.app, "model.error", r));
    std::filesystem::remove_all(dir);
}

TEST_CASE("typing, deleting and switching heads keep the model view and the panels equal to a rebuild", "[ui][model]") {
    ModelUi ui;
    ui.click("header.model");
    ModelState& m = *ui.app.model;
    // What model mode kept up to date row by row equals what it would build from scratch.
    auto require_as_rebuilt = [&] {
        REQUIRE_FALSE(model_busy(ui.app));
        const attn::model::AttentionMaps fresh = attn::model::attention_maps(*m.run, m.tokens, m.view_size);
        CHECK(m.maps.size == fresh.size);
        CHECK(m.maps.maps == fresh.maps);
        CHECK(m.maps.tokens == fresh.tokens);
        for (size_t i = 0; i < fresh.patterns.size(); ++i) {
            CHECK(m.maps.patterns[i].induction_queries == fresh.patterns[i].induction_queries);
            CHECK(m.maps.patterns[i].previous == fresh.patterns[i].previous);
        }
        const auto rebuilt = attn::model::head_result(m.model->weights, *m.run, m.layer, m.head, m.tokens);
        REQUIRE(ui.app.result);
        CHECK(ui.app.result->head[0].scores == rebuilt->head[0].scores);
        CHECK(ui.app.result->head[0].entropy == rebuilt->head[0].entropy);
        CHECK(ui.app.result->output == rebuilt->output);
    };
    ui.click("model.text");
    ui.key(ImGuiKey_End, true);
    for (const char* piece : {" a", "re", " soon", " parted", "."}) {
        ImGui::GetIO().AddInputCharactersUTF8(piece);
        ui.frames(2);
        require_as_rebuilt();
    }
    for (int i = 0; i < 8; ++i) ui.key(ImGuiKey_Backspace);
    ui.frames(3);
    CHECK(m.text.size() == std::string("A fool and his money are soon parted. A fool and his money are soon parted.").size() - 8);
    require_as_rebuilt();
    std::string error;
    REQUIRE(ui_select_layer_head(ui.app, 1, 3, &error));
    ui.frames(1);
    require_as_rebuilt();
    model_set_text(ui.app, "short"); // the cells get finer (no pooling): rebuilt
    ui.frames(2);
    require_as_rebuilt();
}
