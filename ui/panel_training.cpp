// attnviz UI: the training panel — task, play/pause/step/reset, settings, loss and
// accuracy curves, and one held-out example's attention next to the pattern that solves it.
#include "heatmap.h"
#include "panels.h"
#include "session.h"
#include "widgets.h"
#include "plot.h"
#include "training.h"
#include "theme.h"
#include "imgui.h"
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace attn::ui {

namespace {

using namespace attn::train;

constexpr ImU32 kGood = IM_COL32(120, 220, 130, 255);
constexpr ImU32 kLossColor = IM_COL32(255, 170, 80, 255);
constexpr ImU32 kHeldOutColor = IM_COL32(120, 190, 255, 255);
constexpr ImU32 kAttentionColor = IM_COL32(250, 220, 90, 255);

std::string percent(double v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f%%", v * 100);
    return buf;
}

void status_line(const TrainingState& ts) {
    const Evaluation& e = ts.run->evaluations.back();
    ImGui::TextWrapped("Step %d  ·  held-out accuracy %s  ·  attention on target %s", ts.run->step,
                       percent(e.accuracy).c_str(), percent(e.attention_on_target).c_str());
}

void controls(AppState& app) {
    TrainingState& ts = app.training;
    if (ImGui::Button(ts.running ? "Pause##train" : "Play##train", ImVec2(ImGui::GetFontSize() * 4.5f, 0)))
        ts.running = !ts.running && ts.run->diverged_at < 0;
    track_last_item(app, "train.play");
    ImGui::SameLine();
    if (ImGui::Button("Step##train")) training_run_steps(app, 1);
    track_last_item(app, "train.step");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("One optimizer update on a fresh batch of %d examples", ts.run->config.batch_size);
    ImGui::SameLine();
    if (ImGui::Button("Reset##train")) training_reset(app);
    track_last_item(app, "train.reset");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Start again from the same seed: the same run, step for step");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    if (ImGui::BeginCombo("##speed", kTrainingSpeeds[ts.speed].label)) {
        for (int i = 0; i < kTrainingSpeedCount; ++i)
            if (ImGui::Selectable(kTrainingSpeeds[i].label, i == ts.speed)) ts.speed = i;
        ImGui::EndCombo();
    }
    track_last_item(app, "train.speed");
}

void task_picker(AppState& app) {
    TrainingState& ts = app.training;
    const Task& current = task_by_kind(ts.config.task);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    if (ImGui::BeginCombo("##task", current.title.c_str())) {
        for (const Task& t : all_tasks())
            if (ImGui::Selectable(t.title.c_str(), t.kind == current.kind)) {
                const std::uint64_t seed = ts.config.seed;
                ts.config = default_config(t.kind);
                ts.config.seed = seed;
                training_reset(app);
            }
        ImGui::EndCombo();
    }
    track_last_item(app, "train.task");
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", current.summary.c_str());
    ImGui::PopStyleColor();
}

void settings(AppState& app) {
    TrainingState& ts = app.training;
    TrainingConfig c = ts.config;
    const Task& task = task_by_kind(c.task);
    const float label_w = ImGui::GetFontSize() * 8.5f;
    auto label = [&](const char* text) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(text);
        ImGui::SameLine(label_w);
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    };

    // An experiment worth making with these settings, where the settings are.
    ImGui::PushStyleColor(ImGuiCol_Text, kAttentionColor);
    ImGui::TextWrapped("Try: %s", task.try_this.c_str());
    ImGui::PopStyleColor();
    // The learning rate changes the running optimizer; every other setting starts a new run.
    label("Learning rate");
    double lr = c.learning_rate;
    static const double kMinRate = 1e-4, kMaxRate = 1.0; // typed values (Ctrl+click) are clamped too
    if (ImGui::SliderScalar("##lr", ImGuiDataType_Double, &lr, &kMinRate, &kMaxRate, "%.4g",
                            ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp) &&
        std::isfinite(lr) && lr > 0) {
        ts.config.learning_rate = lr;
        ts.run->config.learning_rate = lr;
        ts.run->optimizer.learning_rate = lr;
    }
    double_click_to_type();
    track_last_item(app, "train.lr");

    bool changed = false;
    label("Optimizer");
    if (ImGui::RadioButton("Adam", c.optimizer == OptimizerKind::Adam)) c.optimizer = OptimizerKind::Adam, changed = true;
    ImGui::SameLine();
    if (ImGui::RadioButton("SGD", c.optimizer == OptimizerKind::Sgd)) c.optimizer = OptimizerKind::Sgd, changed = true;
    label("Seed");
    changed |= ImGui::InputScalar("##seed", ImGuiDataType_U64, &c.seed, nullptr, nullptr, "%llu", ImGuiInputTextFlags_EnterReturnsTrue);
    track_last_item(app, "train.seed");
    if (task.kind != attn::train::TaskKind::Classic) { // classic has one example: a batch would repeat it
        label("Batch size");
        changed |= ImGui::SliderInt("##batch", &c.batch_size, 1, 64, "%d", ImGuiSliderFlags_AlwaysClamp);
        double_click_to_type();
    }
    if (task.vocabulary > 0) {
        label("d_model");
        static const int dims[] = {4, 8, 16, 32, 64};
        for (int d : dims) {
            char id[16];
            std::snprintf(id, sizeof id, "%d##dm", d);
            if (ImGui::RadioButton(id, c.d_model == d)) {
                c.d_model = d;
                while (c.d_model % c.heads != 0) --c.heads; // the most heads that still divide it
                changed = true;
            }
            ImGui::SameLine();
        }
        ImGui::NewLine();
    }
    label("Heads");
    for (int h = 1; h <= std::min(8, c.d_model); ++h) {
        if (c.d_model % h != 0) continue;
        char id[16];
        std::snprintf(id, sizeof id, "%d##th", h);
        if (ImGui::RadioButton(id, c.heads == h)) c.heads = h, changed = true;
        ImGui::SameLine();
    }
    ImGui::NewLine();
    if (task.vocabulary > 0) {
        changed |= ImGui::Checkbox("Positional encoding", &c.positional);
        ImGui::SameLine();
    }
    changed |= ImGui::Checkbox("Causal mask", &c.causal);
    if (changed) {
        ts.config = c;
        training_reset(app);
    }
    ImGui::TextDisabled("Changing these starts a new run; the learning rate applies at once.");
}

