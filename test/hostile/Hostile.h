//===- Hostile.h - What the hostile-input tests share -----------*- C++ -*-===//
//
// The outcomes every hostile case states (refused, survived) and a small
// valid project to break. See HostileTest.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_TEST_HOSTILE_HOSTILE_H
#define STRATA_TEST_HOSTILE_HOSTILE_H

#include "../e2e/Process.h"
#include "TestSupport.h"

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace strata::test {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

// Files in \p Dir (recursively) whose name says they are temporaries.
inline std::vector<std::string> temporaries(const std::string &Dir) {
  std::vector<std::string> Out;
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(Dir, EC), End;
       It != End && !EC; It.increment(EC))
    if (llvm::StringRef(It->path()).contains(".temp-stream-") ||
        llvm::StringRef(It->path()).contains(".tmp"))
      Out.push_back(It->path());
  return Out;
}

// Refused: exit 2, one printable line naming the problem, no output.
inline void expectRefused(const RunResult &R, const std::string &Regex,
                          const std::string &Output = "") {
  EXPECT_EQ(R.Exit, 2) << R.Err;
  EXPECT_THAT(lines(R.Err), ::testing::SizeIs(1)) << R.Err;
  EXPECT_THAT(R.Err, MatchesRegex("strata: error: " + Regex + "\n"));
  for (unsigned char C : R.Err) {
    EXPECT_TRUE(C == '\n' || C >= 0x20) << "control character in " << R.Err;
  }
  if (!Output.empty())
    EXPECT_FALSE(llvm::sys::fs::exists(Output)) << Output;
}

// Survived: the normal exit code, no sign of a crash, and the output parses
// back (for facts files).
inline void expectSurvived(const RunResult &R, int Exit = 0) {
  EXPECT_EQ(R.Exit, Exit) << R.Err;
  EXPECT_THAT(R.Err, ::testing::Not(HasSubstr("Stack dump")));
  EXPECT_THAT(R.Err, ::testing::Not(HasSubstr("PLEASE submit")));
}

inline std::string entry(const std::string &Dir, const std::string &File,
                         const std::vector<std::string> &Flags = {}) {
  json Args = json::array({"c++"});
  for (const std::string &F : Flags)
    Args.push_back(F);
  Args.push_back("-c");
  Args.push_back(File);
  return json({{"directory", Dir}, {"file", File}, {"arguments", Args}}).dump();
}

inline std::string database(const std::vector<std::string> &Entries) {
  std::string Out = "[";
  for (size_t I = 0; I < Entries.size(); ++I)
    Out += (I ? ",\n" : "\n") + Entries[I];
  return Out + "\n]";
}

class HostileTest : public ::testing::Test {
protected:
  std::string db(const std::string &Content) {
    Dir.write("build/compile_commands.json", Content);
    return Dir.path("build");
  }
  RunResult extract(const std::vector<std::string> &Extra = {}) {
    std::vector<std::string> Args = {
        "extract", "-p",        Dir.path("build"), "-o", Dir.path("facts.json"),
        "--quiet", "--no-cache"};
    Args.insert(Args.end(), Extra.begin(), Extra.end());
    return runStrata(Args);
  }
  // A small valid project: a.cpp includes a.h.
  void project() {
    Dir.write("src/a.h", "struct A { int v; };\n");
    Dir.write("src/a.cpp", "#include \"a.h\"\nint get(A a) { return a.v; }\n");
    db(database({entry(Dir.path("src"), "a.cpp")}));
  }
  std::string facts() {
    project();
    EXPECT_EQ(extract().Exit, 0);
    return Dir.path("facts.json");
  }

  TempDir Dir;
};

} // namespace strata::test

#endif
