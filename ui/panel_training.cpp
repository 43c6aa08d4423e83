// attnviz UI: the training panel — task, play/pause/step/reset, settings, loss and
// accuracy curves, and one held-out example's attention next to the pattern that solves it.
#include "error_text.h"
#include "heatmap.h"
#include "i18n.h"
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

// Wrapped text in one colour: what the panel says in sentences (CJK wraps between characters).
void colored_text(ImU32 color, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    text_wrapped_at_spaces(text);
    ImGui::PopStyleColor();
}

void status_line(const AppState& app) {
    const TrainingState& ts = app.training;
    const Evaluation& e = ts.run->evaluations.back();
    text_wrapped_at_spaces(tr(app.language, "train.status", {{"step", std::to_string(ts.run->step)},
                                                              {"accuracy", percent(e.accuracy)},
                                                              {"attention", percent(e.attention_on_target)}}));
}

void controls(AppState& app) {
    TrainingState& ts = app.training;
    if (ImGui::Button(label(app, ts.running ? "train.pause" : "train.play", "train_play").c_str(), ImVec2(ImGui::GetFontSize() * 4.5f, 0)))
        ts.running = !ts.running && ts.run->diverged_at < 0;
    track_last_item(app, "train.play");
    ImGui::SameLine();
    if (ImGui::Button(label(app, "train.step", "train_step").c_str())) training_run_steps(app, 1);
    track_last_item(app, "train.step");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr(app.language, "train.step_tooltip", {{"n", std::to_string(ts.run->config.batch_size)}}).c_str());
    ImGui::SameLine();
    if (ImGui::Button(label(app, "train.reset", "train_reset").c_str())) training_reset(app);
    track_last_item(app, "train.reset");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(app.language, "train.reset_tooltip").c_str());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    if (ImGui::BeginCombo("##speed", tr(app.language, kTrainingSpeeds[ts.speed].key).c_str())) {
        for (int i = 0; i < kTrainingSpeedCount; ++i)
            if (ImGui::Selectable(label(app, kTrainingSpeeds[i].key, kTrainingSpeeds[i].key).c_str(), i == ts.speed)) ts.speed = i;
        ImGui::EndCombo();
    }
    track_last_item(app, "train.speed");
}

// A task's title, summary or experiment ("title", "summary", "try") in the interface's language.
std::string task_text(const AppState& app, const Task& t, const char* part) {
    return tr(app.language, "train.task." + t.name + "." + part);
}

void task_picker(AppState& app) {
    TrainingState& ts = app.training;
    const Task& current = task_by_kind(ts.config.task);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    if (ImGui::BeginCombo("##task", task_text(app, current, "title").c_str())) {
        for (const Task& t : all_tasks())
            if (ImGui::Selectable((task_text(app, t, "title") + "###" + t.name).c_str(), t.kind == current.kind)) {
                const std::uint64_t seed = ts.config.seed;
                ts.config = default_config(t.kind);
                ts.config.seed = seed;
                training_reset(app);
            }
        ImGui::EndCombo();
    }
    track_last_item(app, "train.task");
    colored_text(ImGui::GetColorU32(ImGuiCol_TextDisabled), task_text(app, current, "summary"));
}

