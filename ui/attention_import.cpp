// attnviz UI: an attention file in model mode. Shares ModelState's layer, head, maps and
// error with the GPT-2 run, so the model view panel and the measured patterns are the same
// code for both; the file replaces the run until it is closed or a model is opened.
#include "attention_import.h"
#include "formula.h"
#include "i18n.h"
#include "model_mode.h"
#include "session.h"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <new>

namespace attn::ui {

namespace {

std::string base_name(const std::string& path) {
    const size_t slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

ImportedAttention* imported(const AppState& app) {
    const ModelState* m = model_state_if_any(app);
    return m ? m->imported.get() : nullptr;
}

} // namespace

std::shared_ptr<const attn::Result> attention_head_result(const attn::model::AttentionFile& f, int layer, int head) {
    const int T = f.T;
    auto r = std::make_shared<attn::Result>();
    r->tokens = f.tokens;
    r->key_tokens = f.tokens;
    r->d_model = 0, r->heads = 1, r->d_k = 0;
    r->mask = f.causal ? attn::Matrix(attn::Matrix::Ones(T, T).triangularView<Eigen::Lower>()) : attn::Matrix::Ones(T, T);
    attn::Scenario& s = r->scenario;
    s.tokens = f.tokens;
    s.heads = 1;
    s.mask = f.causal ? attn::MaskKind::Causal : attn::MaskKind::None;
    attn::HeadResult h;
    h.weights.resize(T, T);
    h.entropy = attn::Vector::Zero(T);
    const float* w = f.head(layer, head);
    for (int i = 0; i < T; ++i)
        for (int j = 0; j < T; ++j) {
            const double v = w[static_cast<size_t>(i) * T + j];
            h.weights(i, j) = v;
            if (v > 0) h.entropy(i) -= v * std::log(v);
        }
    r->head.push_back(std::move(h));
    return r;
}

std::string weights_only_tooltip(const std::string& lang, const attn::Result& r, int i, int j) {
    return "w" + subscript(i + 1) + "," + subscript(j + 1) + " = " + format_number(r.head[0].weights(i, j), 4) +
           tr(lang, "attention_file.weight_tooltip", {{"query", r.tokens[static_cast<size_t>(i)]},
                                                      {"key", r.key_tokens[static_cast<size_t>(j)]}});
}

void attention_show(AppState& app, attn::model::AttentionFile file, const std::string& name) {
    ModelState& m = model_state(app);
    auto shown = std::make_shared<ImportedAttention>();
    shown->name = name;
    shown->file = std::make_shared<const attn::model::AttentionFile>(std::move(file));
    m.imported = std::move(shown);
    m.maps = {};
    m.maps_cache = {}; // the run's maps are built again after the file
    m.error.clear();
    m.layer = std::clamp(m.layer, 0, m.imported->file->n_layers - 1);
    m.head = std::clamp(m.head, 0, m.imported->file->n_heads - 1);
    if (!in_mode(app, Mode::Model)) {
        session_enter(app, Mode::Model, FollowRule::Always);
        app.mask_editing = false; // clicks select rows
        app.show_all_heads = false;
    }
    attention_tick(app);
}

bool attention_open_path(AppState& app, const std::string& path, std::string* error) {
    ModelState& m = model_state(app);
    try {
        attn::model::AttentionFile file = attn::model::read_attention_file(path);
        attention_show(app, std::move(file), base_name(path));
        return true;
    } catch (const std::bad_alloc&) {
        m.error = base_name(path) + ": " + tr("en", "error.attention_file_memory"); // English, like the core's: error_text() shows it
    } catch (const std::exception& e) {
        m.error = e.what(); // what was shown stays
    }
    if (error) *error = m.error;
    return false;
}

void attention_close(AppState& app) {
    ModelState& m = model_state(app);
    m.imported.reset();
    m.maps = {};
    m.maps_cache = {};
    m.shown_ids.clear(); // the run's head is shown again at the next tick
    m.shown_layer = m.shown_head = -1;
    if (!m.model) model_leave(app);
    else model_tick(app);
}

bool attention_shown(const AppState& app) { return imported(app) && in_mode(app, Mode::Model); }

void attention_tick(AppState& app) {
    ImportedAttention* a = imported(app);
    if (!a || !in_mode(app, Mode::Model)) return;
    ModelState& m = model_state(app);
    const attn::model::AttentionFile& f = *a->file;
    m.layer = std::clamp(m.layer, 0, f.n_layers - 1);
    m.head = std::clamp(m.head, 0, f.n_heads - 1);
    if (m.maps.size != attn::model::pooled_size(f.T, m.view_size) || m.maps.layers != f.n_layers) {
        m.maps = attn::model::attention_maps(
            f.tokens, f.n_layers, f.n_heads, f.causal,
            [&f](int layer, int head, int row) { return f.head(layer, head) + static_cast<size_t>(row) * f.T; }, m.view_size);
    }
    if (a->shown != app.result.get() || a->shown_layer != m.layer || a->shown_head != m.head) {
        const bool first = a->shown_layer < 0;
        session_show_result(app, attention_head_result(f, m.layer, m.head));
        if (first) app.selected_query = f.T - 1; // picking a head later keeps the row
        app.selected_head = 0;
        a->shown = app.result.get();
        a->shown_layer = m.layer;
        a->shown_head = m.head;
    }
}

bool attention_select(AppState& app, int layer, int head, std::string* error) {
    ImportedAttention* a = imported(app);
    if (!a) return false;
    const attn::model::AttentionFile& f = *a->file;
    if (layer < 0 || head < 0 || layer >= f.n_layers || head >= f.n_heads) {
        if (error)
            *error = tr("en", "error.head_outside", {{"layer", std::to_string(layer)}, {"head", std::to_string(head)}, {"name", a->name},
                                                     {"layers", std::to_string(f.n_layers)}, {"heads", std::to_string(f.n_heads)}});
        return false;
    }
    ModelState& m = model_state(app);
    m.layer = layer;
    m.head = head;
    attention_tick(app);
    return true;
}

std::string ui_attention_json(const AppState& app) {
    using nlohmann::json;
    const ModelState* m = model_state_if_any(app);
    const ImportedAttention* a = imported(app);
    if (!a) return json{{"open", false}, {"error", m ? m->error : std::string()}}.dump();
    const attn::model::AttentionFile& f = *a->file;
    json patterns = json::array();
    for (size_t i = 0; i < m->maps.patterns.size(); ++i) {
        const attn::model::HeadPattern& p = m->maps.patterns[i];
        const auto number = [](double v) { return std::isnan(v) ? json() : json(v); };
        patterns.push_back({{"layer", static_cast<int>(i) / m->maps.heads}, {"head", static_cast<int>(i) % m->maps.heads},
                            {"previous", number(p.previous)}, {"induction", number(p.induction)}, {"first", number(p.first)},
                            {"description", attn::model::describe_head(p)}});
    }
    return json{{"open", in_mode(app, Mode::Model)},
                {"name", a->name},
                {"model", f.model},
                {"format", f.format},
                {"tokens", f.tokens},
                {"n_layers", f.n_layers},
                {"n_heads", f.n_heads},
                {"T", f.T},
                {"causal", f.causal},
                {"causal_given", f.causal_given},
                {"layer", m->layer},
                {"head", m->head},
                {"patterns", patterns},
                {"error", m->error}}
        .dump();
}

} // namespace attn::ui
