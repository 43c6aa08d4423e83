// attnviz core: the scenario JSON format (version 1) and the result JSON.
// Keys and defaults are documented in docs/scenario-format.md.
#pragma once
#include "result.h"
#include "scenario.h"
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace attn {

// Parses and validates; throws ScenarioError naming the field on any problem
// (unknown key, wrong type or shape, NaN, limits, invalid UTF-8, …).
Scenario scenario_from_json(const nlohmann::json& j);
Scenario scenario_from_string(const std::string& text); // also reports JSON syntax errors

nlohmann::json scenario_to_json(const Scenario& s); // round-trips through scenario_from_json
nlohmann::json result_to_json(const Result& r);     // tokens, x, heads[{q,k,v,scores,logits,weights,output}], concat, output

} // namespace attn