void settings(AppState& app) {
    TrainingState& ts = app.training;
    TrainingConfig c = ts.config;
    const Task& task = task_by_kind(c.task);
    const float label_w = ImGui::GetFontSize() * 8.5f;
    auto setting = [&](const char* key) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr(app.language, key).c_str());
        ImGui::SameLine(label_w);
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    };

    // An experiment worth making with these settings, where the settings are.
    colored_text(kAttentionColor, tr(app.language, "train.try", {{"text", task_text(app, task, "try")}}));
    // The learning rate changes the running optimizer; every other setting starts a new run.
    setting("train.learning_rate");
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
    setting("train.optimizer");
    if (ImGui::RadioButton(label(app, "train.adam", "adam").c_str(), c.optimizer == OptimizerKind::Adam)) c.optimizer = OptimizerKind::Adam, changed = true;
    ImGui::SameLine();
    if (ImGui::RadioButton(label(app, "train.sgd", "sgd").c_str(), c.optimizer == OptimizerKind::Sgd)) c.optimizer = OptimizerKind::Sgd, changed = true;
    setting("train.seed");
    changed |= ImGui::InputScalar("##seed", ImGuiDataType_U64, &c.seed, nullptr, nullptr, "%llu", ImGuiInputTextFlags_EnterReturnsTrue);
    track_last_item(app, "train.seed");
    if (task.kind != attn::train::TaskKind::Classic) { // classic has one example: a batch would repeat it
        setting("train.batch_size");
        changed |= ImGui::SliderInt("##batch", &c.batch_size, 1, 64, "%d", ImGuiSliderFlags_AlwaysClamp);
        double_click_to_type();
    }
    if (task.vocabulary > 0) {
        setting("train.d_model");
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
    setting("train.heads");
    for (int h = 1; h <= std::min(8, c.d_model); ++h) {
        if (c.d_model % h != 0) continue;
        char id[16];
        std::snprintf(id, sizeof id, "%d##th", h);
        if (ImGui::RadioButton(id, c.heads == h)) c.heads = h, changed = true;
        ImGui::SameLine();
    }
    ImGui::NewLine();
    if (task.vocabulary > 0) {
        changed |= ImGui::Checkbox(label(app, "train.positional", "positional").c_str(), &c.positional);
        ImGui::SameLine();
    }
    changed |= ImGui::Checkbox(label(app, "train.causal", "causal").c_str(), &c.causal);
    if (changed) {
        ts.config = c;
        training_reset(app);
    }
    colored_text(ImGui::GetColorU32(ImGuiCol_TextDisabled), tr(app.language, "train.settings_note"));
}

void curves(AppState& app) {
    const TrainingState& ts = app.training;
    const TrainingRun& run = *ts.run;
    const int buckets = int(ImGui::GetContentRegionAvail().x);
    const std::string& lang = app.language;
    const PlotSeries batch_loss = bucket_means(tr(lang, "train.series.batch_loss"), ts.loss_prefix, buckets, kLossColor);
    const PlotSeries batch_accuracy =
        bucket_means(tr(lang, "train.series.batch"), ts.accuracy_prefix, buckets, IM_COL32(255, 170, 80, 150));
    PlotSeries held_loss{tr(lang, "train.series.held_out_loss"), {}, {}, kHeldOutColor, false};
    PlotSeries held_accuracy{tr(lang, "train.series.held_out"), {}, {}, kHeldOutColor, false};
    PlotSeries attention{tr(lang, "train.series.attention"), {}, {}, kAttentionColor, false};
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
    const std::string loss_title = tr(lang, "train.loss_title"), accuracy_title = tr(lang, "train.accuracy_title");
    const std::string step_label = tr(lang, "train.step_axis");
    loss_options.title = loss_title.c_str();
    loss_options.x_label = step_label.c_str();
    line_plot(app, "loss", {batch_loss, downsample(held_loss, buckets)}, loss_options);
    PlotOptions accuracy_options = loss_options;
    accuracy_options.log_y = false;
    accuracy_options.percent = true;
    accuracy_options.title = accuracy_title.c_str();
    line_plot(app, "accuracy",
              {batch_accuracy, downsample(held_accuracy, buckets), downsample(attention, buckets)},
              accuracy_options);
}

