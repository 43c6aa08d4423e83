// The link codec (core/link_codec.h): base64url against RFC 4648's test vectors, the
// fragment's parsing, versioning, and every kind of bad input giving one message. The
// compressor is handed in, so these tests use an identity "compressor" to reach the
// parsing; tests/ui/test_links_files.cpp runs the real one (zlib) against Python's.
#include "core/link_codec.h"
#include "core/scenario_json.h"
#include <catch2/catch.hpp>

using attn::LinkState;

namespace {
bool identity_deflate(const std::string& in, std::string& out, std::string&) {
    out = in;
    return true;
}
bool identity_inflate(const std::string& in, std::size_t limit, std::string& out, std::string& error) {
    if (in.size() > limit) {
        error = "too big";
        return false;
    }
    out = in;
    return true;
}
bool failing_inflate(const std::string&, std::size_t, std::string&, std::string& error) {
    error = "invalid block type";
    return false;
}
LinkState decode(const std::string& link) { return attn::link_decode(link, identity_inflate); }
std::string fragment_of(const std::string& json) { return attn::link_encode(json, identity_deflate); }
const std::string kState = R"({"scenario": {"tokens": ["a", "b"], "embeddings": [[1, 0], [0, 1]]}, "view": {"query": 1, "later": true}})";
} // namespace

TEST_CASE("base64url matches RFC 4648's test vectors in the URL-safe alphabet without padding", "[link]") {
    const std::pair<std::string, std::string> vectors[] = {{"", ""},         {"f", "Zg"},          {"fo", "Zm8"},
                                                           {"foo", "Zm9v"},  {"foob", "Zm9vYg"},   {"fooba", "Zm9vYmE"},
                                                           {"foobar", "Zm9vYmFy"}, {"\xfb\xff", "-_8"}};
    for (const auto& [bytes, text] : vectors) {
        CHECK(attn::base64url_encode(bytes) == text);
        std::string out, error;
        REQUIRE(attn::base64url_decode(text, out, error));
        CHECK(out == bytes);
    }
    std::string out, error;
    CHECK(attn::base64url_decode("Zm9vYg==", out, error)); // padding is accepted
    CHECK(out == "foob");
    CHECK_FALSE(attn::base64url_decode("Zm+v", out, error)); // '+' is standard base64, not base64url
    CHECK(error == "character 3 of the state is not base64url");
    CHECK_FALSE(attn::base64url_decode("Zm9vY", out, error));
    CHECK(error.find("cut short") != std::string::npos);
}

TEST_CASE("a link round-trips its state from a URL or a fragment or a bare s=1.", "[link]") {
    const std::string f = fragment_of(kState);
    REQUIRE(f.rfind("s=1.", 0) == 0);
    for (const std::string& link : {f, "#" + f, "http://example.org/attnviz/index.html#" + f, "index.html#x=2&" + f + "&y=3"}) {
        const LinkState s = decode(link);
        INFO(link << ": " << s.error);
        REQUIRE(s.ok);
        CHECK(s.scenario.tokens == std::vector<std::string>{"a", "b"});
        CHECK(s.view["query"] == 1);
        CHECK(s.view["later"] == true); // fields a reader does not know are kept for it to ignore
    }
    CHECK(attn::is_state_link("index.html#" + f));
    CHECK_FALSE(attn::is_state_link("index.html#lesson=01-dot-product-by-hand&step=2"));
}

TEST_CASE("bad links get one message saying what is wrong", "[link]") {
    const std::string payload = fragment_of(kState).substr(4);
    const std::pair<std::string, std::string> cases[] = {
        {"index.html#lesson=01", "not an attnviz link"},
        {"#s=", "has no version"},
        {"#s=abc", "has no version"},
        {"#s=2." + payload, "version 2, and this attnviz reads version 1 (a newer attnviz made it)"},
        {"#s=0." + payload, "version 0, and this attnviz reads version 1"},
        {"#s=1.", "cut short: it holds no state"},
        {"#s=1.ab!c", "character 3 of the state is not base64url"},
        {"#s=1." + attn::base64url_encode("{\"scenario\": {\"tokens\": [\"a\"]"), "not valid JSON"},
        {"#s=1." + attn::base64url_encode("[1, 2]"), "has no \"scenario\""},
        {"#s=1." + attn::base64url_encode(R"({"scenario": {"tokens": ["a"]}, "view": 3})"), "\"view\" is not an object"},
        {"#s=1." + attn::base64url_encode(R"({"scenario": {"tokens": ["a"], "heads": 0}})"), "the link's scenario: heads"},
    };
    for (const auto& [link, message] : cases) {
        const LinkState s = decode(link);
        INFO(link);
        CHECK_FALSE(s.ok);
        CHECK_THAT(s.error, Catch::Contains(message));
    }
    const LinkState s = attn::link_decode("#s=1." + payload, failing_inflate);
    CHECK_FALSE(s.ok);
    CHECK(s.error == "the link is damaged or cut short: its state does not decompress (invalid block type)");
}

TEST_CASE("a state bigger than the limit is refused and not inflated", "[link]") {
    const std::string huge(attn::kLinkMaxStateBytes + 1, ' ');
    const LinkState s = decode("#s=1." + attn::base64url_encode(huge));
    CHECK_FALSE(s.ok);
    CHECK_THAT(s.error, Catch::Contains("too big"));
}
