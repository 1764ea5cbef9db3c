#include "support/hierarchy_fixtures.h"

#include <algorithm>
#include <cassert>
#include <sstream>

#include "core/uid.h"

namespace gemis::fixtures {

namespace {

const char* UnitTypeOf(OrgUnitLevel level) {
  switch (level) {
    case OrgUnitLevel::kCentre: return "";
    case OrgUnitLevel::kProvince: return "Tỉnh";
    case OrgUnitLevel::kDistrict: return "Huyện";
    case OrgUnitLevel::kCommune: return "Xã";
    case OrgUnitLevel::kVillage: return "Thôn";
  }
  return "";
}

std::string DateText(const std::optional<Date>& d) { return d ? d->ToString() : "-"; }

using L = OrgUnitLevel;

void AddProvincesAndDistricts(HierarchyParts& parts) {
  using namespace lc;
  Date end = Day("2025-06-30");
  Date reform = Day("2025-07-01");
  OrgUnitVersion centre = Version(L::kCentre, "", "Việt Nam", std::nullopt);
  centre.approximate_from = true;
  parts.units.push_back(Unit(kVietNam, {centre}));
  parts.units.push_back(Unit(kOldLaoCai, {Version(L::kProvince, "10", "Lào Cai", kVietNam, {}, end)}));
  parts.units.push_back(Unit(kYenBai, {Version(L::kProvince, "15", "Yên Bái", kVietNam, {}, end)}));
  parts.units.push_back(Unit(kNewLaoCai, {Version(L::kProvince, "15", "Lào Cai", kVietNam, reform)}));
  parts.units.push_back(Unit(kCityLaoCai, {Version(L::kDistrict, "080", "Lào Cai", kOldLaoCai, {}, end)}));
  parts.units.push_back(Unit(kCityYenBai, {Version(L::kDistrict, "132", "Yên Bái", kYenBai, {}, end)}));
}

void AddCommunes(HierarchyParts& parts) {
  using namespace lc;
  Date end = Day("2025-06-30");
  Date reform = Day("2025-07-01");
  auto old_commune = [&](OrgUnitId id, const char* code, const char* name, OrgUnitId district,
                         std::optional<Date> to) {
    parts.units.push_back(Unit(id, {Version(L::kCommune, code, name, district, {}, to)}));
  };
  old_commune(kCocLeu, "02638", "Cốc Lếu", kCityLaoCai, end);
  old_commune(kKimTan, "02641", "Kim Tân", kCityLaoCai, end);
  old_commune(kNguyenThaiHoc, "04246", "Nguyễn Thái Học", kCityYenBai, end);
  old_commune(kTuyLoc, "04270", "Tuy Lộc", kCityYenBai, end);
  old_commune(kMinhBao, "04273", "Minh Bảo", kCityYenBai, end);
  old_commune(kYenThinh, "04255", "Yên Thịnh", kCityYenBai, Day("2019-12-31"));
  old_commune(kHongHa, "04249", "Hồng Hà", kCityYenBai, Day("2019-12-31"));
  parts.units.push_back(
      Unit(kBaoHa, {Version(L::kCommune, "02800", "Xuân Quang", kCityLaoCai, {}, Day("2024-04-30")),
                    Version(L::kCommune, "02800", "Bảo Hà", kCityLaoCai, Day("2024-05-01"), end),
                    Version(L::kCommune, "02800", "Bảo Hà", kNewLaoCai, reform)}));
  parts.units.push_back(Unit(kWardLaoCai, {Version(L::kCommune, "02638", "Lào Cai", kNewLaoCai, reform)}));
  parts.units.push_back(Unit(kWardYenBai, {Version(L::kCommune, "04246", "Yên Bái", kNewLaoCai, reform)}));
  parts.units.push_back(Unit(kVanPhu, {Version(L::kCommune, "04270", "Văn Phú", kNewLaoCai, reform)}));
  parts.units.push_back(Unit(kVillageMinhTien, {Version(L::kVillage, "", "Minh Tiến", kMinhBao)}));
  parts.units.push_back(Unit(kResidentialGroup5, {Version(L::kVillage, "", "Tổ 5", kCocLeu)}));
  for (OrgUnitId ward : {kCocLeu, kKimTan, kNguyenThaiHoc, kMinhBao, kWardLaoCai, kWardYenBai}) {
    parts.unit(ward).versions[0].unit_type = "Phường";
  }
}

void AddEventsAndLinks(HierarchyParts& parts) {
  using namespace lc;
  using K = OrgUnitEventKind;
  Date y2020 = Day("2020-01-01");
  Date reform = Day("2025-07-01");
  parts.events = {Event(kHongHaMerge, K::kMerge, y2020, {kNguyenThaiHoc}),
                  Event(kYenThinhSplit, K::kSplit, y2020, {kYenThinh}),
                  Event(kBaoHaRename, K::kRename, Day("2024-05-01"), {kBaoHa}),
                  Event(kProvinceMerge, K::kMerge, reform, {kNewLaoCai}),
                  Event(kWardLaoCaiMerge, K::kMerge, reform, {kWardLaoCai}),
                  Event(kWardYenBaiMerge, K::kMerge, reform, {kWardYenBai}),
                  Event(kTuyLocSplit, K::kSplit, reform, {kTuyLoc}),
                  Event(kMinhBaoSplit, K::kSplit, reform, {kMinhBao}),
                  Event(kBaoHaMove, K::kMove, reform, {kBaoHa}),
                  Event(kDistrictsClosed, K::kClose, reform, {kCityLaoCai, kCityYenBai})};
  parts.links = {Link(kHongHaMerge, kHongHa, kNguyenThaiHoc, 1.0),
                 Link(kYenThinhSplit, kYenThinh, kTuyLoc, 0.5),
                 Link(kYenThinhSplit, kYenThinh, kNguyenThaiHoc, 0.5),
                 Link(kProvinceMerge, kOldLaoCai, kNewLaoCai, 1.0),
                 Link(kProvinceMerge, kYenBai, kNewLaoCai, 1.0),
                 Link(kWardLaoCaiMerge, kCocLeu, kWardLaoCai, 1.0),
                 Link(kWardLaoCaiMerge, kKimTan, kWardLaoCai, 1.0),
                 Link(kWardYenBaiMerge, kNguyenThaiHoc, kWardYenBai, 1.0),
                 Link(kTuyLocSplit, kTuyLoc, kWardYenBai, 0.3),
                 Link(kTuyLocSplit, kTuyLoc, kVanPhu, 0.7),
                 Link(kMinhBaoSplit, kMinhBao, kVanPhu, std::nullopt, /*designated=*/true),
                 Link(kMinhBaoSplit, kMinhBao, kWardYenBai, std::nullopt)};
  for (LineageLink& link : parts.links) {
    link.partial = link.share.value_or(0) < 1.0;
  }
}

}  // namespace

Date Day(std::string_view iso) {
  Result<Date> date = Date::Parse(iso);
  assert(date.ok());
  return *date;
}

OrgUnitVersion Version(OrgUnitLevel level, std::string code, std::string name,
                       std::optional<OrgUnitId> parent, std::optional<Date> from,
                       std::optional<Date> to) {
  OrgUnitVersion v;
  v.from = from;
  v.to = to;
  v.code = std::move(code);
  v.name = std::move(name);
  v.unit_type = UnitTypeOf(level);
  v.level = level;
  v.parent = parent;
  return v;
}

OrgUnit Unit(OrgUnitId id, std::vector<OrgUnitVersion> versions) {
  OrgUnit unit;
  unit.id = id;
  unit.uid = UidFromKey("unit-" + std::to_string(id));
  unit.versions = std::move(versions);
  return unit;
}

OrgUnitEvent Event(OrgUnitEventId id, OrgUnitEventKind kind, Date effective,
                   std::vector<OrgUnitId> units) {
  OrgUnitEvent event;
  event.id = id;
  event.kind = kind;
  event.effective = effective;
  event.units = std::move(units);
  return event;
}

LineageLink Link(OrgUnitEventId event, OrgUnitId predecessor, OrgUnitId successor,
                 std::optional<double> share, bool designated) {
  return LineageLink{event, predecessor, successor, share, designated, false};
}

OrgUnit& HierarchyParts::unit(OrgUnitId id) {
  auto it = std::find_if(units.begin(), units.end(), [id](const OrgUnit& u) { return u.id == id; });
  assert(it != units.end());
  return *it;
}

Result<Hierarchy> HierarchyParts::Build() const { return Hierarchy::Build(units, events, links); }

HierarchyParts MinimalParts() {
  HierarchyParts parts;
  parts.units.push_back(Unit(1, {Version(L::kCentre, "", "Việt Nam", std::nullopt)}));
  parts.units.push_back(Unit(2, {Version(L::kProvince, "01", "Hà Nội", 1)}));
  parts.units.push_back(Unit(3, {Version(L::kDistrict, "001", "Ba Đình", 2)}));
  parts.units.push_back(Unit(4, {Version(L::kCommune, "00001", "Phúc Xá", 3)}));
  return parts;
}

HierarchyParts LaoCaiHistory() {
  HierarchyParts parts;
  AddProvincesAndDistricts(parts);
  AddCommunes(parts);
  AddEventsAndLinks(parts);
  return parts;
}

std::string Fingerprint(const Hierarchy& hierarchy) {
  std::ostringstream out;
  std::vector<const OrgUnit*> units;
  for (const OrgUnit& unit : hierarchy.units()) units.push_back(&unit);
  std::sort(units.begin(), units.end(), [](auto* a, auto* b) { return a->id < b->id; });
  for (const OrgUnit* unit : units) {
    out << "unit " << unit->id << ' ' << unit->uid << '\n';
    for (const OrgUnitVersion& v : unit->versions) {
      out << "  " << DateText(v.from) << ".." << DateText(v.to) << ' ' << v.code << ' '
          << v.FullName() << ' ' << LevelName(v.level) << " parent "
          << (v.parent ? std::to_string(*v.parent) : "-") << (v.approximate_from ? " ~" : "")
          << '\n';
    }
  }
  for (const OrgUnitEvent& e : hierarchy.events()) {
    out << "event " << e.id << ' ' << EventKindName(e.kind) << ' ' << e.effective.ToString();
    for (OrgUnitId id : e.units) out << ' ' << id;
    out << '\n';
  }
  for (const LineageLink& l : hierarchy.links()) {
    out << "link " << l.event << ' ' << l.predecessor << "->" << l.successor << ' '
        << (l.share ? std::to_string(*l.share) : "-") << (l.designated ? " designated" : "")
        << '\n';
  }
  return out.str();
}

}  // namespace gemis::fixtures
