//===- CommandLine.cpp - Compile command rewriting ------------------------===//
#include "strata/extract/CommandLine.h"

#include "clang/Driver/Options.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace strata::extract {
namespace {

bool isWrapper(StringRef Arg0) {
  StringRef Name = sys::path::filename(Arg0);
  return Name == "ccache" || Name == "sccache" || Name == "distcc" ||
         Name == "icecc" || Name == "buildcache";
}

// Options that take their value in the next argument and that we drop along
// with it.
bool dropsWithValue(StringRef A) {
  return A == "-o" || A == "-MF" || A == "-MT" || A == "-MQ" ||
         A == "-resource-dir" || A == "-MJ";
}

bool dropsAlone(StringRef A) {
  return A == "-c" || A == "-S" || A == "-E" || A == "-M" || A == "-MM" ||
         A == "-MD" || A == "-MMD" || A == "-MG" || A == "-MP" ||
         A == "-fsyntax-only" ||
         (A.starts_with("-o") && !A.starts_with("-obj")) ||
         A.starts_with("-Wp,-M") || A.starts_with("-resource-dir=") ||
         A.starts_with("-fplugin") || A.starts_with("-fpass-plugin") ||
         A.starts_with("-MF") || A.starts_with("-MT") || A.starts_with("-MQ") ||
         A.starts_with("--serialize-diagnostics") || A == "-save-temps" ||
         A.starts_with("-save-temps=") || A.starts_with("-Werror");
}

// Indices (into Args) of arguments the Clang driver does not recognize, such
// as GCC-only -f options; clang would fail the whole TU on them.
StringSet<> unknownArguments(ArrayRef<std::string> Args) {
  std::vector<const char *> Argv;
  for (const std::string &A : Args)
    Argv.push_back(A.c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  const opt::OptTable &Table = clang::driver::getDriverOptTable();
  opt::InputArgList Parsed =
      Table.ParseArgs(Argv, MissingIndex, MissingCount,
                      opt::Visibility(clang::driver::options::ClangOption));
  StringSet<> Unknown;
  for (const opt::Arg *A : Parsed.filtered(clang::driver::options::OPT_UNKNOWN))
    Unknown.insert(A->getAsString(Parsed));
  return Unknown;
}

} // namespace

const std::string &clangResourceDir() {
  static const std::string Dir = STRATA_CLANG_RESOURCE_DIR;
  return Dir;
}

std::vector<std::string> adjustCommandLine(ArrayRef<std::string> Args,
                                           const ArgumentOptions &Options) {
  while (!Args.empty() && isWrapper(Args.front()))
    Args = Args.drop_front();
  std::vector<std::string> Out;
  if (Args.empty())
    return Out;
  Out.push_back(Args.front());
  Out.insert(Out.end(), Options.ExtraArgsBefore.begin(),
             Options.ExtraArgsBefore.end());

  StringSet<> Unknown = unknownArguments(Args.drop_front());
  for (size_t I = 1; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if (dropsWithValue(A)) {
      ++I;
      continue;
    }
    // -Xclang -load -Xclang plugin.so and -Xclang -plugin name: code from the
    // analyzed tree must never run inside strata.
    if (A == "-Xclang" && I + 1 < Args.size()) {
      StringRef Next = Args[I + 1];
      if (Next == "-load" || Next == "-plugin" || Next == "-add-plugin" ||
          Next.starts_with("-plugin-arg")) {
        I += (I + 3 < Args.size() && Args[I + 2] == "-Xclang") ? 3 : 1;
        continue;
      }
    }
    if (dropsAlone(A) || Unknown.contains(A))
      continue;
    Out.push_back(std::string(A));
  }

  Out.push_back("-fsyntax-only");
  // Warnings cost time and may be promoted to errors by -Werror=...; -w also
  // cancels such promotions, so a noisy database never fails a TU.
  Out.push_back("-w");
  Out.push_back("-Qunused-arguments");
  Out.push_back("-fno-color-diagnostics");
  Out.push_back("-resource-dir=" + clangResourceDir());
  Out.insert(Out.end(), Options.ExtraArgs.begin(), Options.ExtraArgs.end());
  return Out;
}

} // namespace strata::extract
