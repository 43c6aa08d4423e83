// Fuzzes vocab.json and merges.txt (core/model/bpe.*). The input is vocab.json, the part
// separator, merges.txt, the separator, then a text. The files are refused with a
// ModelError naming the file, or load; then the text's bytes encode to ids in the
// vocabulary that decode to the same bytes.
#include "core/model/bpe.h"
#include "core/model/model_error.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace attn::model;
    const std::vector<std::string> parts = attn::fuzz::split_parts(attn::fuzz::as_text(data, size), 3);
    Bpe bpe;
    try {
        bpe = parse_bpe(parts[0], parts[1]);
    } catch (const ModelError& e) {
        const std::string message = e.what();
        if (message.rfind("vocab.json: ", 0) != 0 && message.rfind("merges.txt: ", 0) != 0)
            attn::fuzz::invariant_broken("a BPE error that does not name its file", message);
        return 0;
    }
    const std::vector<int> ids = bpe_encode(bpe, parts[2]);
    for (int id : ids) {
        if (id < 0 || id >= bpe_vocab_size(bpe)) attn::fuzz::invariant_broken("an id outside the vocabulary", std::to_string(id));
        bpe_display_token(bpe, id);
    }
    if (bpe_decode(bpe, ids) != parts[2]) attn::fuzz::invariant_broken("decode(encode(text)) != text", parts[2]);
    return 0;
}
