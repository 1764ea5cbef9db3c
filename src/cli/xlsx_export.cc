#include "cli/xlsx_export.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <string_view>
#include <utility>

namespace gemis::cli {

void AddOutputOption(CLI::App& command, std::string& output) {
  command.add_option("-o,--output", output,
                     "Tệp kết quả, bắt buộc với --format xlsx hoặc pdf / output file, required "
                     "with --format xlsx or pdf");
}

Status CheckOutputOption(const std::string& format, const std::string& output) {
  if (format != "xlsx" && format != "pdf") {
    if (!output.empty()) {
      return Status::Usage("--output is only for --format xlsx or pdf (the " + format +
                           " format prints to stdout)");
    }
    return Status::Ok();
  }
  if (output.empty() || output == "-") {
    return Status::Usage("--format " + format +
                         " writes a binary file, never to stdout: give --output FILE." + format);
  }
  struct stat st {};
  if (::stat(output.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    return Status::Usage("--output '" + output +
                         "' is not a regular file (a workbook is never written to a terminal, "
                         "a pipe or a directory)");
  }
  return Status::Ok();
}

Status WriteWorkbook(std::vector<exchange::XlsxSheet> sheets, const std::string& output,
                     Lang lang) {
  exchange::XlsxWorkbook workbook;
  workbook.sheets = std::move(sheets);
  GEMIS_RETURN_IF_ERROR(exchange::WriteXlsx(workbook, output));
  std::cerr << Message(MessageId::kXlsxWritten, lang) << " " << output << "\n";
  return Status::Ok();
}

}  // namespace gemis::cli
