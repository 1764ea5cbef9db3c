// What the routes over records share — models, registers, cases and the
// data-protection log: who makes a change (for the audit log), what a
// change is read against (the call's world) and what it republished.
#pragma once

#include <nlohmann/json.hpp>

#include "program/figure_publisher.h"
#include "program/model_service.h"
#include "server/api.h"

namespace gemis::server {

// The signed-in user and the client's address.
program::Actor ActorOf(const Call& c);

// The world's hierarchy, metadata and plans, and its today.
program::ModelContext RecordContext(const Call& c);

// What republishing the figures did, for a change's answer: {written,
// unchanged, removed, conflicts}.
nlohmann::json FiguresJson(const program::PublishReport& r);

}  // namespace gemis::server
