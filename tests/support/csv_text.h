// CSV text as the commands print it, split into rows and fields, for tests
// that compare a report's CSV with something else.
#pragma once

#include <string>
#include <vector>

namespace gemis::test_support {

using CsvRows = std::vector<std::vector<std::string>>;

// RFC 4180: quoted fields with "" for a quote, LF or CRLF line ends; a
// final line break ends the last row.
CsvRows ParseCsvText(const std::string& text);

}  // namespace gemis::test_support