void curves(AppState& app) {
    const TrainingState& ts = app.training;
    const TrainingRun& run = *ts.run;
    const int buckets = int(ImGui::GetContentRegionAvail().x);
    const PlotSeries batch_loss = bucket_means("batch loss", ts.loss_prefix, buckets, kLossColor);
    const PlotSeries batch_accuracy = bucket_means("batch", ts.accuracy_prefix, buckets, IM_COL32(255, 170, 80, 150));
    PlotSeries held_loss{"held-out loss", {}, {}, kHeldOutColor, false};
    PlotSeries held_accuracy{"held-out", {}, {}, kHeldOutColor, false};
    PlotSeries attention{"attention on target", {}, {}, kAttentionColor, false};
    for (const Evaluation& e : run.evaluations) {
        held_loss.x.push_back(float(e.step));
        held_loss.y.push_back(float(e.loss));
        held_accuracy.x.push_back(float(e.step));
        held_accuracy.y.push_back(float(e.accuracy));
        attention.x.push_back(float(e.step));
        attention.y.push_back(float(e.attention_on_target));
    }
    PlotOptions loss_options;
    loss_options.log_y = true;
    // Taller on tall windows; the example below takes what is left.
    const float base = std::max(90.0f, ImGui::GetFontSize() * 6.5f);
    loss_options.height = std::clamp(base + (ImGui::GetWindowHeight() - 760.0f) * 0.35f, base, 220.0f);
    loss_options.x_max = float(std::max(run.step, 50));
    loss_options.title = "Loss (log scale)";
    line_plot(app, "loss", {batch_loss, downsample(held_loss, buckets)}, loss_options);
    PlotOptions accuracy_options = loss_options;
    accuracy_options.log_y = false;
    accuracy_options.percent = true;
    accuracy_options.title = "Accuracy";
    line_plot(app, "accuracy",
              {batch_accuracy, downsample(held_accuracy, buckets), downsample(attention, buckets)},
              accuracy_options);
}

// The learned parameters themselves, on one shared diverging scale so their sizes compare.
void parameters(AppState& app) {
    const TrainingRun& run = *app.training.run;
    const Parameters& p = run.parameters;
    struct Shown {
        const char* name;
        const attn::Matrix* m;
        std::vector<std::string> rows;
    };
    std::vector<std::string> none;
    std::vector<Shown> shown;
    if (run.shape.vocabulary > 0) shown.push_back({"E (embeddings)", &p.embedding, run.task->token_names});
    shown.push_back({"W_Q", &p.wq, none});
    shown.push_back({"W_K", &p.wk, none});
    shown.push_back({"W_V", &p.wv, none});
    shown.push_back({"W_O", &p.wo, none});
    shown.push_back({"W_out", &p.w_out, none});
    double range = 1e-9;
    for (const Shown& m : shown) range = std::max(range, symmetric_range(m.m->data(), int(m.m->size())));
    ImGui::TextDisabled("Blue negative, red positive; one scale for all, ±%.2f. Hover for values.", range);
    const float width = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    for (size_t i = 0; i < shown.size(); ++i) {
        if (i % 2 == 1) ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::TextUnformatted(shown[i].name);
        HeatmapOptions opt;
        opt.colormap = Colormap::RdBu;
        opt.vmin = -range, opt.vmax = range;
        opt.max_cell = 14.0f;
        opt.max_width = width;
        opt.show_col_labels = false;
        opt.show_row_labels = !shown[i].rows.empty();
        const int rows = int(shown[i].m->rows()), cols = int(shown[i].m->cols());
        const std::string id = std::string("train.param.") + shown[i].name;
        const HeatmapEvents ev = heatmap(app, id.c_str(), shown[i].m->data(), rows, cols, shown[i].rows, none, opt);
        if (ev.hovered_row >= 0) {
            char tip[96];
            std::snprintf(tip, sizeof tip, "%s[%d, %d] = %.4f", shown[i].name, ev.hovered_row + 1, ev.hovered_col + 1,
                          (*shown[i].m)(ev.hovered_row, ev.hovered_col));
            formula_tooltip(app, tip);
        }
        ImGui::EndGroup();
    }
}

