// Fuzzes a model folder's config.json and model.safetensors (core/model/gpt2_config.*,
// safetensors.*, gpt2_weights.*). The input is config.json, the part separator, then
// model.safetensors; they are written to a scratch folder, since the loader reads files.
// Everything is refused with a ModelError naming the file, or loads: every tensor the
// header lists reads, and a loaded model has the shapes its config promises.
#include "core/model/gpt2_weights.h"
#include "core/model/model_error.h"
#include "core/model/safetensors.h"
#include "fuzz_support.h"
#include <fstream>
#include <unistd.h>

namespace {

// Small, so a header that promises a huge model is refused quickly and never allocated.
constexpr std::uint64_t kBudget = 64ull << 20;

const std::string& scratch_folder() {
    static const std::string folder = [] {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base && *base ? base : "/tmp") + "/attnviz-fuzz-model-XXXXXX";
        if (!mkdtemp(pattern.data())) attn::fuzz::invariant_broken("cannot make a scratch folder", pattern);
        return pattern;
    }();
    return folder;
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) attn::fuzz::invariant_broken("cannot write the scratch file", path);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace attn::model;
    const std::vector<std::string> parts = attn::fuzz::split_parts(attn::fuzz::as_text(data, size), 2);
    const std::string folder = scratch_folder();
    const std::string config_path = folder + "/config.json", weights_path = folder + "/model.safetensors";
    write_file(config_path, parts[0]);
    write_file(weights_path, parts[1]);

    try {
        parse_gpt2_config(parts[0], "config.json");
    } catch (const ModelError& e) {
        attn::fuzz::require_message(e.what(), "config.json: ");
    }
    try {
        SafetensorsFile file(weights_path);
        std::vector<float> values;
        for (const TensorInfo& t : file.tensors()) {
            if (t.dtype == Dtype::Other) continue;
            values.resize(static_cast<std::size_t>(t.elements())); // ≤ the file's size: checked by the header
            file.read_f32(t, values.data());
        }
    } catch (const ModelError& e) {
        attn::fuzz::require_message(e.what(), weights_path + ": ");
    }
    try {
        const Gpt2Model m = load_gpt2(folder, kBudget);
        const Gpt2Config& c = m.config;
        const auto n = [](std::int64_t a, std::int64_t b) { return static_cast<std::size_t>(a * b); };
        if (m.wte.size() != n(c.vocab_size, c.n_embd) || m.wpe.size() != n(c.n_positions, c.n_embd) ||
            m.blocks.size() != static_cast<std::size_t>(c.n_layer))
            attn::fuzz::invariant_broken("a loaded model's shapes differ from its config", parts[0]);
        for (const Gpt2Block& b : m.blocks)
            if (b.c_attn_weight.size() != n(c.n_embd, 3 * c.n_embd) || b.c_fc_weight.size() != n(c.n_embd, c.n_inner))
                attn::fuzz::invariant_broken("a loaded block's shapes differ from its config", parts[0]);
    } catch (const ModelError& e) {
        attn::fuzz::require_message(e.what(), folder + "/");
    }
    return 0;
}
