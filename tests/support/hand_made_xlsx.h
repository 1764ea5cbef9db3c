// Workbooks written by hand, part by part, for what libxlsxwriter does not
// write (error cells, odd relationships, 1904 dates): the parts zipped with
// libzip. Header-only, like xlsx_package.h: only the test executables
// linking gemis_exchange (exchange_tests, cli_tests) have libzip.
#pragma once

#include <gtest/gtest.h>
#include <zip.h>

#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "support/temp_dir.h"

namespace gemis::test_support {

inline std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct Part {
  std::string name;
  std::string data;
};

// A zip archive of `parts` (deflated, fast), the one named `encrypt` encrypted
// with AES-256, the one named `store` stored uncompressed.
inline std::string Zip(const std::vector<Part>& parts, const std::string& encrypt = "",
                       const std::string& store = "") {
  TempDir dir;
  std::string path = dir.File("t.zip");
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(zip, nullptr);
  if (zip == nullptr) return "";
  for (const Part& part : parts) {
    zip_source_t* source = zip_source_buffer(zip, part.data.data(), part.data.size(), 0);
    zip_int64_t index = zip_file_add(zip, part.name.c_str(), source, ZIP_FL_ENC_UTF_8);
    EXPECT_GE(index, 0) << part.name;
    // Level 1: the zip bombs below deflate 64 MiB.
    EXPECT_EQ(zip_set_file_compression(zip, static_cast<zip_uint64_t>(index),
                                       part.name == store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                       part.name == store ? 0 : 1),
              0);
    if (part.name == encrypt) {
      EXPECT_EQ(zip_file_set_encryption(zip, static_cast<zip_uint64_t>(index), ZIP_EM_AES_256,
                                        "mật khẩu"),
                0);
    }
  }
  EXPECT_EQ(zip_close(zip), 0) << zip_strerror(zip);
  return ReadBytes(path);
}

inline constexpr char kNamespaces[] =
    R"( xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main")"
    R"( xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
inline constexpr char kDeclaration[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

inline std::string SheetXml(const std::string& rows, const std::string& after = "") {
  return std::string(kDeclaration) + "<worksheet" + kNamespaces + "><sheetData>" + rows +
         "</sheetData>" + after + "</worksheet>";
}

// A styles part: the custom formats (<numFmt> elements) and the numFmtId of
// each cell format, in order (cell style s=i uses xf_formats[i]).
inline std::string StylesXml(const std::string& num_fmts, const std::vector<int>& xf_formats) {
  std::string xfs;
  for (int id : xf_formats) xfs += "<xf numFmtId=\"" + std::to_string(id) + "\"/>";
  return std::string(kDeclaration) + "<styleSheet" + kNamespaces + "><numFmts>" + num_fmts +
         "</numFmts><cellXfs>" + xfs + "</cellXfs></styleSheet>";
}

// A workbook written by hand, part by part, for what libxlsxwriter does not
// write.
struct HandMade {
  std::vector<std::pair<std::string, std::string>> sheets{{"Sheet1", SheetXml("")}};
  std::optional<std::string> shared_strings;  // the <si> items; nullopt: no part
  std::optional<std::string> styles;          // the whole part; nullopt: no part
  std::string workbook_pr;                    // e.g. <workbookPr date1904="1"/>
  std::string target_prefix = "worksheets/";  // of the sheets' relationship targets
  std::vector<Part> extra;

  std::vector<Part> Parts() const {
    std::string sheet_list, relationships;
    std::vector<Part> parts;
    for (size_t i = 0; i < sheets.size(); ++i) {
      std::string n = std::to_string(i + 1);
      sheet_list +=
          "<sheet name=\"" + sheets[i].first + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
      relationships +=
          "<Relationship Id=\"rId" + n +
          "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
          "worksheet\" Target=\"" +
          target_prefix + "sheet" + n + ".xml\"/>";
      parts.push_back({"xl/worksheets/sheet" + n + ".xml", sheets[i].second});
    }
    if (shared_strings) {
      relationships +=
          R"(<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)";
      parts.push_back({"xl/sharedStrings.xml", std::string(kDeclaration) + "<sst" + kNamespaces +
                                                   ">" + *shared_strings + "</sst>"});
    }
    if (styles) {
      relationships +=
          R"(<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)";
      parts.push_back({"xl/styles.xml", *styles});
    }
    const std::string rels_open =
        std::string(kDeclaration) +
        R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
    parts.push_back(
        {"[Content_Types].xml",
         std::string(kDeclaration) +
             R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)"});
    parts.push_back(
        {"_rels/.rels",
         rels_open +
             R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)"});
    parts.push_back({"xl/workbook.xml", std::string(kDeclaration) + "<workbook" + kNamespaces +
                                            ">" + workbook_pr + "<sheets>" + sheet_list +
                                            "</sheets></workbook>"});
    parts.push_back({"xl/_rels/workbook.xml.rels", rels_open + relationships + "</Relationships>"});
    parts.insert(parts.end(), extra.begin(), extra.end());
    return parts;
  }
  std::string Bytes() const { return Zip(Parts()); }
};

}  // namespace gemis::test_support