// The learned parameters themselves, on one shared diverging scale so their sizes compare.
void parameters(AppState& app) {
    const TrainingRun& run = *app.training.run;
    const Parameters& p = run.parameters;
    struct Shown {
        const char* name; // the widget's id ("train.param.W_Q"), and its label but for E
        const attn::Matrix* m;
        std::vector<std::string> rows;
    };
    std::vector<std::string> none;
    std::vector<Shown> shown;
    if (run.shape.vocabulary > 0) shown.push_back({"E", &p.embedding, run.task->token_names});
    shown.push_back({"W_Q", &p.wq, none});
    shown.push_back({"W_K", &p.wk, none});
    shown.push_back({"W_V", &p.wv, none});
    shown.push_back({"W_O", &p.wo, none});
    shown.push_back({"W_out", &p.w_out, none});
    double range = 1e-9;
    for (const Shown& m : shown) range = std::max(range, symmetric_range(m.m->data(), int(m.m->size())));
    char shown_range[32];
    std::snprintf(shown_range, sizeof shown_range, "%.2f", range);
    colored_text(ImGui::GetColorU32(ImGuiCol_TextDisabled), tr(app.language, "train.parameters_note", {{"range", shown_range}}));
    const float width = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    for (size_t i = 0; i < shown.size(); ++i) {
        if (i % 2 == 1) ImGui::SameLine();
        ImGui::BeginGroup();
        const bool embeddings = shown[i].m == &p.embedding;
        ImGui::TextUnformatted(embeddings ? tr(app.language, "train.embeddings").c_str() : shown[i].name);
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

void token_row(const AppState& app, const char* key, const std::vector<std::string>& cells, bool judge) {
    const TrainingState& ts = app.training;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", tr(app.language, key).c_str());
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
        ImGui::TextUnformatted(ts.custom ? tr(app.language, "train.own_example").c_str()
                                         : tr(app.language, "train.held_out_example",
                                              {{"n", std::to_string(ts.example + 1)}, {"count", std::to_string(count)}}).c_str());
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
        if (ImGui::InputTextWithHint("##try", tr(app.language, sort ? "train.try_digits" : "train.try_letters").c_str(), ts.custom_text,
                                     sizeof ts.custom_text, ImGuiInputTextFlags_EnterReturnsTrue))
            training_try_example(app, ts.custom_text);
        track_last_item(app, "train.try");
        if (!ts.custom_error.empty()) colored_text(kError, error_text(app.language, ts.custom_error));
    } else {
        ImGui::TextUnformatted(tr(app.language, "train.one_example").c_str());
    }
    const ExampleView& v = ts.view;
    const int T = int(v.tokens.size());
    if (ImGui::BeginTable("##example_tokens", T + 1, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV)) {
        token_row(app, "train.row.input", v.tokens, false);
        token_row(app, "train.row.target", v.targets, false);
        token_row(app, "train.row.model", v.predictions, true);
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
    ImGui::TextUnformatted(v.weights.size() > 1 ? tr(app.language, "train.learned_head", {{"n", std::to_string(head + 1)}}).c_str()
                                                : tr(app.language, "train.learned").c_str());
    const HeatmapEvents learned = heatmap(app, "train.weights", v.weights[head].data(), T, T, v.tokens, v.tokens, opt);
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr(app.language, "train.solving").c_str());
    opt.fixed_cell = learned.cell;
    opt.show_row_labels = true;
    const HeatmapEvents expected = heatmap(app, "train.expected", v.expected.data(), T, T, v.tokens, v.tokens, opt);
    ImGui::EndGroup();
    for (const HeatmapEvents* ev : {&learned, &expected}) {
        if (ev->hovered_row >= 0) {
            char learned_w[32], solving_w[32];
            std::snprintf(learned_w, sizeof learned_w, "%.3f", v.weights[head](ev->hovered_row, ev->hovered_col));
            std::snprintf(solving_w, sizeof solving_w, "%.3f", v.expected(ev->hovered_row, ev->hovered_col));
            formula_tooltip(app, tr(app.language, "train.cell_tooltip",
                                    {{"query", v.tokens[ev->hovered_row]}, {"key", v.tokens[ev->hovered_col]},
                                     {"learned", learned_w}, {"solving", solving_w}}));
        }
        // The selection indexes the panels' tokens: only the same tokens when they follow training.
        if (ev->clicked_row >= 0 && app.session.follow) app.selected_query = ev->clicked_row;
    }

    bool follow = app.session.follow;
    if (ImGui::Checkbox(label(app, "train.follow", "train_follow").c_str(), &follow)) training_follow(app, follow);
    track_last_item(app, "train.follow");
    if (!app.session.follow) colored_text(ImGui::GetColorU32(ImGuiCol_TextDisabled), tr(app.language, "train.not_following"));
}

} // namespace

