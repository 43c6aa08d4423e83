// attnviz UI: model mode at run time. Enters and leaves through the session (session.h);
// never calls lessons or training.
#include "model_mode.h"
#include "attention_import.h"
#include "i18n.h"
#include "session.h"
#include "core/model/model_error.h"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <chrono>
#include <new>
#include <cmath>

namespace attn::ui {

namespace {

std::string folder_name(std::string dir) {
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    const size_t slash = dir.rfind('/');
    return slash == std::string::npos ? dir : dir.substr(slash + 1);
}

std::string join(const std::string& dir, const char* file) {
    return dir.empty() || dir.back() == '/' ? dir + file : dir + "/" + file;
}

void tokenize(ModelState& m) {
    m.ids.clear();
    m.tokens.clear();
    m.clipped = false;
    if (!m.model) return;
    m.ids = attn::model::bpe_encode(m.model->bpe, m.text);
    const size_t limit = static_cast<size_t>(m.model->weights.config.n_positions);
    if (m.ids.size() > limit) {
        m.ids.resize(limit);
        m.clipped = true;
    }
    for (int id : m.ids) m.tokens.push_back(attn::model::bpe_display_token(m.model->bpe, id));
}

size_t common_prefix(const std::vector<int>& a, const std::vector<int>& b) {
    size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
    return n;
}

void show_current_head(AppState& app, ModelState& m) {
    const int T = m.run->length();
    m.layer = std::clamp(m.layer, 0, m.model->weights.config.n_layer - 1);
    m.head = std::clamp(m.head, 0, m.model->weights.config.n_head - 1);
    if (T == 0) return;
    if (m.shown_ids != m.run->ids() || m.maps.block != attn::model::pooled_block(T, m.view_size)) {
        // Already up to date unless the text was only cut back or the view resized (model_tick).
        attn::model::update_attention_maps(m.run_maps, m.maps_cache, *m.run, m.tokens, m.view_size);
        m.maps = m.run_maps;
        m.next_position = -1;
    }
    if (m.shown_ids != m.run->ids() || m.shown_layer != m.layer || m.shown_head != m.head) {
        const bool same_text = m.shown_ids == m.run->ids();
        // The same head on a text that shares a prefix with the last: its rows are reused.
        const bool same_head = m.result && m.shown_layer == m.layer && m.shown_head == m.head;
        m.result = same_head ? attn::model::head_result(m.model->weights, *m.run, m.layer, m.head, m.tokens, *m.result,
                                                        static_cast<int>(common_prefix(m.shown_ids, m.run->ids())))
                             : attn::model::head_result(m.model->weights, *m.run, m.layer, m.head, m.tokens);
        session_show_result(app, m.result);
        // Typing at the end follows the newest token; picking a head keeps the row.
        if (!same_text) app.selected_query = T - 1;
        app.selected_head = 0;
        m.shown_ids = m.run->ids();
        m.shown_layer = m.layer;
        m.shown_head = m.head;
    }
    const int position = std::clamp(app.selected_query, 0, T - 1);
    if (position != m.next_position) {
        m.next = attn::model::top_next_tokens(m.run->logits(position), kTopNextTokens);
        m.next_position = position;
    }
}

} // namespace

std::string model_token_text(const LoadedModel& model, int id) {
    return id >= 0 && id < attn::model::bpe_vocab_size(model.bpe) ? attn::model::bpe_display_token(model.bpe, id)
                                                                   : "#" + std::to_string(id);
}

ModelState& model_state(AppState& app) {
    if (!app.model) app.model = std::make_shared<ModelState>();
    return *app.model;
}

const ModelState* model_state_if_any(const AppState& app) { return app.model.get(); }

bool model_load_folder(AppState& app, const std::string& dir, std::string* error) {
    ModelState& m = model_state(app);
    try {
        auto loaded = std::make_shared<LoadedModel>();
        loaded->name = folder_name(dir);
        loaded->dir = dir;
        loaded->bpe = attn::model::load_bpe(join(dir, "vocab.json"), join(dir, "merges.txt"));
        loaded->weights = attn::model::load_gpt2(dir);
        if (attn::model::bpe_vocab_size(loaded->bpe) > loaded->weights.config.vocab_size)
            throw attn::model::ModelError("vocab.json", tr("en", "error.vocab_size", {{"n", std::to_string(attn::model::bpe_vocab_size(loaded->bpe))},
                                                                                       {"size", std::to_string(loaded->weights.config.vocab_size)}}));
        m.run.reset(); // it reads the old weights
        m.chunk = 0;
        m.model = std::move(loaded);
        m.run = std::make_unique<attn::model::Gpt2Run>(m.model->weights);
        m.shown_ids.clear();
        m.shown_layer = m.shown_head = -1;
        m.maps = {};
        m.run_maps = {};
        m.maps_cache = {};
        m.result.reset();
        m.error.clear();
        m.imported.reset(); // an opened model is shown, not the attention file before it
        tokenize(m);
        return true;
    } catch (const std::bad_alloc&) {
        m.error = dir + ": " + tr("en", "error.model_memory"); // English, like the core's: error_text() shows it
        if (error) *error = m.error;
        return false;
    } catch (const std::exception& e) {
        // The previous model (if any) stays, and so does everything on screen.
        m.error = e.what();
        if (error) *error = m.error;
        return false;
    }
}

bool model_load_default(AppState& app, std::string* error) {
    ModelState& m = model_state(app);
    if (m.model && !m.default_dir.empty() && m.model->dir == m.default_dir) return true;
    if (m.default_dir.empty()) {
        if (error) *error = tr("en", "error.no_shipped_model");
        return false;
    }
    return model_load_folder(app, m.default_dir, error);
}

bool model_open(AppState& app, std::string* error) {
    ModelState& m = model_state(app);
    if (!m.model && !m.imported) {
        if (m.default_dir.empty()) {
            m.error = tr("en", "error.no_model_yet");
            if (error) *error = m.error;
            return false;
        }
        if (!model_load_folder(app, m.default_dir, error)) return false;
    }
    session_enter(app, Mode::Model, FollowRule::Always);
    app.mask_editing = false; // the model's mask is causal; clicks select rows
    app.show_all_heads = false;
    m.shown_ids.clear(); // the session's result is the user's own until the head is shown
    model_tick(app);
    return true;
}

void model_leave(AppState& app) {
    if (in_mode(app, Mode::Model)) session_leave(app);
}

void model_set_text(AppState& app, const std::string& text) {
    ModelState& m = model_state(app);
    m.text = text;
    tokenize(m);
}

void model_select(AppState& app, int layer, int head) {
    ModelState& m = model_state(app);
    m.layer = layer;
    m.head = head;
    if (m.imported) return; // attention_tick clamps to the file
    if (m.model) {
        m.layer = std::clamp(m.layer, 0, m.model->weights.config.n_layer - 1);
        m.head = std::clamp(m.head, 0, m.model->weights.config.n_head - 1);
    }
}

void model_view_fit(AppState& app, int pixels) {
    ModelState& m = model_state(app);
    m.view_size = std::clamp(pixels, 8, kModelViewMaxSize);
}

int model_next_chunk(int chunk, double tick_ms) {
    const double budget = tick_ms / std::max(1, chunk) > kModelTickMs ? kModelMaxTickMs : kModelTickMs;
    if (tick_ms < budget * 0.5) return std::min(kModelMaxChunk, chunk * 2);
    if (tick_ms > budget * 2.0) return std::max(1, chunk / 2);
    return chunk;
}

int model_positions_per_tick(const attn::model::Gpt2Config& c, int length) {
    // Per position and layer: the four projections and the MLP (2·(4 + 2·n_inner/n_embd)·n_embd²)
    // and the attention over `length` keys.
    const double e = c.n_embd;
    const double per_position = c.n_layer * (2.0 * (4 * e * e + 2 * e * c.n_inner) + 4.0 * e * std::max(1, length));
    return std::max(1, static_cast<int>(kModelWorkPerTick / per_position));
}

bool model_on_screen(const AppState& app) {
    return in_mode(app, Mode::Model) || (in_mode(app, Mode::Lesson) && app.model && app.model->lesson_hosted);
}

void model_tick(AppState& app) {
    if (!model_on_screen(app)) return;
    ModelState& m = *app.model;
    if (m.imported) return attention_tick(app);
    if (!m.model || !m.run) return;
    const size_t keep = common_prefix(m.run->ids(), m.ids);
    m.run->truncate(static_cast<int>(keep)); // an edit before the end: the cache keeps what came before it
    if (keep < m.ids.size()) {
        if (m.chunk == 0) m.chunk = model_positions_per_tick(m.model->weights.config, static_cast<int>(keep));
        const int n = std::min<int>(static_cast<int>(m.ids.size() - keep), m.chunk);
        try {
            const auto start = std::chrono::steady_clock::now();
            m.run->append(std::vector<int>(m.ids.begin() + static_cast<std::ptrdiff_t>(keep),
                                           m.ids.begin() + static_cast<std::ptrdiff_t>(keep) + n));
            attn::model::update_attention_maps(m.run_maps, m.maps_cache, *m.run, m.tokens, m.view_size);
            // Only a full chunk (its maps' rows included) says how long a chunk takes (a typed token's tail is shorter).
            if (n == m.chunk)
                m.chunk = model_next_chunk(m.chunk, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        } catch (const std::exception& e) {
            m.error = e.what();
            m.ids.assign(m.run->ids().begin(), m.run->ids().end()); // stop trying; what ran stays on screen
            m.tokens.resize(m.ids.size());
        }
        if (model_busy(app)) return; // the panels keep the last complete text until this one is done
    }
    show_current_head(app, m);
}

bool model_busy(const AppState& app) {
    const ModelState* m = model_state_if_any(app);
    return m && m->run && m->run->ids() != m->ids;
}

double model_progress(const AppState& app) {
    const ModelState* m = model_state_if_any(app);
    if (!m || !m->run || m->ids.empty()) return 1.0;
    return static_cast<double>(common_prefix(m->run->ids(), m->ids)) / static_cast<double>(m->ids.size());
}

// [SECTION] Automation API

std::string ui_model_json(const AppState& app) {
    using nlohmann::json;
    const ModelState* m = model_state_if_any(app);
    if (!m || !m->model) {
        return json{{"loaded", false}, {"error", m ? m->error : std::string()}, {"status", m ? m->status : std::string()}}.dump();
    }
    const attn::model::Gpt2Config& c = m->model->weights.config;
    json next = json::array();
    for (const attn::model::NextToken& t : m->next)
        next.push_back({{"id", t.id}, {"token", model_token_text(*m->model, t.id)}, {"p", t.p}});
    json heads = json::array();
    for (size_t i = 0; i < m->maps.patterns.size(); ++i)
        heads.push_back({{"layer", static_cast<int>(i) / m->maps.heads}, {"head", static_cast<int>(i) % m->maps.heads},
                         {"previous", m->maps.patterns[i].previous}, {"induction", m->maps.patterns[i].induction},
                         {"first", m->maps.patterns[i].first}});
    return json{{"loaded", true},
                {"open", in_mode(app, Mode::Model)},
                {"name", m->model->name},
                {"config", {{"n_layer", c.n_layer}, {"n_head", c.n_head}, {"n_embd", c.n_embd}, {"n_positions", c.n_positions},
                            {"vocab_size", c.vocab_size}}},
                {"text", m->text},
                {"ids", m->ids},
                {"tokens", m->tokens},
                {"clipped", m->clipped},
                {"layer", m->layer},
                {"head", m->head},
                {"busy", model_busy(app)},
                {"progress", model_progress(app)},
                {"position", m->next_position},
                {"next", next},
                {"patterns", heads},
                {"error", m->error}}
        .dump();
}

bool ui_select_layer_head(AppState& app, int layer, int head, std::string* error) {
    ModelState& m = model_state(app);
    if (m.imported) return attention_select(app, layer, head, error);
    if (!m.model || layer < 0 || head < 0 || layer >= m.model->weights.config.n_layer || head >= m.model->weights.config.n_head) {
        if (error)
            *error = !m.model ? tr("en", "error.no_model_loaded")
                              : tr("en", "error.head_outside_model", {{"layer", std::to_string(layer)}, {"head", std::to_string(head)},
                                                                {"layers", std::to_string(m.model->weights.config.n_layer)},
                                                                {"heads", std::to_string(m.model->weights.config.n_head)}});
        return false;
    }
    model_select(app, layer, head);
    model_tick(app);
    return true;
}

} // namespace attn::ui
