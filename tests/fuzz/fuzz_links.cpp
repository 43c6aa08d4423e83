// Fuzzes the link decoder (core/link_codec.*): any text is a state or one message, never an
// exception; a decoded state encodes back to a link that decodes to the same scenario and view.
// Deflate is the identity here: zlib is fuzzed upstream, and what the bytes turn into after
// inflating is what this harness searches.
#include "core/link_codec.h"
#include "core/scenario_json.h"
#include "fuzz_support.h"
#include <nlohmann/json.hpp>

namespace {
bool store(const std::string& in, std::size_t limit, std::string& out, std::string& error) {
    if (in.size() > limit) {
        error = "the state is larger than the limit";
        return false;
    }
    out = in;
    return true;
}
bool keep(const std::string& in, std::string& out, std::string&) {
    out = in;
    return true;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace attn;
    const std::string text = fuzz::as_text(data, size);
    // As typed into the address bar, and as a state whose bytes were chosen directly.
    const LinkState typed = link_decode(text, store);
    if (!typed.ok) fuzz::require_message(typed.error);
    const LinkState state = link_decode("#s=1." + base64url_encode(text), store);
    if (!state.ok) {
        fuzz::require_message(state.error);
        return 0;
    }
    const nlohmann::json written = {{"scenario", scenario_to_json(state.scenario)}, {"view", state.view}};
    const LinkState back = link_decode(link_encode(written.dump(), keep), store);
    if (!back.ok) fuzz::invariant_broken("a decoded link's own state is refused", back.error + "\n" + written.dump());
    if (scenario_to_json(back.scenario) != written["scenario"] || back.view != state.view)
        fuzz::invariant_broken("a link does not round-trip", written.dump());
    return 0;
}
