// Metadata and periods: /api/dataElements, /api/indicators,
// /api/categoryCombos (with their option combos), /api/dataSets and
// /api/periods (the periods of a type in a year, for forms and pickers).
// A partner agency with content areas sees only its elements.
#include "core/period_type.h"
#include "server/api.h"

namespace gemis::server {

namespace {

using access::Authority;
using nlohmann::json;

std::string Name(const Call& c, const std::string& vi, const std::string& en) {
  return c.lang == Lang::kEn && !en.empty() ? en : vi;
}

Response DataElements(Call& c) {
  json out = json::array();
  for (const StoredElement& s : c.world->metadata.elements()) {
    if (!c.ElementAllowed(s.id)) continue;
    const DataElement& e = s.element;
    const StoredCombo* combo = c.world->metadata.Combo(s.combo_id);
    json j = {{"id", e.uid},
              {"code", e.code},
              {"name", Name(c, e.name, e.name_en)},
              {"shortName", e.short_name},
              {"valueType", ValueTypeName(e.value_type)},
              {"aggregationType", AggregationTypeName(e.aggregation_type)},
              {"categoryCombo", combo ? combo->combo.uid : ""}};
    if (e.unit) j["unit"] = *e.unit;
    out.push_back(std::move(j));
  }
  return c.Json({{"dataElements", out}});
}

Response Indicators(Call& c) {
  json out = json::array();
  // An indicator may combine elements of several areas: none for a user
  // limited to content areas.
  if (c.principal().content_areas.empty() || c.principal().system) {
    for (const StoredIndicator& s : c.world->metadata.indicators()) {
      const Indicator& i = s.indicator;
      out.push_back({{"id", i.uid},
                     {"code", i.code},
                     {"name", Name(c, i.name, i.name_en)},
                     {"numerator", i.numerator},
                     {"denominator", i.denominator},
                     {"factor", i.factor},
                     {"unit", i.unit}});
    }
  }
  return c.Json({{"indicators", out}});
}

Response CategoryCombos(Call& c) {
  json out = json::array();
  for (const StoredCombo& s : c.world->metadata.combos()) {
    json categories = json::array();
    for (const Category& cat : s.combo.categories) {
      json options = json::array();
      for (const CategoryOption& o : cat.options) {
        options.push_back({{"id", o.uid}, {"code", o.code}, {"name", Name(c, o.name, o.name_en)}});
      }
      categories.push_back({{"id", cat.uid},
                            {"code", cat.code},
                            {"name", Name(c, cat.name, cat.name_en)},
                            {"options", options}});
    }
    json combos = json::array();
    for (MetadataId id : s.option_combo_ids) {
      if (const StoredOptionCombo* oc = c.world->metadata.OptionCombo(id)) {
        combos.push_back({{"id", oc->option_combo.uid},
                          {"code", oc->option_combo.code},
                          {"name", oc->option_combo.name}});
      }
    }
    out.push_back({{"id", s.combo.uid},
                   {"code", s.combo.code},
                   {"name", Name(c, s.combo.name, s.combo.name_en)},
                   {"attribute", s.combo.is_attribute},
                   {"categories", categories},
                   {"optionCombos", combos}});
  }
  return c.Json({{"categoryCombos", out}});
}

Response DataSets(Call& c) {
  json out = json::array();
  for (const StoredDataSet& s : c.world->metadata.data_sets()) {
    bool allowed = true;
    for (MetadataId id : s.element_ids) allowed = allowed && c.ElementAllowed(id);
    if (!allowed) continue;
    const DataSet& d = s.data_set;
    json units = json::array();
    for (const DataSetOrgUnit& u : d.org_units) {
      if (!c.CanView(u.unit)) continue;
      units.push_back({{"id", UnitUid(*c.world, u.unit)}, {"descendants", u.descendants}});
    }
    out.push_back({{"id", d.uid},
                   {"code", d.code},
                   {"name", Name(c, d.name, d.name_en)},
                   {"periodType", PeriodTypeName(d.period_type)},
                   {"dataElements", d.data_elements},
                   {"orgUnits", units},
                   {"openFuturePeriods", d.open_future_periods},
                   {"expiryDays", d.expiry_days}});
  }
  return c.Json({{"dataSets", out}});
}

// type (Yearly, Quarterly, Monthly, …; default Yearly) and year (default
// this year): every period of the type that starts in the year.
Response Periods(Call& c) {
  PeriodType type = PeriodType::kYearly;
  if (auto t = c.target.Get("type")) {
    Result<PeriodType> parsed = ParsePeriodType(*t);
    if (!parsed.ok())
      return c.FromStatus(Status::Invalid(parsed.status().message(), {"", 0, 0, "type"}));
    type = *parsed;
  }
  int year = c.world->today.year();
  if (auto y = c.target.Get("year")) {
    Result<Period> p = Period::Parse(*y);
    if (!p.ok() || p->type() != PeriodType::kYearly) {
      return c.FromStatus(Status::Invalid("year must be a year such as 2025", {"", 0, 0, "year"}));
    }
    year = p->start().year();
  }
  Result<Period> p = Period::Containing(type, Date::FromYmd(year, 1, 1));
  if (!p.ok()) return c.FromStatus(Status::Invalid(p.status().message(), {"", 0, 0, "type"}));
  json out = json::array();
  for (int guard = 0; guard < 400 && p.ok() && p->start().year() <= year; ++guard) {
    if (p->start().year() == year) {
      out.push_back(
          {{"id", p->ToString()}, {"start", p->start().ToString()}, {"end", p->end().ToString()}});
    }
    p = p->Next();
  }
  return c.Json({{"periodType", PeriodTypeName(type)}, {"year", year}, {"periods", out}});
}

}  // namespace

void AddMetadataRoutes(Router& r) {
  using A = Authority;
  r.Add({http::verb::get, "/api/dataElements", true, A::kReadMetadata, DataElements, true});
  r.Add({http::verb::get, "/api/indicators", true, A::kReadMetadata, Indicators, true});
  r.Add({http::verb::get, "/api/categoryCombos", true, A::kReadMetadata, CategoryCombos, true});
  r.Add({http::verb::get, "/api/dataSets", true, A::kReadMetadata, DataSets, true});
  r.Add({http::verb::get, "/api/periods", true, A::kReadMetadata, Periods, true});
}

}  // namespace gemis::server
