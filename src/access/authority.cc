#include "access/authority.h"

#include <array>

namespace gemis::access {

namespace {

constexpr std::array<std::string_view, kAuthorityCount> kNames = {
    "read_metadata",
    "read_data",
    "enter_data",
    "edit_targets",
    "allocate",
    "approve",
    "import",
    "export",
    "manage_metadata",
    "manage_org_units",
    "manage_users",
    "read_audit",
    "read_confidential",
    "grant_confidential",
    "read_personal",
    "manage_privacy",
};

}  // namespace

std::string_view AuthorityName(Authority a) { return kNames[static_cast<size_t>(a)]; }

Result<Authority> ParseAuthority(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Authority>(i);
  }
  std::string known;
  for (std::string_view n : kNames) {
    if (!known.empty()) known += ", ";
    known += n;
  }
  return Status::Invalid("unknown authority '" + std::string(name) + "' (known: " + known + ")",
                         {"", 0, 0, "authority"});
}

std::vector<Authority> AllAuthorities() {
  std::vector<Authority> out;
  for (int i = 0; i < kAuthorityCount; ++i) out.push_back(static_cast<Authority>(i));
  return out;
}

bool IsSensitive(Authority a) {
  return a == Authority::kReadConfidential || a == Authority::kGrantConfidential ||
         a == Authority::kManagePrivacy;
}

AuthoritySet SensitiveAuthorities() {
  return MakeSet(
      {Authority::kReadConfidential, Authority::kGrantConfidential, Authority::kManagePrivacy});
}

AuthoritySet MakeSet(std::initializer_list<Authority> list) {
  AuthoritySet set;
  for (Authority a : list) Add(set, a);
  return set;
}

std::string FormatAuthorities(const AuthoritySet& set) {
  std::string out;
  for (int i = 0; i < kAuthorityCount; ++i) {
    if (!set.test(static_cast<size_t>(i))) continue;
    if (!out.empty()) out += ',';
    out += kNames[static_cast<size_t>(i)];
  }
  return out;
}

Result<AuthoritySet> ParseAuthorities(std::string_view text) {
  AuthoritySet set;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) {
      GEMIS_ASSIGN_OR_RETURN(Authority a, ParseAuthority(item));
      Add(set, a);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return set;
}

Status CheckRoleCode(std::string_view code) {
  bool ok = code.size() >= 2 && code.size() <= 40 && code[0] >= 'a' && code[0] <= 'z';
  for (char c : code) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  }
  if (ok) return Status::Ok();
  return Status::Invalid("role code '" + std::string(code) +
                             "' must be 2 to 40 of a-z, 0-9 and _, starting with a letter",
                         {"", 0, 0, "code"});
}

Status CheckRole(const Role& role) {
  GEMIS_RETURN_IF_ERROR(CheckRoleCode(role.code));
  if (role.name.empty()) return Status::Invalid("a role needs a name", {"", 0, 0, "name"});
  if (role.authorities.none()) {
    return Status::Invalid("role '" + role.code + "' has no authority", {"", 0, 0, "authorities"});
  }
  return Status::Ok();
}

const std::vector<Role>& BuiltinRoles() {
  using A = Authority;
  static const std::vector<Role> kRoles = [] {
    // Officers pay (communes) or supervise (districts, provinces) the support
    // packages: they see who the beneficiaries are. Partner agencies and
    // viewers see the registers without names (docs/confidentiality.md).
    AuthoritySet officer =
        MakeSet({A::kReadMetadata, A::kReadData, A::kEnterData, A::kExport, A::kReadPersonal});
    AuthoritySet upper = officer;
    for (A a :
         {A::kEditTargets, A::kAllocate, A::kApprove, A::kImport, A::kManageUsers, A::kReadAudit}) {
      Add(upper, a);
    }
    AuthoritySet admin;
    for (A a : AllAuthorities()) {
      if (!IsSensitive(a)) Add(admin, a);
    }
    return std::vector<Role>{
        {0, "admin", "Quản trị trung ương", "Central administrator", admin, true},
        {0, "province_officer", "Cán bộ cấp tỉnh", "Province officer", upper, true},
        {0, "district_officer", "Cán bộ cấp huyện", "District officer", upper, true},
        {0, "commune_officer", "Cán bộ cấp xã", "Commune officer", officer, true},
        {0, "partner_agency", "Cơ quan phối hợp", "Partner agency",
         MakeSet({A::kReadMetadata, A::kReadData, A::kEnterData}), true},
        {0, "viewer", "Người xem, kiểm tra", "Viewer and auditor",
         MakeSet({A::kReadMetadata, A::kReadData, A::kReadAudit}), true},
        {0, "data_protection", "Bảo vệ dữ liệu cá nhân", "Data protection officer",
         MakeSet({A::kReadMetadata, A::kReadAudit, A::kManageUsers, A::kGrantConfidential,
                  A::kManagePrivacy}),
         true},
    };
  }();
  return kRoles;
}

const Role* FindBuiltinRole(std::string_view code) {
  for (const Role& r : BuiltinRoles()) {
    if (r.code == code) return &r;
  }
  return nullptr;
}

}  // namespace gemis::access
