#include "core/model/bpe.h"
#include "core/model/model_error.h"
#include "core/model/pretokenize.h"
#include "core/utf8.h"
#include <algorithm>
#include <fstream>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <queue>
#include <sstream>
#include <unordered_set>

namespace attn::model {

// Text is mostly the same words again: remember each short pre-token's ids. Bounded, so a
// long session or a huge paste cannot grow it without limit.
struct BpeCache {
    static constexpr std::size_t kMaxEntries = 1 << 16;
    static constexpr std::size_t kMaxPieceBytes = 64;
    std::mutex mutex;
    std::unordered_map<std::string, std::vector<int>> ids;
};

// [SECTION] Byte-to-unicode table

char32_t byte_to_unicode(unsigned char b) {
    // encoder.py's bytes_to_unicode(): printable Latin-1 bytes stand for themselves; the
    // others (controls, space, soft hyphen) get U+0100, U+0101, … in byte order, so every
    // token is a string of visible characters.
    const auto printable = [](int c) { return (c >= '!' && c <= '~') || (c >= 0xA1 && c <= 0xAC) || (c >= 0xAE && c <= 0xFF); };
    if (printable(b)) return b;
    char32_t next = 0x100;
    for (int c = 0; c < b; ++c)
        if (!printable(c)) ++next;
    return next;
}

namespace {

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

std::string hex_byte(unsigned char b) {
    static const char digits[] = "0123456789ABCDEF";
    return std::string("<0x") + digits[b >> 4] + digits[b & 15] + ">";
}

std::uint64_t pair_key(int left, int right) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) | static_cast<std::uint32_t>(right);
}

[[noreturn]] void too_large(const std::string& file, std::uint64_t bytes) {
    throw ModelError(file, std::to_string(bytes) + " bytes, over the limit of " + std::to_string(kMaxTokenizerFileBytes) +
                               " (kMaxTokenizerFileBytes)");
}

// [SECTION] vocab.json

// A SAX reader rather than a parsed json object: it sees duplicate keys (which a parsed
// object silently collapses) and can name the key whose value is wrong.
class VocabReader : public nlohmann::json_sax<nlohmann::json> {
public:
    VocabReader(const std::string& name, std::vector<std::pair<std::string, long long>>& entries)
        : name_(name), entries_(entries) {}

    bool null() override { return value("null"); }
    bool boolean(bool) override { return value("a boolean"); }
    bool number_integer(number_integer_t v) override { return id(v); }
    bool number_unsigned(number_unsigned_t v) override {
        return id(v > static_cast<number_unsigned_t>(kMaxId) ? kMaxId + 1 : static_cast<long long>(v));
    }
    bool number_float(number_float_t, const string_t& text) override { return value(text); }
    bool string(string_t& v) override { return value("the string " + json_quoted(v)); }
    bool binary(binary_t&) override { return value("binary data"); }
    bool start_object(std::size_t) override {
        if (depth_++ == 0) return true;
        return value("an object");
    }
    bool end_object() override { return --depth_, true; }
    bool start_array(std::size_t) override {
        if (depth_ == 0) fail("expected one JSON object mapping each token to its id, got an array");
        return value("an array");
    }
    bool end_array() override { return true; }
    bool key(string_t& k) override {
        if (!seen_.insert(k).second) fail("key " + json_quoted(k) + " appears twice");
        key_ = k;
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
        const std::string what = e.what();
        const std::size_t colon = what.rfind(": ");
        fail("not valid JSON (at byte " + std::to_string(position) + "): " +
             (colon == std::string::npos ? what : what.substr(colon + 2)));
        return false;
    }
    static constexpr long long kMaxId = 0x7FFFFFFF;

private:
    [[noreturn]] void fail(const std::string& problem) { throw ModelError(name_, problem); }
    bool value(const std::string& what) {
        if (depth_ == 0) fail("expected one JSON object mapping each token to its id, got " + what);
        fail("key " + json_quoted(key_) + ": the id must be a whole number, got " + what);
    }
    bool id(long long v) {
        if (depth_ == 0) fail("expected one JSON object mapping each token to its id, got a number");
        if (v < 0 || v > kMaxId) fail("key " + json_quoted(key_) + ": id " + std::to_string(v) + " is out of range");
        entries_.emplace_back(key_, v);
        return true;
    }

