// attnviz UI: the core's error messages in the interface's language. The core throws stable
// English ("heads: d_model = 6 is not divisible by 4 heads") that the CLI, the page API and
// the tests rely on; the UI shows them through the catalogue instead. Each known message is
// a catalogue key ("error.*") whose English text, placeholders and all, is the pattern the
// core's message is matched against, so the English catalogue is the one copy of the wording.
#pragma once
#include <string>
#include <vector>

namespace attn::ui {

// `message` in `lang`: "field: problem" with the problem translated and the field (a JSON
// path, a name in the scenario format) kept. A message no key matches comes back unchanged.
// In every language a message over 1 kB comes back bounded for the screen (words over 200
// bytes elided in the middle, 2 kB at most); the CLI prints the core's message whole.
std::string error_text(const std::string& lang, const std::string& message);
// The catalogue key whose English pattern `message` (or its problem after "field: ") matches,
// "" when none: for the tests.
std::string error_key(const std::string& message);
// The "error.*" keys tried, in order (the more specific first).
const std::vector<std::string>& error_keys();
// Every key the translation of `message` uses: the error.* key first, then the "json.*" keys of
// its parts (a JSON type, nlohmann/json's parse error and its pieces): for the tests.
std::vector<std::string> error_parts(const std::string& message);

// The same matching for other stable English the UI shows from elsewhere:
// describe_head()'s two lines (core/model/attention_maps.h) …
std::string head_description_text(const std::string& lang, const std::string& description);
// … the page's model-loading status (web/model_loader.js) …
std::string page_status_text(const std::string& lang, const std::string& status);
// … and the notices about links and files (app.notice, set in English here and by web/links.js);
// the error inside one is shown through error_text().
std::string notice_text(const std::string& lang, const std::string& notice);

} // namespace attn::ui
