// Fuzzes the scenario JSON parser (core/scenario_json.*): any text is refused with a
// ScenarioError or parses; a parsed scenario computes and round-trips through its JSON.
#include "core/error.h"
#include "core/result.h"
#include "core/scenario_json.h"
#include "fuzz_support.h"
#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace attn;
    Scenario scenario;
    try {
        scenario = scenario_from_string(fuzz::as_text(data, size));
    } catch (const ScenarioError& e) {
        fuzz::require_message(e.what());
        return 0;
    }
    const nlohmann::json written = scenario_to_json(scenario);
    Scenario back;
    try {
        back = scenario_from_json(written);
    } catch (const ScenarioError& e) {
        fuzz::invariant_broken("a parsed scenario's own JSON is refused", std::string(e.what()) + "\n" + written.dump());
    }
    const nlohmann::json rewritten = scenario_to_json(back);
    if (rewritten != written)
        fuzz::invariant_broken("scenario JSON does not round-trip", written.dump() + "\n" + rewritten.dump());
    const auto result = compute(scenario);
    if (result->tokens.size() != static_cast<std::size_t>(token_count(scenario)))
        fuzz::invariant_broken("the result has a different number of tokens than the scenario", written.dump());
    return 0;
}
