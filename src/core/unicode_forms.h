// ICU's NFC and NFD normalizers, for the units that work on ICU strings
// directly (exchange/legacy_encoding.cc); everything else uses text.h.
// They are process-wide singletons owned by ICU; failing to load them means
// ICU's data is missing, which no input can cause (asserted).
#pragma once

#include <unicode/normalizer2.h>

namespace gemis {

const icu::Normalizer2& NfcForm();
const icu::Normalizer2& NfdForm();

}  // namespace gemis
