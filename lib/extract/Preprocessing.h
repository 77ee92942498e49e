//===- Preprocessing.h - Includes, macros and claims ------------*- C++ -*-===//
//
// Private to the extract library: the preprocessor callbacks of a parse.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_LIB_EXTRACT_PREPROCESSING_H
#define STRATA_LIB_EXTRACT_PREPROCESSING_H

#include "FactCollector.h"
#include "Recorder.h"
#include <memory>

namespace clang {
class PPCallbacks;
class Preprocessor;
} // namespace clang

namespace strata::extract {

/// Records every #include into \p C's include graph, the include facts of
/// the files \p C records, the claims of project headers as they are
/// entered, and (when \p R is not null) macro uses into \p R.
std::unique_ptr<clang::PPCallbacks>
makeIncludeRecorder(FactCollector &C, Recorder *R, clang::Preprocessor &PP);

/// Records the TU's leading includes into \p Out (see LeadingIncludes).
std::unique_ptr<clang::PPCallbacks> makeLeadingTracker(FactCollector &C,
                                                       clang::Preprocessor &PP,
                                                       LeadingIncludes &Out);

} // namespace strata::extract

#endif
