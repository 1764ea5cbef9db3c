// The PDF writer, checked from the outside as a reader of the document
// would: a realistic Kon Tum annual report is rendered and read back with
// poppler-utils (pdftotext -layout for the text, pdffonts for the embedded
// fonts, pdfinfo for page sizes and the title, pdftoppm for the picture of
// page 1, decoded with cairo). poppler-utils is required: without it the
// tests fail saying to install it (scripts/install-deps --test).
//
// With GEMIS_DOCUMENTS_SAMPLE_DIR set, the report and the appendix are also
// written there (report.pdf, appendix.pdf) for docs/documents.md's sample.
#include "documents/pdf_writer.h"

#include <cairo.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "support/run_command.h"
#include "support/temp_dir.h"

namespace gemis::documents {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// ---- the document --------------------------------------------------------

const char* const kUnits[] = {
    "Phường Quyết Thắng", "Phường Thắng Lợi",    "Phường Quang Trung",   "Phường Thống Nhất",
    "Phường Duy Tân",     "Phường Lê Lợi",       "Phường Trần Hưng Đạo", "Phường Ngô Mây",
    "Phường Nguyễn Trãi", "Phường Trường Chinh", "Xã Đắk Blà",           "Xã Chư Hreng",
    "Xã Đắk Rơ Wa",       "Xã Hòa Bình",         "Xã Ia Chim",           "Xã Đắk Năng",
    "Xã Vinh Quang",      "Xã Kroong",           "Xã Ngọk Bay",          "Xã Đoàn Kết",
};
constexpr int kTableRows = 60;

Table MembersTable() {
  Table t;
  t.title = "Bảng 1. Kết quả thực hiện theo chi hội";
  t.columns = {{.header = "STT", .width = 0.6, .align = Align::kCentre},
               {.header = "Chi hội", .width = 3.4},
               {.header = "Số hội viên", .width = 1.3, .align = Align::kRight},
               {.header = "Số buổi truyền thông", .width = 1.5, .align = Align::kRight},
               {.header = "Kinh phí (đồng)", .width = 1.8, .align = Align::kRight}};
  int64_t members = 0, sessions = 0, money = 0;
  for (int i = 0; i < kTableRows; ++i) {
    std::string unit = std::string(kUnits[i % 20]) + " - chi hội " + std::to_string(i / 20 + 1);
    // A long name wraps inside its cell.
    if (i == 7) unit += " (chi hội phụ nữ dân tộc thiểu số Ba Na, làng Kon Klor 2)";
    const int64_t m = 100 + 7 * i, s = 2 + i % 5, k = 1'234'567 + 10'000 * i;
    members += m, sessions += s, money += k;
    t.rows.push_back({{TableCell::Text(std::to_string(i + 1)), TableCell::Text(unit),
                       TableCell::Integer(m), TableCell::Integer(s), TableCell::Integer(k)}});
  }
  t.rows.push_back({{TableCell::Text(""), TableCell::Text("Tổng cộng"), TableCell::Integer(members),
                     TableCell::Integer(sessions), TableCell::Integer(money)},
                    true});
  return t;
}

OfficialDocument KonTumAnnualReport() {
  OfficialDocument d;
  d.superior_body = "Hội LHPN tỉnh Kon Tum";
  d.issuing_body = "Ban Thường vụ Hội LHPN thành phố Kon Tum";
  d.number = "12";
  d.symbol = "BC-HLHPN";
  d.place = "Kon Tum";
  d.date = Date::FromYmd(2026, 1, 5);
  d.kind = "BÁO CÁO";
  d.summary = "Kết quả thực hiện Dự án 8 năm 2025";
  d.body = {
      Paragraph{"Thực hiện Kế hoạch số 288/KH-BCĐ của Ban Chỉ đạo các chương trình mục tiêu "
                "quốc gia tỉnh Kon Tum về thực hiện Dự án 8 \"Thực hiện bình đẳng giới và giải "
                "quyết những vấn đề cấp thiết đối với phụ nữ và trẻ em\", Ban Thường vụ Hội Liên "
                "hiệp Phụ nữ thành phố báo cáo kết quả thực hiện năm 2025 như sau:"},
      Heading{"I. KẾT QUẢ THỰC HIỆN", 1},
      Heading{"1. Tuyên truyền, vận động", 2},
      Paragraph{"Các cấp Hội đã tổ chức 214 buổi truyền thông tại cộng đồng, thu hút hơn "
                "6.800 lượt hội viên, phụ nữ tham gia; duy trì 21 tổ truyền thông cộng đồng ở "
                "các xã, phường có đông đồng bào dân tộc thiểu số sinh sống."},
      MembersTable(),
      Heading{"II. KHÓ KHĂN, VƯỚNG MẮC", 1},
      Paragraph{"Địa bàn rộng, giao thông đi lại khó khăn vào mùa mưa; một bộ phận hội viên "
                "chưa thông thạo tiếng Việt nên việc truyền thông cần có người phiên dịch."},
      Heading{"III. PHƯƠNG HƯỚNG NĂM 2026", 1},
      Paragraph{"Tiếp tục duy trì hoạt động của các tổ truyền thông cộng đồng, nhân rộng mô "
                "hình \"Địa chỉ tin cậy\" ở cộng đồng và nâng cao năng lực cho cán bộ Hội cơ sở."},
  };
  d.recipients = {"Hội LHPN tỉnh (b/c)", "Thường trực Thành ủy (b/c)", "Các cơ sở Hội", "Lưu: VT"};
  d.signature = {
      .authority = "TM. BAN THƯỜNG VỤ", .position = "CHỦ TỊCH", .signer = "Nguyễn Thị Thu Hà"};
  return d;
}

OfficialDocument LandscapeAppendix() {
  OfficialDocument d;
  d.issuing_body = "Ban Chỉ đạo các chương trình MTQG tỉnh Kon Tum";
  d.symbol = "KH-BCĐ";
  d.place = "Kon Tum";
  d.undated_year = 2024;
  d.kind = "PHỤ LỤC";
  d.summary = "Phân bổ chỉ tiêu Dự án 8 năm 2024";
  d.attachment_note = "(Kèm theo Kế hoạch số 288/KH-BCĐ ngày 15/3/2024 của Ban Chỉ đạo)";
  d.orientation = Orientation::kLandscape;
  Table t = MembersTable();
  t.rows.resize(5);
  d.body = {t};
  return d;
}

// ---- poppler-utils -------------------------------------------------------

std::string FindProgram(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::filesystem::path candidate = std::filesystem::path(dir) / name;
    if (!dir.empty() && access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

// Runs a poppler tool; fails the test when it is missing or fails.
std::string Poppler(const std::string& tool, std::vector<std::string> args) {
  const std::string program = FindProgram(tool);
  if (program.empty()) {
    ADD_FAILURE() << tool << " not found on PATH: install poppler-utils "
                  << "(scripts/install-deps --test)";
    return "";
  }
  args.insert(args.begin(), program);
  test_support::CommandResult r = test_support::RunCommand(args);
  EXPECT_EQ(r.exit_code, 0) << tool << ": " << r.err;
  return r.out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// pdftotext -layout of the whole file, split into pages at form feeds.
std::vector<std::string> PdfPages(const std::string& pdf) {
  const std::string txt = pdf + ".txt";
  Poppler("pdftotext", {"-layout", "-enc", "UTF-8", pdf, txt});
  std::vector<std::string> pages;
  std::stringstream text(ReadFile(txt));
  std::string page;
  while (std::getline(text, page, '\f')) pages.push_back(page);
  if (!pages.empty() && pages.back().find_first_not_of(" \n") == std::string::npos)
    pages.pop_back();
  return pages;
}

std::string FirstLine(const std::string& page) {
  std::stringstream lines(page);
  std::string line;
  while (std::getline(lines, line)) {
    const size_t begin = line.find_first_not_of(' ');
    if (begin != std::string::npos)
      return line.substr(begin, line.find_last_not_of(' ') - begin + 1);
  }
  return "";
}

// The text with every run of white space (line breaks, the spaces of
// justified lines and of -layout's columns) made one space: what a reader
// reads, independent of where lines break.
std::string Words(const std::string& text) {
  std::string words;
  std::stringstream split(text);
  for (std::string word; split >> word;) words += (words.empty() ? "" : " ") + word;
  return words;
}

// The value of "Key:" in pdfinfo's output ("Pages:", "Page size:", "Title:").
std::string PdfInfo(const std::string& pdf, const std::string& key) {
  std::stringstream lines(Poppler("pdfinfo", {pdf}));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(key + ":", 0) == 0) {
      const size_t value = line.find_first_not_of(' ', key.size() + 1);
      return value == std::string::npos ? "" : line.substr(value);
    }
  }
  return "";
}

// ---- the rendered report, shared by the tests ----------------------------

class RenderedReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test_support::TempDir();
    Result<std::string> pdf = RenderPdf(KonTumAnnualReport());
    ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
    path_ = new std::string(dir_->File("report.pdf"));
    WriteFile(*path_, *pdf);
    if (const char* sample = std::getenv("GEMIS_DOCUMENTS_SAMPLE_DIR")) {
      WriteFile(std::string(sample) + "/report.pdf", *pdf);
      Result<std::string> appendix = RenderPdf(LandscapeAppendix());
      if (appendix.ok()) WriteFile(std::string(sample) + "/appendix.pdf", *appendix);
    }
  }
  static void TearDownTestSuite() {
    delete path_;
    delete dir_;
  }
  static const std::string& Path() { return *path_; }

