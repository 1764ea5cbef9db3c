#include "server/record_calls.h"

namespace gemis::server {

program::Actor ActorOf(const Call& c) {
  return {c.identity->user.id, c.identity->user.username, c.ctx.remote_address};
}

program::ModelContext RecordContext(const Call& c) {
  return {c.world->hierarchy, c.world->metadata, c.world->plans, c.world->today};
}

nlohmann::json FiguresJson(const program::PublishReport& r) {
  return {{"written", r.written},
          {"unchanged", r.unchanged},
          {"removed", r.removed},
          {"conflicts", r.conflicts.size()}};
}

}  // namespace gemis::server