    const std::string& name_;
    std::vector<std::pair<std::string, long long>>& entries_;
    std::unordered_set<std::string> seen_;
    std::string key_;
    int depth_ = 0;
};

std::string bytes_of_token(const std::string& token) {
    static const std::unordered_map<char32_t, unsigned char> unicode_to_byte = [] {
        std::unordered_map<char32_t, unsigned char> m;
        for (int b = 0; b < 256; ++b) m[byte_to_unicode(static_cast<unsigned char>(b))] = static_cast<unsigned char>(b);
        return m;
    }();
    std::string bytes;
    for (std::size_t i = 0; i < token.size();) {
        const Utf8Char c = utf8_char_at(token, i); // valid: the JSON parser checked
        const std::size_t n = c.length ? c.length : 1;
        const auto it = unicode_to_byte.find(c.value);
        if (c.length && it != unicode_to_byte.end()) bytes += static_cast<char>(it->second);
        else bytes.append(token, i, n); // outside the byte alphabet (a special token): the text itself
        i += n;
    }
    return bytes;
}

void read_vocab(Bpe& bpe, const std::string& json) {
    if (json.find_first_not_of(" \t\r\n") == std::string::npos)
        throw ModelError(bpe.vocab_name, "is empty: expected a JSON object mapping each token to its id");
    std::vector<std::pair<std::string, long long>> entries;
    VocabReader reader(bpe.vocab_name, entries);
    nlohmann::json::sax_parse(json, &reader);
    if (entries.empty()) throw ModelError(bpe.vocab_name, "has no tokens");
    // Ids number the model's embedding rows: they must be exactly 0…n-1.
    const long long n = static_cast<long long>(entries.size());
    bpe.tokens.assign(entries.size(), std::string());
    std::vector<bool> taken(entries.size(), false);
    for (const auto& [token, id] : entries) {
        if (id >= n)
            throw ModelError(bpe.vocab_name, "key " + json_quoted(token) + ": id " + std::to_string(id) +
                                                 " is out of range: " + std::to_string(n) + " tokens have ids 0…" + std::to_string(n - 1));
        if (taken[id])
            throw ModelError(bpe.vocab_name, "keys " + json_quoted(bpe.tokens[id]) + " and " + json_quoted(token) + " both have id " + std::to_string(id));
        taken[id] = true;
        bpe.tokens[id] = token;
    }
    bpe.ids.reserve(entries.size());
    bpe.token_bytes.reserve(entries.size());
    for (std::size_t id = 0; id < bpe.tokens.size(); ++id) {
        bpe.ids.emplace(bpe.tokens[id], static_cast<int>(id));
        bpe.token_bytes.push_back(bytes_of_token(bpe.tokens[id]));
    }
    for (int b = 0; b < 256; ++b) {
        std::string symbol;
        append_utf8(symbol, byte_to_unicode(static_cast<unsigned char>(b)));
        const auto it = bpe.ids.find(symbol);
        if (it == bpe.ids.end())
            throw ModelError(bpe.vocab_name, "no token for byte " + hex_byte(static_cast<unsigned char>(b)).substr(1, 4) + " (key " +
                                                 json_quoted(symbol) + "): a byte-level vocabulary has one for each of the 256 bytes");
        bpe.byte_ids[b] = it->second;
    }
}

// [SECTION] merges.txt

