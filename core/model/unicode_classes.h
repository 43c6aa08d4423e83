// attnviz core: the Unicode classes GPT-2's pre-tokenising pattern needs, as range tables
// generated from Python's unicodedata (scripts/gen_unicode_classes.py).
#pragma once

namespace attn::model {

bool is_letter(char32_t c);      // \p{L}
bool is_number(char32_t c);      // \p{N}
bool is_white_space(char32_t c); // \s: Unicode's White_Space property

} // namespace attn::model
