#include "exchange/xlsx_writer.h"

#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>
#include <tuple>

#include "exchange/xlsx_sheet_writer.h"

namespace gemis::exchange {

XlsxCell XlsxCell::Text(std::string text, int indent) {
  XlsxCell cell;
  cell.type = Type::kText;
  cell.text = std::move(text);
  cell.indent = std::clamp(indent, 0, 15);
  return cell;
}

XlsxCell XlsxCell::Integer(int64_t value) {
  // Excel keeps 15 significant digits: a longer integer would change.
  constexpr int64_t kExact = 999'999'999'999'999;
  if (value > kExact || value < -kExact) return Text(std::to_string(value));
  XlsxCell cell;
  cell.type = Type::kInteger;
  cell.number = static_cast<double>(value);
  return cell;
}

XlsxCell XlsxCell::Decimal(double value, int decimals) {
  XlsxCell cell;
  cell.type = Type::kDecimal;
  cell.number = value;
  cell.decimals = std::clamp(decimals, 0, 10);
  return cell;
}

XlsxCell XlsxCell::Money(int64_t dong) {
  XlsxCell cell = Integer(dong);
  if (cell.type == Type::kInteger) cell.type = Type::kMoney;
  return cell;
}

XlsxCell XlsxCell::Percent(double fraction, int decimals) {
  XlsxCell cell;
  cell.type = Type::kPercent;
  cell.number = fraction;
  cell.decimals = std::clamp(decimals, 0, 10);
  return cell;
}

namespace {

std::string ErrnoText(int error) {
  return std::error_code(error, std::generic_category()).message();
}

// libxlsxwriter's own temporary files go where ours do.
std::string TempDir() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

void SetProperties(lxw_workbook* wb, const XlsxWorkbook& model) {
  std::string title = model.title;
  if (title.empty() && !model.sheets.empty() && !model.sheets[0].titles.empty()) {
    title = model.sheets[0].titles[0];
  }
  std::string author = model.author.empty() ? "gemis" : model.author;
  lxw_doc_properties properties = {};
  properties.title = title.data();
  properties.author = author.data();
  properties.created = static_cast<time_t>(model.created_unix);
  workbook_set_properties(wb, &properties);  // copies the strings
}

Status AddSheets(lxw_workbook* wb, const XlsxWorkbook& model, const std::string& shown) {
  if (model.sheets.empty()) {
    return Status::Invalid("an Excel workbook needs at least one sheet", {shown});
  }
  std::vector<std::string> names;
  for (const XlsxSheet& sheet : model.sheets) names.push_back(sheet.name);
  names = UniqueSheetNames(names);
  XlsxFormats formats(wb);
  for (size_t i = 0; i < model.sheets.size(); ++i) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, names[i].c_str());
    if (ws == nullptr) {
      return Status::Internal("libxlsxwriter refused the sheet name '" + names[i] + "'");
    }
    XlsxSheetWriter writer(ws, formats, model.sheets[i], names[i], shown);
    GEMIS_RETURN_IF_ERROR(writer.Write());
  }
  SetProperties(wb, model);
  return Status::Ok();
}

// Writes the workbook to `file` (created or truncated); errors name `shown`.
Status WriteWorkbookFile(const XlsxWorkbook& model, const std::string& file,
                         const std::string& shown) {
  std::string tmpdir = TempDir();
  lxw_workbook_options options = {};
  options.tmpdir = tmpdir.data();
  lxw_workbook* wb = workbook_new_opt(file.c_str(), &options);
  if (wb == nullptr) return Status::Io("cannot start an Excel workbook (out of memory)", {shown});
  Status built = AddSheets(wb, model, shown);
  if (!built.ok()) {
    lxw_workbook_free(wb);  // nothing written
    return built;
  }
  const lxw_error error = workbook_close(wb);  // writes the file and frees wb
  if (error != LXW_NO_ERROR) {
    return Status::Io(std::string("cannot write the Excel workbook: ") + lxw_strerror(error),
                      {shown});
  }
  return Status::Ok();
}

}  // namespace

Status WriteXlsx(const XlsxWorkbook& workbook, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ignored;
  // A symbolic link is followed: the workbook replaces the file it names.
  const std::string target =
      fs::is_symlink(path, ignored) ? fs::weakly_canonical(path, ignored).string() : path;
  const fs::file_status existing = fs::status(target, ignored);
  if (fs::exists(existing) && !fs::is_regular_file(existing)) {
    return Status::Io("not a regular file; a workbook only replaces a file", {path});
  }
  static std::atomic<unsigned> counter{0};
  const std::string tmp = target + ".gemis-" + std::to_string(::getpid()) + "-" +
                          std::to_string(counter.fetch_add(1)) + ".tmp";
  // Created here first, so that an unwritable place is reported with the
  // system's reason rather than libxlsxwriter's generic one.
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return Status::Io("cannot create the Excel file: " + ErrnoText(errno), {path});
  ::close(fd);
  Status status = WriteWorkbookFile(workbook, tmp, path);
  if (status.ok() && std::rename(tmp.c_str(), target.c_str()) != 0) {
    status = Status::Io("cannot replace the Excel file: " + ErrnoText(errno), {path});
  }
  if (!status.ok()) std::remove(tmp.c_str());
  return status;
}

Result<std::string> WriteXlsxToString(const XlsxWorkbook& workbook) {
  std::string name = TempDir() + "/gemis-xlsx-XXXXXX";
  const int fd = ::mkstemp(name.data());
  if (fd < 0) {
    return Status::Io("cannot create a temporary file: " + ErrnoText(errno), {name});
  }
  ::close(fd);
  Status status = WriteWorkbookFile(workbook, name, name);
  std::string bytes;
  if (status.ok()) {
    std::ifstream in(name, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    if (!in || !out) status = Status::Io("cannot read back the Excel workbook", {name});
    bytes = std::move(out).str();
  }
  std::remove(name.c_str());
  if (!status.ok()) return status;
  return bytes;
}

}  // namespace gemis::exchange
