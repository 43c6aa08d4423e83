// Fuzzes GPT-2's pre-tokeniser and BPE encoder (core/model/pretokenize.*, bpe.*) on
// arbitrary bytes, with the shipped model's vocabulary: the pieces cover the text in
// order, and decode(encode(bytes)) gives the bytes back.
#include "core/model/bpe.h"
#include "core/model/pretokenize.h"
#include "fuzz_support.h"

namespace {
const attn::model::Bpe& shipped_bpe() {
    static const attn::model::Bpe bpe = attn::model::load_bpe(ATTNVIZ_SOURCE_DIR "/assets/models/fortunes-gpt2/vocab.json",
                                                              ATTNVIZ_SOURCE_DIR "/assets/models/fortunes-gpt2/merges.txt");
    return bpe;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace attn::model;
    const std::string text = attn::fuzz::as_text(data, size);
    std::size_t covered = 0;
    for (const Piece& p : pretokenize(text)) {
        if (p.offset != covered || p.length == 0) attn::fuzz::invariant_broken("pre-token pieces leave a gap or are empty", text);
        covered += p.length;
    }
    if (covered != text.size()) attn::fuzz::invariant_broken("pre-token pieces do not cover the text", text);
    const Bpe& bpe = shipped_bpe();
    const std::vector<int> ids = bpe_encode(bpe, text);
    if (bpe_decode(bpe, ids) != text) attn::fuzz::invariant_broken("decode(encode(bytes)) != bytes", text);
    return 0;
}
