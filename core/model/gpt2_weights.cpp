#include "gpt2_weights.h"
#include "model_error.h"
#include "safetensors.h"
#include "core/utf8.h"
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace attn::model {

namespace {

bool file_exists(const std::string& path) { return static_cast<bool>(std::ifstream(path, std::ios::binary)); }

std::string join(const std::string& folder, const std::string& name) {
    return folder.empty() || folder.back() == '/' ? folder + name : folder + "/" + name;
}

// One tensor the model needs: where it goes and the shape config.json implies.
struct Wanted {
    std::string name; // without "transformer."
    std::vector<std::int64_t> shape;
    std::vector<float>* destination;
    const TensorInfo* found = nullptr;
};

// "h.12.attn.bias" → 12; -1 for names outside the blocks.
long block_index(const std::string& name) {
    if (name.rfind("h.", 0) != 0) return -1;
    char* end = nullptr;
    const long index = std::strtol(name.c_str() + 2, &end, 10);
    return end != name.c_str() + 2 && *end == '.' ? index : -1;
}

std::string strip_prefix(const std::string& name) {
    const std::string prefix = "transformer.";
    return name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : name;
}

std::vector<Wanted> wanted_tensors(Gpt2Model& m) {
    const Gpt2Config& c = m.config;
    const std::int64_t e = c.n_embd, inner = c.n_inner;
    std::vector<Wanted> w = {{"wte.weight", {c.vocab_size, e}, &m.wte},
                             {"wpe.weight", {c.n_positions, e}, &m.wpe},
                             {"ln_f.weight", {e}, &m.ln_f_weight},
                             {"ln_f.bias", {e}, &m.ln_f_bias}};
    m.blocks.resize(static_cast<size_t>(c.n_layer));
    for (int l = 0; l < c.n_layer; ++l) {
        Gpt2Block& b = m.blocks[static_cast<size_t>(l)];
        const std::string h = "h." + std::to_string(l) + ".";
        w.push_back({h + "ln_1.weight", {e}, &b.ln_1_weight});
        w.push_back({h + "ln_1.bias", {e}, &b.ln_1_bias});
        w.push_back({h + "attn.c_attn.weight", {e, 3 * e}, &b.c_attn_weight});
        w.push_back({h + "attn.c_attn.bias", {3 * e}, &b.c_attn_bias});
        w.push_back({h + "attn.c_proj.weight", {e, e}, &b.attn_proj_weight});
        w.push_back({h + "attn.c_proj.bias", {e}, &b.attn_proj_bias});
        w.push_back({h + "ln_2.weight", {e}, &b.ln_2_weight});
        w.push_back({h + "ln_2.bias", {e}, &b.ln_2_bias});
        w.push_back({h + "mlp.c_fc.weight", {e, inner}, &b.c_fc_weight});
        w.push_back({h + "mlp.c_fc.bias", {inner}, &b.c_fc_bias});
        w.push_back({h + "mlp.c_proj.weight", {inner, e}, &b.mlp_proj_weight});
        w.push_back({h + "mlp.c_proj.bias", {e}, &b.mlp_proj_bias});
    }
    return w;
}

std::string config_summary(const Gpt2Config& c) {
    return "n_layer " + std::to_string(c.n_layer) + ", n_embd " + std::to_string(c.n_embd) + ", n_inner " +
           std::to_string(c.n_inner) + ", n_positions " + std::to_string(c.n_positions) + ", vocab_size " +
           std::to_string(c.vocab_size);
}

std::string gib(std::uint64_t bytes) {
    const double g = static_cast<double>(bytes) / (1024.0 * 1024 * 1024);
    char text[64];
    std::snprintf(text, sizeof text, "%.2f GiB (%llu bytes)", g, static_cast<unsigned long long>(bytes));
    return text;
}

// True when the file's lm_head.weight equals wte (GPT2LMHeadModel ties them), compared
// piece by piece so the check costs no second vocabulary-sized buffer.
bool equals_wte(SafetensorsFile& file, const TensorInfo& lm_head, const std::vector<float>& wte) {
    constexpr std::int64_t kPiece = 1 << 16;
    std::vector<float> piece(static_cast<size_t>(std::min<std::int64_t>(kPiece, lm_head.elements())));
    for (std::int64_t first = 0; first < lm_head.elements(); first += kPiece) {
        const std::int64_t n = std::min(kPiece, lm_head.elements() - first);
        file.read_f32(lm_head, first, n, piece.data());
        if (!std::equal(piece.begin(), piece.begin() + n, wte.begin() + first)) return false;
    }
    return true;
}

} // namespace

std::uint64_t default_memory_budget() {
    if (sizeof(void*) == 4) return 3584ull << 20; // 3.5 GiB of the 4 GiB wasm32 memory (the page sets that maximum)
    return 32ull << 30;
}

Gpt2Model load_gpt2(const std::string& folder, std::uint64_t memory_budget) {
    const std::string weights_path = join(folder, "model.safetensors");
    if (!file_exists(weights_path)) {
        const std::string pickle = join(folder, "pytorch_model.bin");
        if (file_exists(pickle))
            throw ModelError(pickle, "pickled PyTorch checkpoints are not loaded: unpickling can run arbitrary code. "
                                     "Convert it once to model.safetensors, e.g. with python3 -c \"import torch; "
                                     "from safetensors.torch import save_file; sd = torch.load('pytorch_model.bin'); "
                                     "save_file({k: v.contiguous() for k, v in sd.items()}, 'model.safetensors')\" "
                                     "(docs/models.md)");
        throw ModelError(weights_path, "not found (a GPT-2 model folder holds config.json and model.safetensors)");
    }
    Gpt2Model m;
    m.memory_budget = memory_budget;
    m.config = load_gpt2_config(join(folder, "config.json"));
    const Gpt2Config& c = m.config;
    SafetensorsFile file(weights_path);

    std::vector<Wanted> wanted = wanted_tensors(m);
    for (const TensorInfo& t : file.tensors()) {
        const std::string name = strip_prefix(t.name);
        const long block = block_index(name);
        if (block >= c.n_layer)
            throw ModelError(weights_path, "tensor '" + printable_name(t.name) + "' belongs to block " + std::to_string(block) +
                                               " but config.json has n_layer " + std::to_string(c.n_layer));
        for (Wanted& w : wanted)
            if (w.name == name) {
                if (w.found) throw ModelError(weights_path, "tensor '" + w.name + "' appears twice (with and without 'transformer.')");
                w.found = &t;
            }
    }
    for (const Wanted& w : wanted) {
        if (!w.found) throw ModelError(weights_path, "tensor '" + w.name + "' is missing");
        if (w.found->shape != w.shape)
            throw ModelError(weights_path, "tensor '" + w.found->name + "' has shape " + shape_text(w.found->shape) +
                                               " but config.json (" + config_summary(c) + ") needs " + shape_text(w.shape));
        if (w.found->dtype == Dtype::Other)
            throw ModelError(weights_path, "tensor '" + w.found->name + "' has dtype " + w.found->dtype_name +
                                               ": only F32, F16 and BF16 are supported");
    }
    const TensorInfo* lm_head = file.find("lm_head.weight");
    if (lm_head && (lm_head->shape != std::vector<std::int64_t>{c.vocab_size, c.n_embd} || lm_head->dtype == Dtype::Other))
        throw ModelError(weights_path, "tensor 'lm_head.weight' has shape " + shape_text(lm_head->shape) + " and dtype " +
                                           lm_head->dtype_name + " but must be [" + std::to_string(c.vocab_size) + ", " +
                                           std::to_string(c.n_embd) + "] of F32, F16 or BF16 like wte");

    // Checked before the first allocation: an untied lm_head may need a second vocabulary matrix.
    const std::uint64_t bytes = lm_head ? saturating_bytes(static_cast<double>(gpt2_weight_bytes(c)) + 4.0 * lm_head->elements())
                                        : gpt2_weight_bytes(c);
    if (bytes > memory_budget)
        throw ModelError(weights_path, "the model needs " + gib(bytes) + " as float32 (" + config_summary(c) +
                                           "), more than the " + gib(memory_budget) + " available");

    for (Wanted& w : wanted) {
        w.destination->resize(static_cast<size_t>(w.found->elements()));
        file.read_f32(*w.found, w.destination->data());
    }
    if (lm_head && !equals_wte(file, *lm_head, m.wte)) {
        m.lm_head.resize(static_cast<size_t>(lm_head->elements()));
        file.read_f32(*lm_head, m.lm_head.data());
    }
    return m;
}

} // namespace attn::model