void token_row(const char* title, const std::vector<std::string>& cells, const TrainingState& ts, bool judge) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", title);
    for (size_t i = 0; i < cells.size(); ++i) {
        ImGui::TableNextColumn();
        const bool scored = !ts.view.targets[i].empty();
        if (!judge) ImGui::TextUnformatted(cells[i].empty() ? "·" : cells[i].c_str());
        else if (!scored) ImGui::TextDisabled("·");
        else ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ts.view.correct[i] ? kGood : kError), "%s", cells[i].c_str());
    }
}

void example(AppState& app) {
    TrainingState& ts = app.training;
    const int count = int(ts.run->held_out.size());
    ImGui::AlignTextToFramePadding();
    if (count > 1) {
        if (ts.custom) ImGui::TextUnformatted("Your own example");
        else ImGui::Text("Held-out example %d of %d", ts.example + 1, count);
        ImGui::SameLine();
        if (ImGui::ArrowButton("##prev_example", ImGuiDir_Left)) training_show_example(app, (ts.example + count - 1) % count);
        track_last_item(app, "train.prev_example");
        ImGui::SameLine();
        if (ImGui::ArrowButton("##next_example", ImGuiDir_Right)) training_show_example(app, (ts.example + 1) % count);
        track_last_item(app, "train.next_example");
        // The learner's own input: does the trained layer generalise to it?
        ImGui::SameLine();
        const bool sort = ts.run->task->kind == attn::train::TaskKind::Sort;
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
        if (ImGui::InputTextWithHint("##try", sort ? "try 4 digits, Enter" : "try 6 letters a–h, Enter", ts.custom_text,
                                     sizeof ts.custom_text, ImGuiInputTextFlags_EnterReturnsTrue))
            training_try_example(app, ts.custom_text);
        track_last_item(app, "train.try");
        if (!ts.custom_error.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, kError);
            ImGui::TextWrapped("%s", ts.custom_error.c_str());
            ImGui::PopStyleColor();
        }
    } else {
        ImGui::TextUnformatted("The one example (also the test)");
    }
    const ExampleView& v = ts.view;
    const int T = int(v.tokens.size());
    if (ImGui::BeginTable("##example_tokens", T + 1, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV)) {
        token_row("input", v.tokens, ts, false);
        token_row("target", v.targets, ts, false);
        token_row("model", v.predictions, ts, true);
        ImGui::EndTable();
    }

    const int head = std::clamp(app.selected_head, 0, int(v.weights.size()) - 1);
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    HeatmapOptions opt;
    opt.max_cell = 44.0f;
    opt.max_width = half;
    // Fit the panel's height when there is room, so the whole matrix shows without scrolling.
    // Below the heatmaps: the "show in the other panels" checkbox and the parameters' header.
    const float below = 2 * ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y +
                        (app.session.follow ? 0.0f : ImGui::GetTextLineHeightWithSpacing() * 2);
    // …but never so small that the token labels disappear (then the panel scrolls a little).
    const float labelled = T * ImGui::GetTextLineHeight() + ImGui::GetTextLineHeight() + 4.0f;
    opt.height = std::max(ImGui::GetContentRegionAvail().y - below, labelled);
    opt.highlight_row = app.session.follow ? app.selected_query : -1;
    ImGui::BeginGroup();
    if (v.weights.size() > 1) ImGui::Text("Learned weights, head %d", head + 1);
    else ImGui::TextUnformatted("Learned weights");
    const HeatmapEvents learned = heatmap(app, "train.weights", v.weights[head].data(), T, T, v.tokens, v.tokens, opt);
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextUnformatted("A pattern that solves it");
    opt.fixed_cell = learned.cell;
    opt.show_row_labels = true;
    const HeatmapEvents expected = heatmap(app, "train.expected", v.expected.data(), T, T, v.tokens, v.tokens, opt);
    ImGui::EndGroup();
    for (const HeatmapEvents* ev : {&learned, &expected}) {
        if (ev->hovered_row >= 0) {
            char tip[160];
            std::snprintf(tip, sizeof tip, "Query %s → key %s\nlearned weight %.3f, solving pattern %.3f",
                          v.tokens[ev->hovered_row].c_str(), v.tokens[ev->hovered_col].c_str(),
                          v.weights[head](ev->hovered_row, ev->hovered_col), v.expected(ev->hovered_row, ev->hovered_col));
            formula_tooltip(app, tip);
        }
        // The selection indexes the panels' tokens: only the same tokens when they follow training.
        if (ev->clicked_row >= 0 && app.session.follow) app.selected_query = ev->clicked_row;
    }

    bool follow = app.session.follow;
    if (ImGui::Checkbox("Show the trained layer in the other panels", &follow)) training_follow(app, follow);
    track_last_item(app, "train.follow");
    if (!app.session.follow) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("The other panels show your own edits; tick to show the trained layer again.");
        ImGui::PopStyleColor();
    }
}

} // namespace