  static test_support::TempDir* dir_;
  static std::string* path_;
};
test_support::TempDir* RenderedReport::dir_ = nullptr;
std::string* RenderedReport::path_ = nullptr;

TEST_F(RenderedReport, StartsWithTheHeaderOfDecree30) {
  std::vector<std::string> pages = PdfPages(Path());
  ASSERT_FALSE(pages.empty());
  EXPECT_THAT(
      pages[0],
      AllOf(HasSubstr("HỘI LHPN TỈNH KON TUM"), HasSubstr("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            HasSubstr("Độc lập - Tự do - Hạnh phúc"), HasSubstr("Số: 12/BC-HLHPN"),
            HasSubstr("Kon Tum, ngày 05 tháng 01 năm 2026")));
  // The issuing body is printed in capitals, in two lines of about equal length.
  EXPECT_THAT(pages[0],
              AllOf(HasSubstr("BAN THƯỜNG VỤ HỘI LHPN "), HasSubstr(" THÀNH PHỐ KON TUM\n")));
  // The number and the date share a line.
  EXPECT_THAT(pages[0], testing::ContainsRegex("Số: 12/BC-HLHPN +Kon Tum, ngày 05"));
}

TEST_F(RenderedReport, PrintsTheTitleHeadingsAndParagraphsWithDiacritics) {
  std::vector<std::string> pages = PdfPages(Path());
  ASSERT_FALSE(pages.empty());
  EXPECT_THAT(pages[0],
              testing::ContainsRegex("\n +BÁO CÁO\n +Kết quả thực hiện Dự án 8 năm 2025\n"));
  // Every heading and paragraph, word for word, in order.
  std::string all;
  for (const std::string& page : pages) all += page;
  const std::string words = Words(all);
  size_t at = words.find("Kết quả thực hiện Dự án 8 năm 2025");
  for (const Block& block : KonTumAnnualReport().body) {
    std::string text;
    if (const auto* heading = std::get_if<Heading>(&block)) text = heading->text;
    if (const auto* paragraph = std::get_if<Paragraph>(&block)) text = paragraph->text;
    if (text.empty()) continue;
    const size_t found = words.find(text, at);
    EXPECT_NE(found, std::string::npos) << "missing or out of order: " << text;
    if (found != std::string::npos) at = found;
  }
}

TEST_F(RenderedReport, RepeatsTheTableHeaderOnEveryPageTheTableSpans) {
  std::vector<std::string> pages = PdfPages(Path());
  ASSERT_GE(pages.size(), 3u) << "60 rows should span pages 1 to 3";
  EXPECT_THAT(pages[0],
              AllOf(HasSubstr("Bảng 1. Kết quả thực hiện theo chi hội"), HasSubstr("Số hội viên"),
                    HasSubstr("Phường Quyết Thắng - chi hội 1")));
  EXPECT_THAT(pages[1], AllOf(HasSubstr("STT"), HasSubstr("Chi hội"), HasSubstr("Số hội viên"),
                              HasSubstr("Kinh phí (đồng)")));
  // Every row is printed once, with its figures formatted the Vietnamese way.
  std::string all;
  for (const std::string& page : pages) all += page;
  for (int i = 0; i < kTableRows; ++i) {
    const std::string unit =
        std::string(kUnits[i % 20]) + " - chi hội " + std::to_string(i / 20 + 1);
    const size_t at = all.find(unit);
    EXPECT_NE(at, std::string::npos) << unit;
    EXPECT_EQ(all.find(unit, at + 1), std::string::npos) << unit << " printed twice";
  }
  EXPECT_THAT(all, AllOf(HasSubstr("1.234.567"), HasSubstr("Tổng cộng"), HasSubstr("91.774.020")));
}

TEST_F(RenderedReport, NumbersPagesFromTwoAtTheTop) {
  std::vector<std::string> pages = PdfPages(Path());
  ASSERT_GE(pages.size(), 2u);
  EXPECT_NE(FirstLine(pages[0]), "1");
  for (size_t p = 1; p < pages.size(); ++p) {
    EXPECT_EQ(FirstLine(pages[p]), std::to_string(p + 1)) << "page " << p + 1;
  }
  EXPECT_EQ(PdfInfo(Path(), "Pages"), std::to_string(pages.size()));
}

TEST_F(RenderedReport, EndsWithRecipientsAndTheSignature) {
  std::vector<std::string> pages = PdfPages(Path());
  ASSERT_FALSE(pages.empty());
  const std::string& last = pages.back();
  EXPECT_THAT(last, AllOf(HasSubstr("Nơi nhận:"), HasSubstr("- Hội LHPN tỉnh (b/c);"),
                          HasSubstr("- Lưu: VT."), HasSubstr("TM. BAN THƯỜNG VỤ"),
                          HasSubstr("CHỦ TỊCH"), HasSubstr("Nguyễn Thị Thu Hà")));
  // "Nơi nhận:" and the authority line share a line, the signer comes last.
  EXPECT_THAT(last, testing::ContainsRegex("Nơi nhận: +TM. BAN THƯỜNG VỤ"));
  EXPECT_GT(last.find("Nguyễn Thị Thu Hà"), last.find("- Lưu: VT."));
}

TEST_F(RenderedReport, EmbedsLiberationSerifAndNoOtherFont) {
  std::stringstream lines(Poppler("pdffonts", {Path()}));
  std::string line;
  std::getline(lines, line);  // name type encoding emb sub uni object ID
  std::getline(lines, line);  // -----
  int fonts = 0;
  while (std::getline(lines, line)) {
    std::vector<std::string> words;
    std::stringstream split(line);
    for (std::string w; split >> w;) words.push_back(w);
    ASSERT_GE(words.size(), 6u) << line;
    EXPECT_THAT(words[0], HasSubstr("LiberationSerif")) << line;
    EXPECT_EQ(words[words.size() - 5], "yes") << "not embedded: " << line;
    ++fonts;
  }
  EXPECT_GE(fonts, 3) << "regular, bold and italic at least";
}

TEST_F(RenderedReport, CarriesTheTitleInItsMetadata) {
  EXPECT_EQ(PdfInfo(Path(), "Title"), "BÁO CÁO - Kết quả thực hiện Dự án 8 năm 2025");
  EXPECT_EQ(PdfInfo(Path(), "Page size"), "595.276 x 841.89 pts (A4)");
}

// ---- the picture of page 1 -----------------------------------------------

struct SurfaceDestroy {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};

// Whether any pixel of the rectangle (in mm from the top-left corner of the
// page, at `dpi`) is dark.
bool HasDarkPixel(cairo_surface_t* image, double dpi, double x0, double y0, double x1, double y1) {
  const int width = cairo_image_surface_get_width(image);
  const int height = cairo_image_surface_get_height(image);
  const int stride = cairo_image_surface_get_stride(image);
  const unsigned char* data = cairo_image_surface_get_data(image);
  auto px = [dpi](double mm) { return static_cast<int>(mm * dpi / 25.4); };
  for (int y = std::max(0, px(y0)); y < std::min(height, px(y1)); ++y) {
    for (int x = std::max(0, px(x0)); x < std::min(width, px(x1)); ++x) {
      uint32_t pixel;
      std::memcpy(&pixel, data + y * stride + x * 4, 4);
      const int r = (pixel >> 16) & 0xFF, g = (pixel >> 8) & 0xFF, b = pixel & 0xFF;
      if (r + g + b < 3 * 128) return true;
    }
  }
  return false;
}

TEST_F(RenderedReport, Page1PutsTheHeaderInsideTheMargins) {
  const std::string png = Path() + "-page1";
  Poppler("pdftoppm", {"-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", Path(), png});
  ASSERT_TRUE(std::filesystem::exists(png + ".png"));
  std::unique_ptr<cairo_surface_t, SurfaceDestroy> image(
      cairo_image_surface_create_from_png((png + ".png").c_str()));
  ASSERT_EQ(cairo_surface_status(image.get()), CAIRO_STATUS_SUCCESS);
  cairo_surface_flush(image.get());
  // A4 at 50 dpi: 595.276 x 841.89 points.
  EXPECT_NEAR(cairo_image_surface_get_width(image.get()), 595.276 * 50 / 72, 1);
  EXPECT_NEAR(cairo_image_surface_get_height(image.get()), 841.89 * 50 / 72, 1);
  // The issuing body, top left (from the 30 mm margin), and the national
  // name and motto, top right (to the 15 mm margin), below the 20 mm margin.
  EXPECT_TRUE(HasDarkPixel(image.get(), 50, 30, 20, 95, 35));
  EXPECT_TRUE(HasDarkPixel(image.get(), 50, 110, 20, 195, 35));
  // Nothing in the left margin, nor above the top margin (no page number on
  // page 1), nor in the right margin.
  EXPECT_FALSE(HasDarkPixel(image.get(), 50, 0, 0, 25, 297));
  EXPECT_FALSE(HasDarkPixel(image.get(), 50, 0, 0, 210, 18));
  EXPECT_FALSE(HasDarkPixel(image.get(), 50, 197, 0, 210, 297));
}

// ---- other documents -----------------------------------------------------

TEST(RenderPdf, LandscapeAppendixHasHeaderAndTitleButNoClosing) {
  test_support::TempDir dir;
  Result<std::string> pdf = RenderPdf(LandscapeAppendix());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const std::string path = dir.File("appendix.pdf");
  WriteFile(path, *pdf);
  const std::string size = PdfInfo(path, "Page size");
  double width = 0, height = 0;
  ASSERT_EQ(std::sscanf(size.c_str(), "%lf x %lf", &width, &height), 2) << size;
  EXPECT_GT(width, height);
  EXPECT_NEAR(width, 841.89, 0.01);
  std::vector<std::string> pages = PdfPages(path);
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_THAT(pages[0], AllOf(HasSubstr("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), HasSubstr("PHỤ LỤC"),
                              HasSubstr("Phân bổ chỉ tiêu Dự án 8 năm 2024"),
                              HasSubstr("(Kèm theo Kế hoạch số 288/KH-BCĐ ngày 15/3/2024"),
                              Not(HasSubstr("Nơi nhận"))));
  // No date yet: blanks before the month and the year.
  EXPECT_THAT(pages[0], testing::ContainsRegex("Kon Tum, ngày +tháng +năm 2024"));
  EXPECT_THAT(pages[0], testing::ContainsRegex("Số: +/KH-BCĐ"));
}

TEST(RenderPdf, RefusesInvalidUtf8NamingTheField) {
  OfficialDocument d = KonTumAnnualReport();
  d.kind = "B\xC3\x81O C\xC3";  // truncated "BÁO CÁ…"
  Result<std::string> pdf = RenderPdf(d);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(pdf.status().where().field, "kind");
  d = KonTumAnnualReport();
  d.summary = "K\xE1\xBA\xBFt qu\xFF";
  EXPECT_EQ(RenderPdf(d).status().where().field, "summary");
}

TEST(RenderPdf, RefusesARowTallerThanAPageNamingIt) {
  OfficialDocument d = KonTumAnnualReport();
  Table t;
  t.columns = {{.header = "Ghi chú"}};
  t.rows = {{{TableCell::Text("ngắn")}}, {{TableCell::Text(std::string(200, '\n') + "dài")}}};
  d.body.push_back(t);
  Result<std::string> pdf = RenderPdf(d);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(pdf.status().where().field, "body[" + std::to_string(d.body.size() - 1) + "].rows[1]");
}

TEST(RenderPdf, FindsLiberationSerif) {
  EXPECT_TRUE(CheckPdfFont().ok()) << CheckPdfFont().ToString();
}

TEST(RenderPdf, RendersDistinctDocumentsOnSeveralThreads) {
  std::vector<Result<std::string>> results(4, Status::Internal("not run"));
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&results, i] {
      results[i] = RenderPdf(i % 2 == 0 ? KonTumAnnualReport() : LandscapeAppendix());
    });
  }
  for (std::thread& t : threads) t.join();
  test_support::TempDir dir;
  for (size_t i = 0; i < results.size(); ++i) {
    ASSERT_TRUE(results[i].ok()) << results[i].status().ToString();
    const std::string path = dir.File("doc" + std::to_string(i) + ".pdf");
    WriteFile(path, *results[i]);
    EXPECT_THAT(PdfPages(path).front(), HasSubstr(i % 2 == 0 ? "Số: 12/BC-HLHPN" : "PHỤ LỤC"));
  }
}

}  // namespace
}  // namespace gemis::documents
