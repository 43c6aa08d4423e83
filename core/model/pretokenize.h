// attnviz core: GPT-2's pre-tokenising pattern, by hand over UTF-8 code points:
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// BPE merges never cross the pieces it cuts. A byte that is not part of valid UTF-8 counts
// as one character of the [^\s\p{L}\p{N}] class, so any byte string is cut somewhere.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace attn::model {

struct Piece {
    std::size_t offset, length; // bytes
};

std::vector<Piece> pretokenize(const std::string& text); // the pieces cover the text in order

} // namespace attn::model
