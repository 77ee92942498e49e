//===- CommandLineTest.cpp - Rewriting compile commands -------------------===//
#include "strata/extract/CommandLine.h"

#include <algorithm>
#include <gtest/gtest.h>

using namespace strata::extract;
using Args = std::vector<std::string>;

namespace {
bool has(const Args &A, const std::string &S) {
  return std::find(A.begin(), A.end(), S) != A.end();
}
} // namespace

TEST(CommandLineTest, DropsOutputsAndAddsSyntaxOnly) {
  Args Out = adjustCommandLine({"g++", "-O2", "-c", "a.cpp", "-o", "a.o", "-MD",
                                "-MF", "a.d", "-MT", "a.o"},
                               {});
  EXPECT_EQ(Out.front(), "g++");
  EXPECT_TRUE(has(Out, "-O2"));
  EXPECT_TRUE(has(Out, "a.cpp"));
  for (const char *Gone : {"-c", "-o", "a.o", "-MD", "-MF", "a.d", "-MT"})
    EXPECT_FALSE(has(Out, Gone)) << Gone;
  EXPECT_TRUE(has(Out, "-fsyntax-only"));
  EXPECT_TRUE(has(Out, "-w"));
}

TEST(CommandLineTest, InjectsThisClangsResourceDirOnly) {
  Args Out = adjustCommandLine(
      {"clang", "-resource-dir", "/old/clang/14", "-resource-dir=/x", "a.c"},
      {});
  EXPECT_FALSE(has(Out, "/old/clang/14"));
  EXPECT_FALSE(has(Out, "-resource-dir=/x"));
  EXPECT_TRUE(has(Out, "-resource-dir=" + clangResourceDir()));
}

TEST(CommandLineTest, DropsGccOnlyOptionsClangDoesNotKnow) {
  Args Out = adjustCommandLine({"g++", "-fconcepts-diagnostics-depth=2",
                                "-fno-tree-vectorize",
                                "-Wno-maybe-uninitialized", "-DKEEP", "a.cpp"},
                               {});
  EXPECT_FALSE(has(Out, "-fconcepts-diagnostics-depth=2"));
  EXPECT_TRUE(has(Out, "-DKEEP"));
  EXPECT_TRUE(has(Out, "a.cpp"));
}

TEST(CommandLineTest, DropsCompilerWrappers) {
  Args Out = adjustCommandLine({"/usr/bin/ccache", "g++", "a.cpp"}, {});
  EXPECT_EQ(Out.front(), "g++");
  EXPECT_FALSE(has(Out, "/usr/bin/ccache"));
}

// Nothing from the analyzed tree may be loaded into strata.
TEST(CommandLineTest, DropsPlugins) {
  Args Out =
      adjustCommandLine({"clang", "-fplugin=./evil.so", "-Xclang", "-load",
                         "-Xclang", "./evil2.so", "-fpass-plugin=p.so", "a.c"},
                        {});
  for (const std::string &A : Out)
    EXPECT_EQ(A.find("evil"), std::string::npos) << A;
  EXPECT_FALSE(has(Out, "-load"));
  EXPECT_FALSE(has(Out, "-fpass-plugin=p.so"));
}

// Every other spelling that reaches clang -cc1 with a plugin, and the
// configuration files that could name one.
TEST(CommandLineTest, DropsPluginsHoweverSpelled) {
  Args Out = adjustCommandLine({"clang",
                                "-Xclang=-load",
                                "-Xclang=./e1.so",
                                "-Xpreprocessor",
                                "-load",
                                "-Xpreprocessor",
                                "./e2.so",
                                "-Wp,-load,./e3.so",
                                "-Xclang",
                                "-fpass-plugin=./e4.so",
                                "-Xclang",
                                "-add-plugin",
                                "-Xclang",
                                "e5",
                                "--config=./e.cfg",
                                "--config",
                                "./f.cfg",
                                "-ccc-install-dir",
                                "./bin",
                                "-Xclang=-Wp,-load,./e6.so",
                                "-Wp,-DKEPT",
                                "a.c"},
                               {});
  for (const std::string &A : Out) {
    EXPECT_EQ(A.find(".so"), std::string::npos) << A;
    EXPECT_EQ(A.find(".cfg"), std::string::npos) << A;
    EXPECT_EQ(A.find("load"), std::string::npos) << A;
    EXPECT_EQ(A.find("plugin"), std::string::npos) << A;
    EXPECT_NE(A, "e5");
    EXPECT_NE(A, "./bin");
  }
  EXPECT_TRUE(has(Out, "-Wp,-DKEPT"));
  EXPECT_TRUE(has(Out, "--no-default-config"));
  EXPECT_TRUE(has(Out, "a.c"));
}

// Implicit module builds would write .pcm files where the database says;
// -H and -v would print into strata's output.
TEST(CommandLineTest, DropsModuleCachesAndPrinting) {
  Args Out = adjustCommandLine(
      {"clang++", "-fmodules", "-fcxx-modules", "-fmodules-cache-path=/tmp/mc",
       "-fmodule-output=/tmp/m.pcm", "-H", "-v", "-###", "-std=c++20", "a.cpp"},
      {});
  for (const char *Gone :
       {"-fmodules", "-fcxx-modules", "-fmodules-cache-path=/tmp/mc",
        "-fmodule-output=/tmp/m.pcm", "-H", "-v", "-###"})
    EXPECT_FALSE(has(Out, Gone)) << Gone;
  EXPECT_TRUE(has(Out, "-std=c++20"));
}

TEST(CommandLineTest, ExtraArgumentsGoBeforeAndAfter) {
  ArgumentOptions Opts;
  Opts.ExtraArgsBefore = {"-DBEFORE"};
  Opts.ExtraArgs = {"-DAFTER"};
  Args Out = adjustCommandLine({"cc", "-DX", "a.c"}, Opts);
  // --no-default-config comes first, so no option can take it as a value.
  EXPECT_EQ(Out[1], "--no-default-config");
  EXPECT_EQ(Out[2], "-DBEFORE");
  EXPECT_EQ(Out.back(), "-DAFTER");
}

// Found in review: an option that takes several values (-sectalign takes
// three), put last, swallowed what strata appended after the database's
// options, --no-default-config included.
TEST(CommandLineTest, NoDatabaseOptionCanSwallowWhatStrataAdds) {
  Args Out = adjustCommandLine({"clang++", "a.cpp", "-sectalign"}, {});
  ASSERT_GE(Out.size(), 2u);
  EXPECT_EQ(Out[1], "--no-default-config");
}

// Forwarded cc1 options pass through whole, whatever the driver-level rules
// say about their spelling, and plugin arguments take their value along.
TEST(CommandLineTest, ForwardedOptionsKeepTheirValues) {
  Args Out = adjustCommandLine({"clang++", "-Xclang", "-MT", "-Xclang", "a.o",
                                "-Xclang", "-plugin-arg-x", "-Xclang", "check",
                                "/clang:-fplugin=e.so", "a.cpp"},
                               {});
  std::string Joined;
  for (const std::string &A : Out)
    Joined += A + " ";
  EXPECT_NE(Joined.find("-Xclang -MT -Xclang a.o "), std::string::npos)
      << Joined;
  EXPECT_EQ(Joined.find("check"), std::string::npos) << Joined;
  EXPECT_EQ(Joined.find("plugin"), std::string::npos) << Joined;
}
