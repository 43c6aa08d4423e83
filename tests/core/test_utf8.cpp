// Strict UTF-8 decoding and display widths.
#include "core/utf8.h"
#include "test_helpers.h"

using namespace attn;

namespace {
std::string message_of(const std::string& bytes) {
    return attn::test::error_message([&] { decode_utf8(bytes, "text"); });
}
} // namespace

TEST_CASE("decodes 1–4 byte sequences", "[utf8]") {
    const auto cps = decode_utf8("a\xC3\xA9\xE8\x87\xAA\xF0\x9F\x98\x80", "text"); // a é 自 😀
    REQUIRE(cps.size() == 4);
    CHECK(cps[0].value == U'a');
    CHECK(cps[1].value == U'é');
    CHECK(cps[2].value == U'自');
    CHECK(cps[3].value == 0x1F600);
    CHECK(cps[3].offset == 6);
    CHECK(cps[3].length == 4);
}

TEST_CASE("rejects malformed UTF-8 naming the byte", "[utf8]") {
    CHECK(message_of("ab\xC0\xAF") == "text: invalid UTF-8 at byte 2");           // overlong '/'
    CHECK(message_of("\xE0\x80\xAF") == "text: invalid UTF-8 at byte 0");         // overlong, 3 bytes
    CHECK(message_of("x\xED\xA0\x80") == "text: invalid UTF-8 at byte 1");        // surrogate U+D800
    CHECK(message_of("\xF4\x90\x80\x80") == "text: invalid UTF-8 at byte 0");     // U+110000
    CHECK(message_of("ok\xE8\x87") == "text: invalid UTF-8 at byte 4");           // truncated
    CHECK(message_of("\x80") == "text: invalid UTF-8 at byte 0");                 // lone continuation
    CHECK(message_of("\xFF") == "text: invalid UTF-8 at byte 0");
    CHECK(message_of("\xE8\x41\x41") == "text: invalid UTF-8 at byte 1");         // continuation missing
}

TEST_CASE("display width counts CJK as two columns", "[utf8]") {
    CHECK(display_width("abc") == 3);
    CHECK(display_width("自注意力") == 8);
    CHECK(display_width("e\xCC\x81") == 1); // e + combining acute
    CHECK(display_width("ｶ") == 1);         // half-width katakana
}
