// attnviz platform layer: raw deflate through zlib (Debian's zlib1g-dev) for the desktop's
// links, and attn::link_decode with it — the one call a fuzzer or a test needs. The page
// uses the browser's CompressionStream('deflate-raw') instead: same bytes on the wire.
#pragma once
#include "core/link_codec.h"
#include <string>
#include <string_view>

namespace attn {

bool zlib_deflate_raw(const std::string& in, std::string& out, std::string& error);
bool zlib_inflate_raw(const std::string& in, std::size_t limit, std::string& out, std::string& error);

inline LinkState link_decode_zlib(std::string_view link) { return link_decode(link, zlib_inflate_raw); }
inline std::string link_encode_zlib(const std::string& state_json) { return link_encode(state_json, zlib_deflate_raw); }

} // namespace attn
