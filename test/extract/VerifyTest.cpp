//===- VerifyTest.cpp - Include edits checked by Clang --------------------===//
//
// verifyEdits() skips the function bodies no edit can change. Each case
// here is an edit that breaks the TU only where a body skipped wrongly
// would hide the error, next to an edit that is right.
//
//===----------------------------------------------------------------------===//
#include "strata/extract/Verify.h"

#include "TestSupport.h"
#include <gmock/gmock.h>

using namespace strata::extract;
using strata::test::TempDir;
using ::testing::HasSubstr;

namespace {

// A project in \p Dir: \p Sources compiled with C++17 and Dir/sys as a
// system include directory.
ExtractResult extracted(const TempDir &Dir,
                        const std::vector<std::string> &Sources) {
  std::string Json = "[\n";
  for (size_t I = 0; I < Sources.size(); ++I)
    Json += std::string(I ? ",\n" : "") + "{\"directory\": \"" + Dir.Path +
            "\", \"file\": \"" + Sources[I] +
            "\", \"arguments\": [\"c++\", \"-std=c++17\", \"-isystem\", \"" +
            Dir.path("sys") + "\", \"-c\", \"" + Sources[I] + "\"]}";
  Dir.write("build/compile_commands.json", Json + "\n]\n");
  ExtractOptions O;
  O.BuildPath = Dir.path("build");
  O.UseCache = false;
  llvm::Expected<ExtractResult> R = extractFacts(O);
  if (!R) {
    ADD_FAILURE() << llvm::toString(R.takeError());
    return {};
  }
  for (const strata::facts::TUFact &TU : R->Facts.TUs)
    EXPECT_EQ(TU.Status, strata::facts::TUStatus::Ok) << TU.FirstError;
  return std::move(*R);
}

VerifyResult verify(const ExtractResult &R,
                    const std::vector<IncludeEdit> &Edits) {
  return verifyEdits(R.Commands, R.Facts.Root, R.Facts, Edits, {});
}

std::string guarded(const std::string &Name, const std::string &Body) {
  return "#ifndef " + Name + "\n#define " + Name + "\n" + Body + "#endif\n";
}

} // namespace

// b.h's inline g() calls f(), which only a.h declares (b.h relies on its
// includer). Deleting main.cpp's include of a.h breaks g()'s body, which
// comes after the edit: it must be parsed, not skipped.
TEST(VerifyTest, AnInlineBodyAfterTheEditIsParsed) {
  TempDir Dir;
  Dir.write("a.h", "#pragma once\nint f();\n");
  Dir.write("b.h", "#pragma once\ninline int g() { return f(); }\n");
  Dir.write("c.h", "#pragma once\nint unused_here();\n");
  Dir.write("main.cpp", "#include \"a.h\"\n#include \"b.h\"\n#include "
                        "\"c.h\"\nint main() { return g(); }\n");
  ExtractResult R = extracted(Dir, {"main.cpp"});
  VerifyResult V = verify(R, {{"main.cpp", 1, ""}, {"main.cpp", 3, ""}});
  ASSERT_EQ(V.Edits.size(), 2u);
  EXPECT_FALSE(V.Edits[0].Kept);
  EXPECT_THAT(V.Edits[0].Reason, HasSubstr("b.h:2:"));
  EXPECT_THAT(V.Edits[0].Reason, HasSubstr("'f'"));
  EXPECT_TRUE(V.Edits[1].Kept) << V.Edits[1].Reason;
}

// The same through an edit of a header: the edit point is in h.h, entered
// from main.cpp.
TEST(VerifyTest, AnEditInAHeaderIsAnEditPointToo) {
  TempDir Dir;
  Dir.write("a.h", "#pragma once\nint f();\n");
  Dir.write("h.h", "#pragma once\n#include \"a.h\"\n");
  Dir.write("b.h", "#pragma once\ninline int g() { return f(); }\n");
  Dir.write("main.cpp",
            "#include \"h.h\"\n#include \"b.h\"\nint main() { return g(); }\n");
  ExtractResult R = extracted(Dir, {"main.cpp"});
  VerifyResult V = verify(R, {{"h.h", 2, ""}});
  ASSERT_EQ(V.Edits.size(), 1u);
  EXPECT_FALSE(V.Edits[0].Kept);
  EXPECT_THAT(V.Edits[0].Reason, HasSubstr("b.h:2:"));
}

// A system template's body needs T complete when it is instantiated, after
// the edit: templates keep their bodies even in system headers. The
// non-template body of the same header is skipped, and harmless.
TEST(VerifyTest, ASystemTemplateInstantiatedAfterTheEditIsChecked) {
  TempDir Dir;
  Dir.write("sys/holder.h",
            guarded("HOLDER_H", "template <class T> struct Holder {\n"
                                "  T *p = nullptr;\n"
                                "  ~Holder() { (void)sizeof(T); }\n};\n"
                                "inline int plain() { return 1; }\n"));
  Dir.write("t.h", "#pragma once\nstruct T { int x; };\n");
  Dir.write("main.cpp", "#include \"t.h\"\n#include <holder.h>\n"
                        "void f() { Holder<T> h; }\n");
  ExtractResult R = extracted(Dir, {"main.cpp"});
  VerifyResult V = verify(R, {{"main.cpp", 1, "struct T;\n"}});
  ASSERT_EQ(V.Edits.size(), 1u);
  EXPECT_FALSE(V.Edits[0].Kept);
  EXPECT_THAT(V.Edits[0].Reason, HasSubstr("incomplete type"));
}
