// What every request reads and few change: the hierarchy with its history,
// the metadata, the plans, the roles and the scope index, loaded together as
// one immutable World. A request pins the current World (a shared_ptr), so
// it never sees half of a change; a change made through the API, or by the
// command line in another process (seen through the store's structure
// generation and the stored roles, checked at most once a second), builds
// the next World and publishes it. Plans changed by another process are not
// seen until the next structure change or the next day (the store keeps no
// counter of them).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "access/authority.h"
#include "access/scope.h"
#include "core/clock.h"
#include "core/hierarchy.h"
#include "core/metadata.h"
#include "core/plan_book.h"
#include "store/store.h"

namespace gemis::server {

struct World {
  Hierarchy hierarchy;
  Metadata metadata;
  PlanBook plans;
  std::vector<access::Role> roles;
  int64_t structure_generation = 0;
  Date today;
  // Over `hierarchy` (so a World is never copied or moved once made).
  std::unique_ptr<access::ScopeIndex> scopes;

  World() = default;
  World(const World&) = delete;
  World& operator=(const World&) = delete;
};

class WorldCache {
 public:
  WorldCache(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Loads the first World. kIoError/kCorruption from the store.
  Status Load();
  // The current World, reloaded first when the store's structure changed
  // (checked at most once a second) or the Vietnamese day changed.
  std::shared_ptr<const World> Get();
  // Whether Get() would answer without reading the store (checked less than
  // a second ago).
  bool Fresh() const;
  // Reloads now (after a change made through the API).
  Status Reload();

 private:
  Result<std::shared_ptr<const World>> Build();

  store::Store& store_;
  const Clock& clock_;
  std::mutex mutex_;  // guards current_ and serialises reloads
  std::shared_ptr<const World> current_;
  std::atomic<int64_t> next_check_ms_{0};
};

}  // namespace gemis::server