void read_merges(Bpe& bpe, const std::string& text) {
    if (text.empty()) throw ModelError(bpe.merges_name, "is empty: expected '#version: 0.2' and one merge per line");
    std::istringstream lines(text);
    std::string line;
    int line_number = 0, rank = 0;
    std::unordered_map<std::uint64_t, int> first_line;
    while (std::getline(lines, line)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line_number == 1 && line.rfind("#version", 0) == 0) continue; // optional header
        const auto at = [&](const std::string& problem) {
            return ModelError(bpe.merges_name, "line " + std::to_string(line_number) + ": " + problem);
        };
        const std::size_t space = line.find(' ');
        if (line.empty() || space == std::string::npos || space == 0 || space + 1 == line.size() ||
            line.find(' ', space + 1) != std::string::npos)
            throw at("expected two tokens separated by one space, got " + json_quoted(line));
        const std::string left = line.substr(0, space), right = line.substr(space + 1);
        const auto find = [&](const std::string& token) {
            const auto it = bpe.ids.find(token);
            if (it == bpe.ids.end()) throw at(json_quoted(token) + " is not in " + bpe.vocab_name);
            return it->second;
        };
        const int left_id = find(left), right_id = find(right), result = find(left + right);
        const std::uint64_t key = pair_key(left_id, right_id);
        if (const auto [it, fresh] = first_line.emplace(key, line_number); !fresh)
            throw at("the merge " + json_quoted(line) + " repeats line " + std::to_string(it->second));
        bpe.merges.emplace(key, Bpe::Merge{rank++, result});
    }
    if (rank == 0) throw ModelError(bpe.merges_name, "has no merges");
}

// [SECTION] Encoding

// Applies the merges to one pre-token, as encoder.py's bpe() does: repeatedly take the
// lowest-ranked adjacent pair and merge all its occurrences left to right. A heap keeps
// this O(n log n) for long pre-tokens (a paragraph of Chinese is one \p{L}+ run). Pairs
// that a merge creates wait until the current rank is done, exactly as encoder.py only
// looks for the next pair after merging every occurrence of this one.
void merge_piece(const Bpe& bpe, const unsigned char* bytes, std::size_t n, std::vector<int>& out) {
    struct Symbol {
        int id, prev, next; // a doubly linked list over byte positions; id -1: merged away
    };
    struct Candidate {
        int rank, left, left_id, right_id;
        bool operator>(const Candidate& o) const { return rank != o.rank ? rank > o.rank : left > o.left; }
    };
    std::vector<Symbol> symbols(n);
    for (std::size_t i = 0; i < n; ++i)
        symbols[i] = {bpe.byte_ids[bytes[i]], static_cast<int>(i) - 1, i + 1 < n ? static_cast<int>(i) + 1 : -1};
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<Candidate>> heap;
    std::vector<Candidate> waiting;
    const auto candidate = [&](int left, std::vector<Candidate>* into) {
        if (left < 0 || symbols[left].next < 0) return;
        const int left_id = symbols[left].id, right_id = symbols[symbols[left].next].id;
        const auto it = bpe.merges.find(pair_key(left_id, right_id));
        if (it == bpe.merges.end()) return;
        const Candidate c{it->second.rank, left, left_id, right_id};
        if (into) into->push_back(c);
        else heap.push(c);
    };
    for (std::size_t i = 0; i + 1 < n; ++i) candidate(static_cast<int>(i), nullptr);
    int current_rank = -1;
    for (;;) {
        if (heap.empty() || heap.top().rank != current_rank) {
            for (const Candidate& c : waiting) heap.push(c);
            waiting.clear();
            if (heap.empty()) break;
            current_rank = heap.top().rank;
        }
        const Candidate c = heap.top();
        heap.pop();
        Symbol& left = symbols[c.left];
        if (left.id != c.left_id || left.next < 0 || symbols[left.next].id != c.right_id) continue; // stale
        Symbol& right = symbols[left.next];
        left.id = bpe.merges.at(pair_key(c.left_id, c.right_id)).result;
        left.next = right.next;
        if (right.next >= 0) symbols[right.next].prev = c.left;
        right.id = -1;
        candidate(left.prev, &waiting);
        candidate(c.left, &waiting);
    }
    for (int i = 0; i >= 0; i = symbols[i].next) out.push_back(symbols[i].id);
}

} // namespace