void draw_training_title(AppState& app) {
    TrainingState& ts = app.training;
    if (ImGui::ArrowButton("##collapse_training", ts.collapsed ? ImGuiDir_Right : ImGuiDir_Down)) ts.collapsed = !ts.collapsed;
    track_last_item(app, "train.collapse");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, kTitle);
    ImGui::TextUnformatted(ts.collapsed ? "Training" : "Training playground");
    ImGui::PopStyleColor();
    const float leave_w = ImGui::CalcTextSize("Leave").x + ImGui::GetStyle().FramePadding.x * 2;
    if (ts.collapsed && ts.run) {
        // As much of the status as fits before the Leave button.
        const Evaluation& e = ts.run->evaluations.back();
        char longer[96], shorter[64];
        std::snprintf(longer, sizeof longer, "%s · step %d · %s", ts.running ? "running" : "paused", ts.run->step,
                      percent(e.accuracy).c_str());
        std::snprintf(shorter, sizeof shorter, "step %d", ts.run->step);
        ImGui::SameLine();
        const float room = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * 2 - leave_w;
        if (ImGui::CalcTextSize(longer).x <= room) ImGui::TextDisabled("%s", longer);
        else if (ImGui::CalcTextSize(shorter).x <= room) ImGui::TextDisabled("%s", shorter);
    } else {
        help_marker("Train one self-attention layer and watch its pattern form. The model: X (token embeddings, "
                    "plus positions when on) → Q, K, V → softmax(QKᵀ/√d_k)·V per head → Concat·W_O → a classifier "
                    "on each token. There is no residual connection, so a token can only learn about the others "
                    "through its attention weights. Gradients are derived by hand and checked against finite "
                    "differences; the same seed gives the same run in the browser and on the desktop.");
    }
    ImGui::SameLine(ImGui::GetContentRegionMax().x - leave_w);
    if (ImGui::Button("Leave##train")) training_leave(app);
    track_last_item(app, "train.leave");
}

void draw_training_panel(AppState& app) {
    TrainingState& ts = app.training;
    draw_training_title(app);
    if (!in_mode(app, Mode::Training) || !ts.run || ts.collapsed) return;
    task_picker(app);
    controls(app);
    status_line(ts);
    if (ts.solved_step >= 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, kGood);
        if (ts.run->held_out.size() == 1)
            ImGui::TextWrapped("Solved at step %d: every token of the example right", ts.solved_step);
        else
            ImGui::TextWrapped("Solved at step %d: %s of %zu held-out examples right", ts.solved_step,
                               percent(ts.run->task->target_accuracy).c_str(), ts.run->held_out.size());
        ImGui::PopStyleColor();
    }
    if (!ts.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kError);
        ImGui::TextWrapped("%s", ts.error.c_str());
        ImGui::PopStyleColor();
    }
    const bool show_settings = ImGui::CollapsingHeader("Settings");
    track_last_item(app, "train.settings");
    if (show_settings) settings(app);
    const bool show_curves = ImGui::CollapsingHeader("Loss and accuracy", ImGuiTreeNodeFlags_DefaultOpen);
    track_last_item(app, "train.curves");
    if (show_curves) curves(app);
    const bool show_example = ImGui::CollapsingHeader("Example", ImGuiTreeNodeFlags_DefaultOpen);
    track_last_item(app, "train.example");
    if (show_example) example(app);
    const bool show_parameters = ImGui::CollapsingHeader("Learned parameters");
    track_last_item(app, "train.parameters");
    if (show_parameters) parameters(app);
}

} // namespace attn::ui
