#include "server/world.h"

#include <algorithm>

namespace gemis::server {

namespace {

bool SameRoles(const std::vector<access::Role>& a, const std::vector<access::Role>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const access::Role& x, const access::Role& y) {
                      return x.id == y.id && x.code == y.code && x.authorities == y.authorities;
                    });
}

}  // namespace

Result<std::shared_ptr<const World>> WorldCache::Build() {
  auto world = std::make_shared<World>();
  Status status = store_.Read([&](store::ReadTransaction& txn) -> Status {
    GEMIS_ASSIGN_OR_RETURN(world->structure_generation, txn.StructureGeneration());
    GEMIS_ASSIGN_OR_RETURN(world->hierarchy, txn.LoadHierarchy());
    GEMIS_ASSIGN_OR_RETURN(world->metadata, txn.LoadMetadata());
    GEMIS_ASSIGN_OR_RETURN(world->plans, txn.LoadPlanBook());
    GEMIS_ASSIGN_OR_RETURN(world->roles, txn.LoadRoles());
    return Status::Ok();
  });
  if (!status.ok()) return status;
  world->today = VietnamToday(clock_);
  world->scopes = std::make_unique<access::ScopeIndex>(world->hierarchy, world->today);
  return std::shared_ptr<const World>(std::move(world));
}

Status WorldCache::Load() { return Reload(); }

Status WorldCache::Reload() {
  std::lock_guard lock(mutex_);
  GEMIS_ASSIGN_OR_RETURN(std::shared_ptr<const World> next, Build());
  current_ = std::move(next);
  next_check_ms_ = clock_.NowMillis() + 1000;
  return Status::Ok();
}

bool WorldCache::Fresh() const {
  return clock_.NowMillis() < next_check_ms_.load(std::memory_order_relaxed);
}

std::shared_ptr<const World> WorldCache::Get() {
  int64_t now = clock_.NowMillis();
  if (now >= next_check_ms_.load(std::memory_order_relaxed)) {
    std::lock_guard lock(mutex_);
    if (now >= next_check_ms_.load()) {
      int64_t generation = -1;
      std::vector<access::Role> roles;
      Status status = store_.Read([&](store::ReadTransaction& txn) -> Status {
        GEMIS_ASSIGN_OR_RETURN(generation, txn.StructureGeneration());
        // Roles are not counted by the structure generation, and a role
        // changed by the command line (an authority taken away) must not
        // keep working here: the few rows are compared each time.
        GEMIS_ASSIGN_OR_RETURN(roles, txn.LoadRoles());
        return Status::Ok();
      });
      bool stale = !status.ok() || !current_ || generation != current_->structure_generation ||
                   VietnamDay(now) != current_->today || !SameRoles(roles, current_->roles);
      if (stale) {
        // On a failed rebuild the old World keeps serving; the next check
        // tries again.
        Result<std::shared_ptr<const World>> next = Build();
        if (next.ok()) current_ = std::move(next).value();
      }
      // Set once the check is done, so Fresh() is false while it runs (an
      // io thread does not wait here for a reload; Api::RunInline).
      next_check_ms_ = now + 1000;
    }
  }
  std::lock_guard lock(mutex_);
  return current_;
}

}  // namespace gemis::server
