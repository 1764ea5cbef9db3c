// Filling a catalogue message's {N} placeholders (core/messages.h) inside
// core/, which must not let an exception out.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "core/messages.h"

namespace gemis {

// The catalogue text of `id` in `lang` with its {N} placeholders filled.
// Placeholders that do not match the arguments are a bug of the catalogue
// (the tests format every message): the raw text is returned rather than
// an exception.
template <typename... Args>
std::string Say(Lang lang, MessageId id, const Args&... args) {
  std::string_view text = Message(id, lang);
  try {
    return fmt::format(fmt::runtime(text), args...);
  } catch (const fmt::format_error&) {
    return std::string(text);
  }
}

}  // namespace gemis
