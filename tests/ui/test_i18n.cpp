// The message catalogues (ui/i18n.h), line breaking for both languages (ui/text_wrap.h) and
// what makes a translated lesson a faithful twin of the English one (translation_mismatch).
#include "i18n.h"
#include "lesson.h"
#include "text_wrap.h"
#include <catch2/catch.hpp>
#include <algorithm>

using namespace attn::ui;

TEST_CASE("every catalogue key exists in every language, with the same placeholders", "[i18n]") {
    const auto& en = i18n_catalogue("en");
    REQUIRE(en.size() >= 30); // the lesson panel's strings at least: an empty catalogue would pass the loop
    for (const std::string& lang : i18n_languages()) {
        const auto& cat = i18n_catalogue(lang);
        for (const auto& [key, message] : en) {
            INFO(lang << ": " << key);
            REQUIRE(cat.count(key) == 1);
            CHECK_FALSE(cat.at(key).empty());
            CHECK(i18n_placeholders(cat.at(key)) == i18n_placeholders(message));
        }
        for (const auto& [key, message] : cat) {
            INFO(lang << " has a key English lacks: " << key);
            CHECK(en.count(key) == 1);
        }
    }
    // Chinese is really Chinese: not a copy of English that happens to have the same keys.
    CHECK(tr("zh", "lesson.check") != tr("en", "lesson.check"));
    CHECK(tr("zh", "language.name") == "中文");
}

TEST_CASE("messages fill named placeholders wherever each language puts them", "[i18n]") {
    const MessageArgs args{{"value", "0.250"}, {"col", "2"}, {"token", "cat"}};
    CHECK(tr("en", "feedback.not_that_one", args) == "Not that one: 0.250 in column 2 (“cat”). Try again.");
    CHECK(tr("zh", "feedback.not_that_one", args) == "不是这个：第 2 列（“cat”）是 0.250。再试一次。");
    CHECK(tr("zh", "lesson.progress", {{"n", "3"}, {"steps", "10"}}) == "第 3 步，共 10 步");
    // A placeholder without a value stays visible rather than vanishing.
    CHECK(tr("en", "lesson.progress", {{"n", "3"}}) == "step 3 of {steps}");
    // Unknown languages fall back to English; unknown keys show themselves.
    CHECK(tr("fr", "lesson.check") == "Check");
    CHECK(tr("zh", "no.such.key") == "no.such.key");
    CHECK(i18n_placeholders("{b} and {a}, {b}") == std::vector<std::string>{"a", "b", "b"});
}

TEST_CASE("the language follows the locale and the codes browsers and links use", "[i18n]") {
    CHECK(i18n_match_language("zh") == "zh");
    CHECK(i18n_match_language("zh-CN") == "zh");
    CHECK(i18n_match_language("zh_TW.UTF-8") == "zh");
    CHECK(i18n_match_language("EN-gb") == "en");
    CHECK(i18n_match_language("fr") == "");
    CHECK(i18n_match_language("zhx") == ""); // a prefix is not a language
    CHECK(i18n_language_from_locale(nullptr, nullptr, "zh_CN.UTF-8") == "zh");
    CHECK(i18n_language_from_locale("C", nullptr, "zh_CN.UTF-8") == "en");    // LC_ALL wins, as in gettext
    CHECK(i18n_language_from_locale("", "zh_CN.UTF-8", "en_US.UTF-8") == "zh"); // an empty one is unset
    CHECK(i18n_language_from_locale(nullptr, nullptr, "de_DE.UTF-8") == "en");
    CHECK(i18n_language_from_locale(nullptr, nullptr, nullptr) == "en");
}

namespace {
// A stand-in for the font: one unit per ASCII character, two per anything wider (CJK).
float units(const std::string& s) {
    float w = 0;
    for (unsigned char c : s)
        if (c < 0x80) w += 1;
        else if ((c & 0xC0) != 0x80) w += 2;
    return w;
}
} // namespace

TEST_CASE("lesson text breaks at spaces in English and between characters in Chinese", "[i18n][wrap]") {
    SECTION("English: at spaces only, numbers whole") {
        const auto lines = wrap_text("the weight 0.161 is small", 12, units);
        CHECK(lines == std::vector<std::string>{"the weight", "0.161 is", "small"});
    }
    SECTION("Chinese: any two characters, each line within the width") {
        const std::string text = "自注意力让每个词元都能看到其他所有词元";
        const auto lines = wrap_text(text, 10, units);
        REQUIRE(lines.size() == 4);
        std::string joined;
        for (const auto& l : lines) {
            CHECK(units(l) <= 10);
            joined += l;
        }
        CHECK(joined == text); // nothing lost, no spaces added
    }
    SECTION("no line starts with closing punctuation or ends with opening punctuation") {
        const auto lines = wrap_text("每个词元，都是“一个”向量（三个数）。", 8, units);
        for (const auto& l : lines) {
            INFO(l);
            for (const char* closing : {"，", "。", "）", "”"}) CHECK(l.rfind(closing, 0) != 0);
            for (const char* opening : {"“", "（"})
                CHECK((l.size() < 3 || l.compare(l.size() - 3, 3, opening) != 0));
        }
    }
    SECTION("a number next to Chinese stays whole, and mixed text keeps its spaces") {
        const auto lines = wrap_text("权重是 0.468，分数是 2。", 9, units);
        CHECK(lines == std::vector<std::string>{"权重是", "0.468，分", "数是 2。"});
    }
}

TEST_CASE("a translation must match its English lesson step for step", "[i18n][lesson]") {
    const char* const english = R"(# E

## One
```attnviz
{"scenario": {"tokens": ["a", "b"]}, "task": {"kind": "answer", "prompt": "w₁₁?", "answer": "w 1 1", "success": "Right."},
 "hint": "Look."}
```
Text.

## Two
Text.
)";
    const Lesson en = parse_lesson("e", english);
    std::string zh = english;
    zh.replace(zh.find("w₁₁?"), std::string("w₁₁?").size(), "w₁₁ 是多少？");
    zh.replace(zh.find("Right."), 6, "正确。");
    CHECK(translation_mismatch(en, parse_lesson("e", zh)) == ""); // only words differ
    std::string other_answer = zh;
    other_answer.replace(other_answer.find("\"w 1 1\""), 7, "\"w 1 2\"");
    CHECK(translation_mismatch(en, parse_lesson("e", other_answer)) == "step 1: task.answer differs from the English lesson");
    std::string no_hint = zh;
    const std::string hint = ",\n \"hint\": \"Look.\"";
    no_hint.replace(no_hint.find(hint), hint.size(), "");
    CHECK(translation_mismatch(en, parse_lesson("e", no_hint)) == "step 1: hint differs from the English lesson");
    CHECK(translation_mismatch(en, parse_lesson("e", zh.substr(0, zh.find("## Two")))) ==
          "has 1 steps, the English lesson 2");
}