// [SECTION] Public functions

Bpe parse_bpe(const std::string& vocab_json, const std::string& merges_txt, const std::string& vocab_name,
              const std::string& merges_name) {
    Bpe bpe;
    bpe.vocab_name = vocab_name;
    bpe.merges_name = merges_name;
    if (vocab_json.size() > kMaxTokenizerFileBytes) too_large(vocab_name, vocab_json.size());
    if (merges_txt.size() > kMaxTokenizerFileBytes) too_large(merges_name, merges_txt.size());
    read_vocab(bpe, vocab_json);
    read_merges(bpe, merges_txt);
    bpe.cache = std::make_shared<BpeCache>();
    return bpe;
}

Bpe load_bpe(const std::string& vocab_json_path, const std::string& merges_path) {
    const auto read = [](const std::string& path) {
        std::ifstream file(path, std::ios::binary);
        if (!file) throw ModelError(path, "cannot open the file");
        file.seekg(0, std::ios::end);
        const auto bytes = static_cast<std::uint64_t>(file.tellg());
        file.seekg(0);
        if (bytes > kMaxTokenizerFileBytes) too_large(path, bytes); // before reading it into memory
        std::ostringstream contents;
        contents << file.rdbuf();
        return contents.str();
    };
    const std::string vocab = read(vocab_json_path); // first: arguments have no order
    return parse_bpe(vocab, read(merges_path), vocab_json_path, merges_path);
}

std::vector<int> bpe_encode(const Bpe& bpe, const std::string& text) {
    std::vector<int> ids;
    BpeCache* cache = bpe.cache.get();
    for (const Piece& piece : pretokenize(text)) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(text.data() + piece.offset);
        if (!cache || piece.length > BpeCache::kMaxPieceBytes) {
            merge_piece(bpe, bytes, piece.length, ids);
            continue;
        }
        std::string key(text, piece.offset, piece.length);
        std::lock_guard<std::mutex> lock(cache->mutex);
        if (const auto it = cache->ids.find(key); it != cache->ids.end()) {
            ids.insert(ids.end(), it->second.begin(), it->second.end());
            continue;
        }
        const std::size_t before = ids.size();
        merge_piece(bpe, bytes, piece.length, ids);
        if (cache->ids.size() >= BpeCache::kMaxEntries) cache->ids.clear();
        cache->ids.emplace(std::move(key), std::vector<int>(ids.begin() + static_cast<std::ptrdiff_t>(before), ids.end()));
    }
    return ids;
}

std::string bpe_decode(const Bpe& bpe, const std::vector<int>& ids) {
    std::string text;
    for (const int id : ids) {
        if (id < 0 || id >= bpe_vocab_size(bpe))
            throw ModelError(bpe.vocab_name, "no token has id " + std::to_string(id) + " (ids are 0…" + std::to_string(bpe_vocab_size(bpe) - 1) + ")");
        text += bpe.token_bytes[static_cast<std::size_t>(id)];
    }
    return text;
}

std::string bpe_display_token(const Bpe& bpe, int id) {
    const std::string bytes = bpe_decode(bpe, {id});
    std::string shown;
    for (std::size_t i = 0; i < bytes.size();) {
        const unsigned char b = static_cast<unsigned char>(bytes[i]);
        const std::size_t n = utf8_char_at(bytes, i).length;
        if (b == ' ') shown += "·";
        else if (b == '\n') shown += "↵";
        else if (b == '\t') shown += "⇥";
        else if (n == 0 || b < 0x20 || b == 0x7F) shown += hex_byte(b);
        else shown.append(bytes, i, n);
        i += n == 0 ? 1 : n;
    }
    return shown;
}

int bpe_vocab_size(const Bpe& bpe) { return static_cast<int>(bpe.tokens.size()); }

} // namespace attn::model
