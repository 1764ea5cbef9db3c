// What the record commands (gemis model, activity, figures) print about
// figures: a catalogue message with its arguments, and the report of a
// publication (values written, unchanged, released; conflicts with values
// entered by hand; records and rules that could not be counted).
#pragma once

#include <fmt/format.h>

#include <ostream>
#include <string>

#include "core/hierarchy.h"
#include "core/messages.h"
#include "program/figure_publisher.h"

namespace gemis::cli {

// The catalogue message `id` in `lang` with its {0}, {1}, … filled in.
template <typename... Args>
std::string FormatMessage(MessageId id, Lang lang, const Args&... args) {
  return fmt::format(fmt::runtime(Message(id, lang)), args...);
}

// Units are named by their code and name (the last version known).
void PrintPublishReport(const program::PublishReport& report, const Hierarchy& hierarchy, Lang lang,
                        std::ostream& out);

}  // namespace gemis::cli
