// attnviz core: links that reproduce what the user sees (issue 14). A link's fragment is
//
//     s=1.<base64url(deflate-raw(UTF-8 state JSON))>
//
// where "1" is the format's version and the state is {"scenario": {…}, "view": {…}}: the
// scenario in the scenario JSON format (docs/scenario-format.md) and the view settings
// (docs/links.md). Decoding is a pure function from text to a state or one message saying
// what is wrong, so a fuzzer can call it. Compression is handed in: deflate is not part of
// the pure core (natively zlib, app/link_zlib.h; the page uses the browser's
// CompressionStream and hands the decompressed JSON to link_state_from_json).
#pragma once
#include "scenario.h"
#include <nlohmann/json.hpp>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace attn {

constexpr int kLinkVersion = 1;                   // the only version written and read
constexpr std::size_t kLinkMaxStateBytes = 8u << 20; // a bigger state is refused, not inflated without end

// Compressors (raw deflate, RFC 1951). Return false with a message in `error`; inflate
// stops with an error once the output would exceed `limit` bytes.
using Deflate = std::function<bool(const std::string& in, std::string& out, std::string& error)>;
using Inflate = std::function<bool(const std::string& in, std::size_t limit, std::string& out, std::string& error)>;

struct LinkState {
    bool ok = false;
    std::string error;    // when !ok: one sentence naming what is wrong
    Scenario scenario;
    nlohmann::json view;  // an object (possibly empty); fields a reader does not know are ignored
};

// Base64url without padding (RFC 4648 §5). Decoding accepts padding and refuses anything
// else, naming the offending character's position.
std::string base64url_encode(std::string_view bytes);
bool base64url_decode(std::string_view text, std::string& out, std::string& error);

// The fragment "s=1.…" for a state JSON text (the caller builds it: ui/link_state.h).
std::string link_encode(const std::string& state_json, const Deflate& deflate);
// Reads a link: a whole URL ("…/index.html#s=1.…"), a fragment ("#s=1.…") or "s=1.…";
// the state ends at '&' or the end. Never throws.
LinkState link_decode(std::string_view link, const Inflate& inflate);
// The state JSON text itself, as the page hands it over after decompressing. Never throws.
LinkState link_state_from_json(const std::string& text);
// Whether `link` holds a state link at all (a "#lesson=" link does not).
bool is_state_link(std::string_view link);

} // namespace attn
