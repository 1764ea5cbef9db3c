#include "core/data_lock.h"

namespace gemis {

DataLock DataLock::Build(const Metadata& metadata, const std::vector<ReportType>& types,
                         const std::vector<Submission>& submissions) {
  DataLock lock;
  std::map<ReportTypeId, const ReportType*> by_id;
  for (const ReportType& t : types) by_id.emplace(t.id, &t);
  for (const Submission& s : submissions) {
    if (!DataLocked(s.state)) continue;
    auto t = by_id.find(s.type);
    if (t == by_id.end()) continue;
    const StoredDataSet* set = metadata.FindDataSet(t->second->data_set);
    if (set == nullptr) continue;
    for (MetadataId element : set->element_ids) {
      lock.locks_[{element, s.unit}].push_back({t->second->code, s.period, s.state});
    }
  }
  return lock;
}

const LockedBy* DataLock::Find(MetadataId element, OrgUnitId unit, const Period& period) const {
  auto it = locks_.find({element, unit});
  if (it == locks_.end()) return nullptr;
  for (const LockedBy& l : it->second) {
    if (l.period.Contains(period)) return &l;
  }
  return nullptr;
}

Status DataLock::Refusal(const LockedBy& lock) {
  return Status::Conflict("the report " + lock.type + " " + lock.period.ToString() +
                              " holding this value is " + SubmissionStateName(lock.state) +
                              "; its approver must unlock it before the value changes",
                          {"", 0, 0, "value"});
}

}  // namespace gemis
