// attnviz core: GPT-2's byte-level BPE tokenizer (Radford et al., 2019; openai/gpt-2's
// encoder.py), read from a model folder's vocab.json and merges.txt.
//
// Text → pre-tokens (pretokenize.h: GPT-2's pattern) → each pre-token's bytes, one
// starting symbol per byte → merges applied lowest rank first → token ids. Works on bytes,
// so any byte string encodes (invalid UTF-8 too) and decode gives the same bytes back.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace attn::model {

struct BpeCache; // per pre-token results, shared by copies of a Bpe (bpe.cpp)

struct Bpe {
    std::string vocab_name, merges_name;  // for messages, e.g. "gpt2/vocab.json"
    std::vector<std::string> tokens;      // id → token as vocab.json spells it ("Ġthe")
    std::vector<std::string> token_bytes; // id → the bytes it stands for (" the")
    std::unordered_map<std::string, int> ids; // vocab.json's key → id
    std::array<int, 256> byte_ids{};      // byte → id of the token for that single byte
    struct Merge {
        int rank;   // line order in merges.txt: lower merges first
        int result; // id of the merged token
    };
    std::unordered_map<std::uint64_t, Merge> merges; // (left id << 32 | right id) → merge
    std::shared_ptr<BpeCache> cache;
};

// vocab.json and merges.txt larger than this are refused before they are parsed (GPT-2's
// are 1 MB and 0.5 MB).
constexpr std::size_t kMaxTokenizerFileBytes = 32u << 20;

// Reads and checks both files; throws ModelError naming the file and the key or line.
Bpe load_bpe(const std::string& vocab_json_path, const std::string& merges_path);
// The same from the files' contents (the page reads dropped files into memory); the names
// only label messages.
Bpe parse_bpe(const std::string& vocab_json, const std::string& merges_txt,
              const std::string& vocab_name = "vocab.json", const std::string& merges_name = "merges.txt");

std::vector<int> bpe_encode(const Bpe& bpe, const std::string& text); // any bytes
// The bytes the ids stand for; throws ModelError for an id not in the vocabulary.
std::string bpe_decode(const Bpe& bpe, const std::vector<int>& ids);
// For people: the token's text with spaces shown as "·", newlines "↵", tabs "⇥", other
// control bytes and bytes that are not whole UTF-8 characters as "<0xE4>".
std::string bpe_display_token(const Bpe& bpe, int id);
int bpe_vocab_size(const Bpe& bpe);

// GPT-2's byte-to-unicode table: byte b is written as this code point in vocab.json and
// merges.txt (printable bytes as themselves, the rest moved to U+0100…, e.g. ' ' → 'Ġ').
char32_t byte_to_unicode(unsigned char b);

} // namespace attn::model