void draw_training_title(AppState& app) {
    TrainingState& ts = app.training;
    if (ImGui::ArrowButton("##collapse_training", ts.collapsed ? ImGuiDir_Right : ImGuiDir_Down)) ts.collapsed = !ts.collapsed;
    track_last_item(app, "train.collapse");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, kTitle);
    ImGui::TextUnformatted(tr(app.language, ts.collapsed ? "train.title_collapsed" : "train.title").c_str());
    ImGui::PopStyleColor();
    const std::string leave = label(app, "train.leave", "train_leave");
    const float leave_w = ImGui::CalcTextSize(leave.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    if (ts.collapsed && ts.run) {
        // As much of the status as fits before the Leave button.
        const Evaluation& e = ts.run->evaluations.back();
        const std::string step = std::to_string(ts.run->step);
        const std::string longer = tr(app.language, "train.collapsed_status",
                                      {{"state", tr(app.language, ts.running ? "train.running" : "train.paused")},
                                       {"step", step}, {"accuracy", percent(e.accuracy)}});
        const std::string shorter = tr(app.language, "train.collapsed_step", {{"step", step}});
        ImGui::SameLine();
        const float room = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * 2 - leave_w;
        if (ImGui::CalcTextSize(longer.c_str()).x <= room) ImGui::TextDisabled("%s", longer.c_str());
        else if (ImGui::CalcTextSize(shorter.c_str()).x <= room) ImGui::TextDisabled("%s", shorter.c_str());
    } else {
        help_marker(tr(app.language, "train.help").c_str());
    }
    ImGui::SameLine(ImGui::GetContentRegionMax().x - leave_w);
    if (ImGui::Button(leave.c_str())) training_leave(app);
    track_last_item(app, "train.leave");
}

void draw_training_panel(AppState& app) {
    TrainingState& ts = app.training;
    draw_training_title(app);
    if (!in_mode(app, Mode::Training) || !ts.run || ts.collapsed) return;
    task_picker(app);
    controls(app);
    status_line(app);
    if (ts.solved_step >= 0) {
        const std::string step = std::to_string(ts.solved_step);
        colored_text(kGood, ts.run->held_out.size() == 1
                                ? tr(app.language, "train.solved_one", {{"step", step}})
                                : tr(app.language, "train.solved", {{"step", step},
                                                                    {"accuracy", percent(ts.run->task->target_accuracy)},
                                                                    {"count", std::to_string(ts.run->held_out.size())}}));
    }
    if (!ts.error.empty()) colored_text(kError, error_text(app.language, ts.error));
    const bool show_settings = ImGui::CollapsingHeader(label(app, "train.settings", "train_settings").c_str());
    track_last_item(app, "train.settings");
    if (show_settings) settings(app);
    const bool show_curves = ImGui::CollapsingHeader(label(app, "train.curves", "train_curves").c_str(), ImGuiTreeNodeFlags_DefaultOpen);
    track_last_item(app, "train.curves");
    if (show_curves) curves(app);
    const bool show_example = ImGui::CollapsingHeader(label(app, "train.example", "train_example").c_str(), ImGuiTreeNodeFlags_DefaultOpen);
    track_last_item(app, "train.example");
    if (show_example) example(app);
    const bool show_parameters = ImGui::CollapsingHeader(label(app, "train.parameters", "train_parameters").c_str());
    track_last_item(app, "train.parameters");
    if (show_parameters) parameters(app);
}

} // namespace attn::ui
