#include "cli/figures_output.h"

namespace gemis::cli {

void PrintPublishReport(const program::PublishReport& r, const Hierarchy& hierarchy, Lang lang,
                        std::ostream& out) {
  out << FormatMessage(MessageId::kFiguresPublished, lang, r.written, r.unchanged, r.removed)
      << "\n";
  for (const program::PublishConflict& c : r.conflicts) {
    const OrgUnit* u = hierarchy.Find(c.org_unit);
    out << "  ! "
        << FormatMessage(MessageId::kFiguresConflict, lang, c.data_element, c.period,
                         u ? u->last().code + " " + u->last().name : std::to_string(c.org_unit),
                         c.entered, c.computed)
        << "\n";
  }
  for (const records::FigureProblem& p : r.problems) {
    out << "  ! " << Message(MessageId::kFiguresProblem, lang) << " (" << p.model << ", "
        << p.period.ToString() << "): " << p.message << "\n";
  }
  for (const std::string& p : r.rule_problems) out << "  ! " << p << "\n";
  if (r.suppressed > 0) {
    out << "  " << FormatMessage(MessageId::kCasesSuppressed, lang, r.suppressed) << "\n";
  }
}

}  // namespace gemis::cli
