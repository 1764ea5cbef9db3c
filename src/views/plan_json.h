// Plans and validation findings as JSON: what `gemis plan list|show --format
// json` and `gemis validate --format json` print and the API answers
// (GET /api/plans, /api/plans/{plan}, /api/plans/{plan}/validation).
#pragma once

#include <nlohmann/json.hpp>

#include "core/hierarchy.h"
#include "core/plan_book.h"
#include "core/plan_validation.h"

namespace gemis::views {

// code, number, title, issuer, signer, place, date, period, status,
// programme (units as "code full name" on the plan's date).
nlohmann::json PlanHeaderJson(const Plan& p, const Hierarchy& hierarchy, const PlanBook& book);
// The header with the plan's source, citations, assignments, targets (each
// with its programme node and content area), the content areas its targets
// fall in (code, number, name, nameEn), budget lines, place counts, areas,
// deadlines and source notes.
nlohmann::json PlanJson(const Plan& p, const Hierarchy& hierarchy, const PlanBook& book);
// rule, severity, plan, orgUnit, measure, period, expected, found, message,
// source {document, section, text}.
nlohmann::json FindingJson(const Finding& f);

}  // namespace gemis::views
