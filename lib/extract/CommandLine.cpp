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
// with it. --config and -ccc-install-dir would make the driver read a
// configuration file from the analyzed tree, and such a file may name a
// plugin; the others are outputs.
bool dropsWithValue(StringRef A) {
  return A == "-o" || A == "-MF" || A == "-MT" || A == "-MQ" ||
         A == "-resource-dir" || A == "-MJ" || A == "--config" ||
         A == "-ccc-install-dir" || A == "-ccc-gcc-name" ||
         A == "-ccc-arcmt-migrate" || A == "-ccc-objcmt-migrate";
}

// Options dropped on their own (plugins are loadsPlugin's): outputs and
// actions other than a syntax check; configuration files (options from the
// analyzed tree); Clang modules, whose implicit builds write .pcm files to a
// cache the database chooses; and options that print to strata's output.
bool dropsAlone(StringRef A) {
  return A == "-c" || A == "-S" || A == "-E" || A == "-M" || A == "-MM" ||
         A == "-MD" || A == "-MMD" || A == "-MG" || A == "-MP" ||
         A == "-fsyntax-only" || A == "-H" || A == "-v" || A == "-###" ||
         A.starts_with("--config") || A.starts_with("-ccc-") ||
         // clang-cl's escape to driver options, which would bypass the rest.
         A.starts_with("/clang:") || A.starts_with("-clang:") ||
         A == "-fmodules" || A == "-fcxx-modules" ||
         A == "-fimplicit-modules" || A.starts_with("-fmodules-cache-path") ||
         A.starts_with("-fmodule-output") ||
         (A.starts_with("-o") && !A.starts_with("-obj")) ||
         A.starts_with("-Wp,-M") || A.starts_with("-resource-dir=") ||
         A.starts_with("-MF") || A.starts_with("-MT") || A.starts_with("-MQ") ||
         A.starts_with("--serialize-diagnostics") || A == "-save-temps" ||
         A.starts_with("-save-temps=") || A.starts_with("-Werror");
}

// An option that loads or runs a plugin, whether given to the driver or to
// clang -cc1 (through -Xclang and the like). Prefixes, not exact names: an
// option dropped by mistake costs a TU's flag, one kept by mistake runs code.
bool isPluginOption(StringRef A) {
  return A.starts_with("-load") || A.starts_with("-plugin") ||
         A.starts_with("-add-plugin") || A.starts_with("-fpass-plugin") ||
         A.starts_with("-fplugin");
}

// Whether A, given to the driver or forwarded to clang -cc1, loads a plugin;
// -Wp,a,b forwards each of a and b.
bool loadsPlugin(StringRef A) {
  if (!A.consume_front("-Wp,"))
    return isPluginOption(A);
  SmallVector<StringRef, 4> Parts;
  A.split(Parts, ',');
  return llvm::any_of(Parts, isPluginOption);
}

// The argument that Args[I] passes to clang -cc1 unchanged (-Xclang X,
// -Xclang=X, -Xpreprocessor X), with the number of arguments it spans.
std::optional<std::pair<StringRef, size_t>>
forwardedToCC1(ArrayRef<std::string> Args, size_t I) {
  if (I >= Args.size())
    return std::nullopt;
  StringRef A = Args[I];
  if ((A == "-Xclang" || A == "-Xpreprocessor") && I + 1 < Args.size())
    return std::make_pair(StringRef(Args[I + 1]), size_t(2));
  if (A.consume_front("-Xclang="))
    return std::make_pair(A, size_t(1));
  return std::nullopt;
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
  // First, so that no option of the database can take it as its value: the
  // driver would otherwise look for clang.cfg and friends beside the compiler
  // the database names, which may be inside the analyzed tree.
  Out.push_back("--no-default-config");
  Out.insert(Out.end(), Options.ExtraArgsBefore.begin(),
             Options.ExtraArgsBefore.end());

  StringSet<> Unknown = unknownArguments(Args.drop_front());
  for (size_t I = 1; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if (dropsWithValue(A)) {
      ++I;
      continue;
    }
    // -Xclang -load -Xclang plugin.so and its spellings: code from the
    // analyzed tree must never run inside strata.
    if (auto F = forwardedToCC1(Args, I); F && loadsPlugin(F->first)) {
      I += F->second - 1;
      // The plugin's path follows, forwarded the same way.
      bool TakesValue = F->first == "-load" || F->first == "-plugin" ||
                        F->first == "-add-plugin" ||
                        F->first.starts_with("-plugin-arg-");
      if (auto V = forwardedToCC1(Args, I + 1); TakesValue && V)
        I += V->second;
      continue;
    }
    // Any other forwarded option goes to cc1 as it is: the driver's rules
    // below do not apply to it, and what it could write is cleared from the
    // compiler invocation itself (ScrubbedAction in Extractor.cpp).
    if (auto F = forwardedToCC1(Args, I)) {
      for (size_t K = 0; K < F->second; ++K)
        Out.push_back(Args[I + K]);
      I += F->second - 1;
      continue;
    }
    if (loadsPlugin(A) || dropsAlone(A) || Unknown.contains(A))
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
