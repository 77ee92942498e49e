//===- ExtractTest.cpp - Facts from code snippets -------------------------===//
//
// One construct per test. Each snippet lives at /proj/main.cpp with headers
// mapped in beside it; /sys is a system include directory. Expected
// locations are counted by hand: the comment above each expectation shows
// the prefix of the line that precedes the column.
//
//===----------------------------------------------------------------------===//
#include "strata/extract/Extract.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace strata::extract;
using namespace strata::facts;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

FactSet parse(llvm::StringRef Code, const Files &Headers = {},
              llvm::StringRef Main = "/proj/main.cpp") {
  return extractFromCode(Code, Main,
                         {"-std=c++20", "-I/proj", "-isystem", "/sys"}, "/proj",
                         Headers);
}

// "file:line:col kind target (target kind) -> target_file:target_line"
std::string str(const UseFact &U) {
  return U.File + ":" + std::to_string(U.Line) + ":" +
         std::to_string(U.Column) + " " + toString(U.Kind).str() + " " +
         U.Target + " (" + toString(U.TargetKind).str() + ") -> " +
         U.TargetFile + ":" + std::to_string(U.TargetLine);
}

std::vector<std::string> uses(const FactSet &F, UseKind K) {
  std::vector<std::string> Out;
  for (const UseFact &U : F.Uses)
    if (U.Kind == K)
      Out.push_back(str(U));
  return Out;
}

std::vector<std::string> allUses(const FactSet &F) {
  std::vector<std::string> Out;
  for (const UseFact &U : F.Uses)
    Out.push_back(str(U));
  return Out;
}

const Files HeaderB = {{"/proj/a.h", "struct B {};\n"}};

} // namespace

TEST(ExtractTest, BaseClass) {
  FactSet F = parse("#include \"a.h\"\nstruct D : B {};\n", HeaderB);
  // "struct D : " -> column 12
  EXPECT_THAT(uses(F, UseKind::Base),
              ElementsAre("main.cpp:2:12 base B (struct) -> a.h:1"));
}

TEST(ExtractTest, FieldType) {
  FactSet F = parse("#include \"a.h\"\nstruct S { B b; };\n", HeaderB);
  // "struct S { " -> column 12
  EXPECT_THAT(uses(F, UseKind::Field),
              ElementsAre("main.cpp:2:12 field B (struct) -> a.h:1"));
}

TEST(ExtractTest, ParameterType) {
  FactSet F = parse("#include \"a.h\"\nvoid f(const B &b);\n", HeaderB);
  // "void f(const " -> column 14
  EXPECT_THAT(uses(F, UseKind::Param),
              ElementsAre("main.cpp:2:14 param B (struct) -> a.h:1"));
}

TEST(ExtractTest, ReturnType) {
  FactSet F = parse("#include \"a.h\"\nB *make();\n", HeaderB);
  EXPECT_THAT(uses(F, UseKind::Return),
              ElementsAre("main.cpp:2:1 return B (struct) -> a.h:1"));
}

TEST(ExtractTest, VariableType) {
  FactSet F = parse("#include \"a.h\"\nstatic B global;\n", HeaderB);
  // "static " -> column 8
  EXPECT_THAT(uses(F, UseKind::Variable),
              ElementsAre("main.cpp:2:8 var B (struct) -> a.h:1"));
}

TEST(ExtractTest, FunctionCall) {
  FactSet F = parse("#include \"a.h\"\nint g() { return f(); }\n",
                    {{"/proj/a.h", "int f();\n"}});
  // "int g() { return " -> column 18
  EXPECT_THAT(uses(F, UseKind::Call),
              ElementsAre("main.cpp:2:18 call f (function) -> a.h:1"));
  EXPECT_THAT(uses(F, UseKind::Reference), IsEmpty());
}

TEST(ExtractTest, MethodCall) {
  FactSet F = parse("#include \"a.h\"\nvoid g(B &b) { b.m(); }\n",
                    {{"/proj/a.h", "struct B {\n  void m();\n};\n"}});
  // "void g(B &b) { b." -> column 18; m is declared on line 2
  EXPECT_THAT(uses(F, UseKind::Call),
              ElementsAre("main.cpp:2:18 call B::m (method) -> a.h:2"));
}

TEST(ExtractTest, ConstructorCall) {
  FactSet F = parse("#include \"a.h\"\nvoid g() { B(1); }\n",
                    {{"/proj/a.h", "struct B {\n  B(int);\n};\n"}});
  // "void g() { " -> column 12: the temporary B(1) calls B::B(int), line 2
  EXPECT_THAT(uses(F, UseKind::Call),
              ElementsAre("main.cpp:2:12 call B::B (constructor) -> a.h:2"));
}

TEST(ExtractTest, OperatorCall) {
  FactSet F = parse("#include \"a.h\"\nB g(B x, B y) { return x + y; }\n",
                    {{"/proj/a.h", "struct B {};\nB operator+(B, B);\n"}});
  // "B g(B x, B y) { return x " -> column 26
  EXPECT_THAT(uses(F, UseKind::Call),
              ElementsAre("main.cpp:2:26 call operator+ (function) -> a.h:2"));
}

TEST(ExtractTest, VariableReference) {
  FactSet F = parse("#include \"a.h\"\nint g() { return counter; }\n",
                    {{"/proj/a.h", "extern int counter;\n"}});
  // "int g() { return " -> column 18
  EXPECT_THAT(uses(F, UseKind::Reference),
              ElementsAre("main.cpp:2:18 ref counter (variable) -> a.h:1"));
}

TEST(ExtractTest, EnumeratorReference) {
  FactSet F = parse("#include \"a.h\"\nint c = Green;\n",
                    {{"/proj/a.h", "enum Color {\n  Red,\n  Green\n};\n"}});
  // "int c = " -> column 9; Green is declared on line 3
  EXPECT_THAT(uses(F, UseKind::Reference),
              ElementsAre("main.cpp:2:9 ref Color::Green (enumerator) -> "
                          "a.h:3"));
}

TEST(ExtractTest, FunctionReference) {
  FactSet F =
      parse("#include \"a.h\"\nauto p = &f;\n", {{"/proj/a.h", "int f();\n"}});
  // "auto p = &" -> column 11
  EXPECT_THAT(uses(F, UseKind::Reference),
              ElementsAre("main.cpp:2:11 ref f (function) -> a.h:1"));
}

TEST(ExtractTest, TemplateArgument) {
  FactSet F = parse(
      "#include \"a.h\"\nBox<B> b;\n",
      {{"/proj/a.h", "struct B {};\ntemplate <class T> struct Box {};\n"}});
  // "Box<" -> column 5
  EXPECT_THAT(uses(F, UseKind::TemplateArg),
              ElementsAre("main.cpp:2:5 template-arg B (struct) -> a.h:1"));
  EXPECT_THAT(uses(F, UseKind::Variable),
              ElementsAre("main.cpp:2:1 var Box (struct) -> a.h:2"));
}

TEST(ExtractTest, ValueTemplateArgument) {
  FactSet F = parse("#include \"a.h\"\nArr<Size> a;\n",
                    {{"/proj/a.h", "constexpr int Size = 4;\n"
                                   "template <int N> struct Arr {};\n"}});
  EXPECT_THAT(
      uses(F, UseKind::TemplateArg),
      ElementsAre("main.cpp:2:5 template-arg Size (variable) -> a.h:1"));
  EXPECT_THAT(uses(F, UseKind::Reference), IsEmpty());
}

TEST(ExtractTest, TypedefAndAliasTargets) {
  FactSet F =
      parse("#include \"a.h\"\ntypedef B Alias;\nusing Other = B;\n", HeaderB);
  // "typedef " -> column 9; "using Other = " -> column 15
  EXPECT_THAT(uses(F, UseKind::Typedef),
              ElementsAre("main.cpp:2:9 typedef B (struct) -> a.h:1",
                          "main.cpp:3:15 typedef B (struct) -> a.h:1"));
}

TEST(ExtractTest, UseOfTypedefTargetsTheTypedef) {
  FactSet F = parse("#include \"a.h\"\nId next;\n",
                    {{"/proj/a.h", "typedef unsigned long Id;\n"}});
  EXPECT_THAT(uses(F, UseKind::Variable),
              ElementsAre("main.cpp:2:1 var Id (typedef) -> a.h:1"));
}

TEST(ExtractTest, FriendClassAndFunction) {
  FactSet F = parse("#include \"a.h\"\nclass C {\n  friend struct B;\n"
                    "  friend void touch(B &);\n};\n",
                    {{"/proj/a.h", "struct B {};\nvoid touch(B &);\n"}});
  // "  friend struct " -> column 17; "  friend void " -> column 15
  EXPECT_THAT(uses(F, UseKind::Friend),
              UnorderedElementsAre("main.cpp:3:17 friend B (struct) -> a.h:1",
                                   "main.cpp:4:15 friend touch (function) -> "
                                   "a.h:2"));
}

TEST(ExtractTest, NewAndDelete) {
  FactSet F = parse("#include \"a.h\"\nvoid g() { B *p = new B; delete p; }\n",
                    HeaderB);
  // "void g() { B *p = new " -> column 23; "... B; " -> delete at column 26
  EXPECT_THAT(uses(F, UseKind::New),
              ElementsAre("main.cpp:2:23 new B (struct) -> a.h:1"));
  EXPECT_THAT(uses(F, UseKind::Delete),
              ElementsAre("main.cpp:2:26 delete B (struct) -> a.h:1"));
}

TEST(ExtractTest, ThrowAndCatch) {
  FactSet F = parse("#include \"a.h\"\nvoid g() {\n  try { throw B(); }\n"
                    "  catch (const B &) {}\n}\n",
                    HeaderB);
  // "  try { throw " -> column 15; "  catch (const " -> column 16
  EXPECT_THAT(uses(F, UseKind::Exception),
              ElementsAre("main.cpp:3:15 exception B (struct) -> a.h:1",
                          "main.cpp:4:16 exception B (struct) -> a.h:1"));
}

TEST(ExtractTest, MacroExpansionTargetsDefiningFile) {
  FactSet F = parse("#include \"a.h\"\nint x = LIMIT;\n#ifdef LIMIT\n#endif\n",
                    {{"/proj/a.h", "// limits\n#define LIMIT 3\n"}});
  // "int x = " -> column 9; "#ifdef " -> column 8
  EXPECT_THAT(uses(F, UseKind::Macro),
              ElementsAre("main.cpp:2:9 macro LIMIT (macro) -> a.h:2",
                          "main.cpp:3:8 macro LIMIT (macro) -> a.h:2"));
}

TEST(ExtractTest, MacroInsideMacroBodyIsNotTheCallersUse) {
  FactSet F = parse("#include \"a.h\"\nint x = OUTER;\n",
                    {{"/proj/a.h", "#define INNER 1\n#define OUTER INNER\n"}});
  EXPECT_THAT(uses(F, UseKind::Macro),
              ElementsAre("main.cpp:2:9 macro OUTER (macro) -> a.h:2"));
}

TEST(ExtractTest, OtherWrittenTypesAreTypeUses) {
  FactSet F = parse(
      "#include \"a.h\"\nvoid g(void *p) { (void)static_cast<B *>(p); }\n",
      HeaderB);
  // "void g(void *p) { (void)static_cast<" -> column 37
  EXPECT_THAT(uses(F, UseKind::TypeUse),
              ElementsAre("main.cpp:2:37 type B (struct) -> a.h:1"));
}

TEST(ExtractTest, ScopesOfUserAndTarget) {
  FactSet F = parse(
      "#include \"a.h\"\nnamespace app {\nstruct C { void run(); "
      "};\n}\nvoid app::C::run() { lib::B::f(); }\n",
      {{"/proj/a.h", "namespace lib {\nstruct B { static void f(); };\n}\n"}});
  std::vector<const UseFact *> Calls;
  for (const UseFact &U : F.Uses)
    if (U.Kind == UseKind::Call)
      Calls.push_back(&U);
  ASSERT_EQ(Calls.size(), 1u);
  EXPECT_EQ(Calls[0]->Context, "app::C::run");
  EXPECT_EQ(Calls[0]->FromClass, "app::C");
  EXPECT_EQ(Calls[0]->FromNamespace, "app");
  EXPECT_EQ(Calls[0]->Target, "lib::B::f");
  EXPECT_EQ(Calls[0]->ToClass, "lib::B");
  EXPECT_EQ(Calls[0]->ToNamespace, "lib");
}

// Every instantiation names the template's own member, not Vec<int>::push.
// A class template's constructor is named with the parameters its
// definition declares. Clang prints them as the first declaration the TU
// read names them: yaml-cpp's singledocparser.h declares
// `template <int> class DepthGuard;`, and the DepthGuard<max_depth>
// constructor was DepthGuard<> in the TUs that read it first, so the
// header's facts depended on the TU that recorded them.
TEST(ExtractTest, ClassTemplateConstructorsAreNamedByTheirDefinition) {
  FactSet F = parse("template <int> struct G;\n"
                    "template <int max_depth = 2000> struct G {\n"
                    "  G(int &d) : m(d) { ++m; }\n"
                    "  ~G() { --m; }\n  int &m;\n};\n"
                    "void f() { int d = 0; G<500> g(d); }\n");
  std::vector<std::string> Contexts;
  for (const UseFact &U : F.Uses)
    if (U.Target == "G::m")
      Contexts.push_back(std::to_string(U.Line) + " " + U.Context.str());
  EXPECT_THAT(Contexts, ::testing::IsSupersetOf(
                            {"3 G::G<max_depth>", "4 G::~G<max_depth>"}));
  EXPECT_THAT(allUses(F),
              Contains("main.cpp:7:30 call G::G<max_depth> (constructor) -> "
                       "main.cpp:3"));
}

TEST(ExtractTest, TemplateMembersMapToThePattern) {
  FactSet F = parse("#include \"a.h\"\nvoid g(Vec<int> &v) { v.push(1); }\n",
                    {{"/proj/a.h", "template <class T> struct Vec {\n"
                                   "  void push(T);\n};\n"}});
  // "void g(Vec<int> &v) { v." -> column 25
  EXPECT_THAT(uses(F, UseKind::Call),
              ElementsAre("main.cpp:2:25 call Vec::push (method) -> a.h:2"));
}

TEST(ExtractTest, ClassTargetIsTheDefinitionNotAForwardDeclaration) {
  FactSet F = parse("#include \"fwd.h\"\n#include \"a.h\"\nB value;\n",
                    {{"/proj/fwd.h", "struct B;\n"}, HeaderB[0]});
  EXPECT_THAT(uses(F, UseKind::Variable),
              ElementsAre("main.cpp:3:1 var B (struct) -> a.h:1"));
}

TEST(ExtractTest, IncludesWithLinesAndKinds) {
  FactSet F =
      parse("#include \"a.h\"\n\n#include <lib.h>\n#include \"gone.h\"\n",
            {HeaderB[0], {"/sys/lib.h", "int lib();\n"}});
  ASSERT_EQ(F.Includes.size(), 3u);
  const IncludeFact &Quoted = F.Includes[0];
  EXPECT_EQ(Quoted.File, "main.cpp");
  EXPECT_EQ(Quoted.Line, 1u);
  EXPECT_EQ(Quoted.Column, 10u); // "#include " -> column 10
  EXPECT_EQ(Quoted.Spelled, "a.h");
  EXPECT_EQ(Quoted.Target, "a.h");
  EXPECT_FALSE(Quoted.Angled);
  EXPECT_FALSE(Quoted.System);
  EXPECT_FALSE(Quoted.External);
  const IncludeFact &Angled = F.Includes[1];
  EXPECT_EQ(Angled.Line, 3u);
  EXPECT_EQ(Angled.Target, "/sys/lib.h");
  EXPECT_TRUE(Angled.Angled);
  EXPECT_TRUE(Angled.System);
  EXPECT_TRUE(Angled.External);
  const IncludeFact &Missing = F.Includes[2];
  EXPECT_EQ(Missing.Line, 4u);
  EXPECT_EQ(Missing.Target, "");
  ASSERT_EQ(F.TUs.size(), 1u);
  EXPECT_EQ(F.TUs[0].Status, TUStatus::Failed); // 'gone.h' file not found
}

// Nothing declared or written inside a system header becomes a fact; uses of
// its entities from project code are kept and flagged external, without the
// header that declares them: which of several system headers that is
// depends on what the TU included first, not on the using file.
TEST(ExtractTest, SystemHeadersAreExternal) {
  FactSet F =
      parse("#include <lib.h>\nL x;\nint y = LIBMAX;\n",
            {{"/sys/lib.h", "struct Helper {};\nstruct L { Helper h; };\n"
                            "inline void lf() { L l; }\n#define LIBMAX 3\n"}});
  // External targets are placed at the external header the project file
  // includes on the way to them, with no line.
  EXPECT_THAT(allUses(F), UnorderedElementsAre(
                              "main.cpp:2:1 var L (struct) -> /sys/lib.h:0",
                              "main.cpp:3:9 macro LIBMAX "
                              "(macro) -> /sys/lib.h:0"));
  for (const UseFact &U : F.Uses)
    EXPECT_TRUE(U.External) << U.Target;
  for (const EntityFact &E : F.Entities)
    EXPECT_EQ(E.File, "main.cpp") << E.Name;
  for (const FileFact &File : F.Files)
    EXPECT_TRUE(File.Path == "main.cpp" || File.External) << File.Path;
}

TEST(ExtractTest, EntitiesWithKindsAndAbstractness) {
  FactSet F =
      parse("#include \"a.h\"\n",
            {{"/proj/a.h", "namespace ns {\n"
                           "struct I { virtual void f() = 0; };\n"
                           "class C : public I { void f() override; };\n"
                           "extern int v;\n"
                           "enum class K { X };\n"
                           "int fn(int);\n"
                           "using Id = int;\n"
                           "}\n"}});
  std::vector<std::string> Got;
  for (const EntityFact &E : F.Entities)
    Got.push_back(E.File + ":" + std::to_string(E.Line) + " " +
                  toString(E.Kind).str() + " " + E.Name +
                  (E.Abstract ? " abstract" : "") +
                  (E.Definition ? " def" : "") + " in '" + E.Parent + "'");
  EXPECT_THAT(
      Got,
      UnorderedElementsAre(
          "a.h:1 namespace ns def in ''",
          "a.h:2 struct ns::I abstract def in 'ns'",
          "a.h:2 method ns::I::f in 'ns::I'", "a.h:3 class ns::C def in 'ns'",
          "a.h:3 method ns::C::f in 'ns::C'", "a.h:4 variable ns::v in 'ns'",
          "a.h:5 enum ns::K def in 'ns'",
          "a.h:5 enumerator ns::K::X def in 'ns::K'",
          "a.h:6 function ns::fn in 'ns'", "a.h:7 typedef ns::Id def in 'ns'"));
}

// Two TUs include the same header; its facts appear once in the merge.
TEST(ExtractTest, HeaderFactsCountedOnceAcrossTUs) {
  Files H = {{"/proj/a.h", "struct B {};\ninline B makeB() { return B(); }\n"}};
  FactSet One = parse("#include \"a.h\"\nB x;\n", H, "/proj/one.cpp");
  FactSet Two = parse("#include \"a.h\"\nB y;\n", H, "/proj/two.cpp");
  auto Merged = mergeAll({One, Two});
  ASSERT_TRUE(bool(Merged));
  auto InHeader = [](const FactSet &F) {
    return std::count_if(F.Uses.begin(), F.Uses.end(),
                         [](const UseFact &U) { return U.File == "a.h"; });
  };
  // The return type at a.h:2:8 and the temporary's type at a.h:2:27, each
  // once although both TUs saw them.
  EXPECT_EQ(InHeader(One), 2);
  EXPECT_EQ(InHeader(Two), 2);
  EXPECT_EQ(InHeader(*Merged), 2);
  EXPECT_EQ(Merged->TUs.size(), 2u);
  EXPECT_EQ(std::count_if(Merged->Entities.begin(), Merged->Entities.end(),
                          [](const EntityFact &E) { return E.Name == "B"; }),
            1);
}

TEST(ExtractTest, SyntaxErrorKeepsPartialFactsAndRecordsFailure) {
  FactSet F = parse("#include \"a.h\"\nB ok;\nint broken( {\n", HeaderB);
  ASSERT_EQ(F.TUs.size(), 1u);
  EXPECT_EQ(F.TUs[0].Status, TUStatus::Failed);
  EXPECT_GE(F.TUs[0].Errors, 1u);
  EXPECT_EQ(F.TUs[0].FirstError.rfind("main.cpp:3:", 0), 0u)
      << F.TUs[0].FirstError;
  EXPECT_THAT(uses(F, UseKind::Variable),
              Contains("main.cpp:2:1 var B (struct) -> a.h:1"));
  for (const FileFact &File : F.Files)
    EXPECT_FALSE(File.Complete) << File.Path;
}

TEST(ExtractTest, CleanTUHasOkStatus) {
  FactSet F = parse("#include \"a.h\"\nB ok;\n", HeaderB);
  ASSERT_EQ(F.TUs.size(), 1u);
  EXPECT_EQ(F.TUs[0].File, "main.cpp");
  EXPECT_EQ(F.TUs[0].Status, TUStatus::Ok);
  EXPECT_EQ(F.TUs[0].FirstError, "");
}

// The first TU to meet a project header parses its bodies; the second skips
// them. Each TU alone then differs, but the merge equals two full parses.
TEST(ExtractTest, ClaimedHeaderBodiesAreParsedOnce) {
  Files H = {{"/proj/a.h", "struct B {};\ninline B makeB() { return B(); }\n"}};
  HeaderClaims Claims;
  ParseOptions Skip;
  Skip.Bodies.Claims = &Claims;
  FactSet One = extractFromCode("#include \"a.h\"\nB x;\n", "/proj/one.cpp",
                                {"-std=c++20", "-I/proj"}, "/proj", H, Skip);
  FactSet Two = extractFromCode("#include \"a.h\"\nB y;\n", "/proj/two.cpp",
                                {"-std=c++20", "-I/proj"}, "/proj", H, Skip);
  auto Temporaries = [](const FactSet &F) {
    return std::count_if(F.Uses.begin(), F.Uses.end(), [](const UseFact &U) {
      return U.File == "a.h" && U.Kind == UseKind::TypeUse;
    });
  };
  EXPECT_EQ(Temporaries(One), 1); // B() inside makeB's body, a.h:2:27
  EXPECT_EQ(Temporaries(Two), 0); // skipped: One has it
  auto Skipped = mergeAll({One, Two});
  auto Parsed =
      mergeAll({parse("#include \"a.h\"\nB x;\n", H, "/proj/one.cpp"),
                parse("#include \"a.h\"\nB y;\n", H, "/proj/two.cpp")});
  ASSERT_TRUE(Skipped && Parsed);
  EXPECT_TRUE(*Skipped == *Parsed);
}

// A macro body's uses are facts of the header that defines the macro, but
// only the TUs that expand it find them: here two.cpp, which does not own
// m.h's view (one.cpp was first, and parsed the body of twice(), which
// two.cpp skips). They must not be lost with the claim.
TEST(ExtractTest, MacroBodyUsesAreRecordedByTheExpandingTU) {
  Files H = {{"/proj/l.h", "#define INNER 1\nint makeLog();\n"},
             {"/proj/m.h", "#include \"l.h\"\n"
                           "#define LOG_VAR(n) int n = makeLog() + INNER\n"
                           "inline int twice() { return 2 * makeLog(); }\n"}};
  llvm::StringRef OneCode = "#include \"m.h\"\nint x;\n";
  llvm::StringRef TwoCode = "#include \"m.h\"\nLOG_VAR(y);\n";
  HeaderClaims Claims;
  ParseOptions Skip;
  Skip.Bodies.Claims = &Claims;
  std::vector<std::string> Args = {"-std=c++20", "-I/proj"};
  FactSet One =
      extractFromCode(OneCode, "/proj/one.cpp", Args, "/proj", H, Skip);
  FactSet Two =
      extractFromCode(TwoCode, "/proj/two.cpp", Args, "/proj", H, Skip);
  // m.h:2: "#define LOG_VAR(n) int n = " precedes makeLog at column 28 and
  // "... makeLog() + " precedes INNER at column 40.
  EXPECT_THAT(allUses(Two), Contains("m.h:2:28 call makeLog (function) -> "
                                     "l.h:2"));
  EXPECT_THAT(allUses(Two), Contains("m.h:2:40 macro INNER (macro) -> l.h:1"));
  auto Claimed = mergeAll({One, Two});
  auto Whole = mergeAll(
      {parse(OneCode, H, "/proj/one.cpp"), parse(TwoCode, H, "/proj/two.cpp")});
  ASSERT_TRUE(Claimed && Whole);
  EXPECT_THAT(allUses(*Claimed), ::testing::ContainerEq(allUses(*Whole)));
}

//===----------------------------------------------------------------------===//
// Physical dependencies: the declaration a use depends on is one its file
// can see, and the facts say whether it needs the definition.
//===----------------------------------------------------------------------===//

namespace {

// The uses in \p File of \p Target, as "line kind -> target_file:line
// needs via"; \p Table picks uses or reliant uses.
std::vector<std::string> seen(const std::vector<UseFact> &Table,
                              llvm::StringRef File, llvm::StringRef Target) {
  std::vector<std::string> Out;
  for (const UseFact &U : Table)
    if (U.File == File && U.Target == Target)
      Out.push_back(std::to_string(U.Line) + " " + toString(U.Kind).str() +
                    " -> " + U.TargetFile + ":" + std::to_string(U.TargetLine) +
                    (U.NeedsDefinition ? " def" : " decl") + " via " +
                    std::to_string(U.Via));
  return Out;
}

const char *FooDefinition = "#pragma once\nclass Foo { public: int x; };\n";

} // namespace

// A forward declaration in the using file is what a pointer needs: no
// dependency on the file that defines the class, though the TU saw it first.
TEST(PhysicalTest, ForwardDeclarationInTheSameFile) {
  FactSet F = parse("#include \"foo.h\"\n#include \"table.h\"\n",
                    {{"/proj/foo.h", FooDefinition},
                     {"/proj/table.h", "#pragma once\nclass Foo;\n"
                                       "struct Table { const Foo *F; };\n"}});
  EXPECT_THAT(seen(F.Uses, "table.h", "Foo"),
              ElementsAre("3 field -> table.h:2 decl via 0"));
}

// Two declarations behind one include, as far away: the first by path,
// not the one the TU happened to read first. leveldb's version_edit.h
// reaches `class Slice;` (comparator.h) and Slice's definition (slice.h)
// through dbformat.h, and its TUs read the two in either order; a header's
// facts must not depend on which TU recorded them.
TEST(PhysicalTest, DeclarationsBehindOneIncludeAreChosenByPlace) {
  Files H = {
      {"/proj/s.h", "#pragma once\nclass S {};\n"},
      {"/proj/zfwd.h", "#pragma once\nclass S;\n"},
      {"/proj/all.h", "#pragma once\n#include \"zfwd.h\"\n#include \"s.h\"\n"},
      {"/proj/use.h", "#pragma once\n#include \"all.h\"\n"
                      "void take(S &s);\n"}};
  // s.h < zfwd.h by path, whichever the TU reads first.
  for (const char *Main : {"#include \"s.h\"\n#include \"use.h\"\n",
                           "#include \"zfwd.h\"\n#include \"use.h\"\n"})
    EXPECT_THAT(seen(parse(Main, H).Uses, "use.h", "S"),
                ElementsAre("3 param -> s.h:2 decl via 2"))
        << Main;
}

// A declaration naming `X<int*>` needs no partial specialization; a use
// that needs the type complete names the one it selects. Whether a
// declaration's specialization was instantiated depends on the rest of the
// TU (here the variable below), so naming it there would make a header's
// facts depend on the TU.
TEST(PhysicalTest, PartialSpecializationOnlyWhereTheTypeIsComplete) {
  FactSet F = parse("#include \"x.h\"\nvoid f(X<int *>);\nX<int *> v;\n",
                    {{"/proj/x.h", "#pragma once\n"
                                   "template <class T> struct X { T t; };\n"
                                   "template <class T> struct X<T *> {};\n"}});
  // Line 2: the primary template only; line 3: both.
  EXPECT_THAT(
      seen(F.Uses, "main.cpp", "X"),
      ElementsAre("2 param -> x.h:2 decl via 1", "3 var -> x.h:2 def via 1"));
  EXPECT_THAT(seen(F.Uses, "main.cpp", "X<T *>"),
              ElementsAre("3 var -> x.h:3 def via 1"));
}

// An explicit specialization declared after the use is not the use's: a
// friend declaration names F<B> before anything specializes it (fmt's
// `friend struct formatter<bigint>;`, specialized later in format-inl.h,
// which only some TUs read). One declared before is (IncludeAdviceTest).
TEST(PhysicalTest, ExplicitSpecializationDeclaredAfterTheUseIsNotUsed) {
  FactSet F = parse("template <class T> struct F {};\n"
                    "struct B { friend struct F<B>; };\n"
                    "template <> struct F<B> { int x; };\n"
                    "F<B> v;\n");
  // Line 2 names the primary template only; line 4 the specialization too.
  EXPECT_THAT(seen(F.Uses, "main.cpp", "F"),
              ElementsAre("2 friend -> main.cpp:1 decl via 0",
                          "4 var -> main.cpp:1 def via 0"));
  EXPECT_THAT(seen(F.Uses, "main.cpp", "F<B>"),
              ElementsAre("4 var -> main.cpp:3 def via 0"));
}

// A temporary of a class template whose destructor is defined in the
// class uses no other file, whether or not the rest of the TU happened to
// instantiate that destructor (fmt's basic_memory_buffer in format.h).
TEST(PhysicalTest, TemporaryOfATemplateJudgedByItsPattern) {
  const char *Template = "template <class T> struct Buf { ~Buf() {} };\n"
                         "template <class T> void g() { Buf<int>(); }\n";
  for (std::string Rest : {"", "void h() { Buf<int>(); }\n"})
    EXPECT_THAT(seen(parse(Template + Rest).Uses, "main.cpp", "Buf::~Buf<T>"),
                IsEmpty())
        << Rest;
}

// Through an include of a forward-declaring header: the edge goes there.
TEST(PhysicalTest, ForwardDeclarationInAnIncludedFile) {
  FactSet F = parse("#include \"foo.h\"\n#include \"table.h\"\n",
                    {{"/proj/foo.h", FooDefinition},
                     {"/proj/fwd.h", "#pragma once\nclass Foo;\n"},
                     {"/proj/table.h", "#pragma once\n#include \"fwd.h\"\n"
                                       "void take(Foo &f);\n"}});
  EXPECT_THAT(seen(F.Uses, "table.h", "Foo"),
              ElementsAre("3 param -> fwd.h:2 decl via 2"));
}

// `friend class X;` and `struct X *p` declare X themselves: with nothing
// else visible they depend on nothing; with a forward declaration before,
// on that.
TEST(PhysicalTest, FriendClassNeedsNoDefinition) {
  Files Headers = {{"/proj/cache.h", "#pragma once\nclass TableCache {};\n"},
                   {"/proj/table.h", "#pragma once\nclass Table {\n"
                                     "  friend class TableCache;\n};\n"},
                   {"/proj/fwd.h", "#pragma once\nclass TableCache;\n"
                                   "class Table2 {\n"
                                   "  friend class TableCache;\n};\n"}};
  FactSet F =
      parse("#include \"cache.h\"\n#include \"table.h\"\n#include \"fwd.h\"\n",
            Headers);
  EXPECT_THAT(seen(F.Uses, "table.h", "TableCache"), IsEmpty());
  EXPECT_THAT(seen(F.Reliant, "table.h", "TableCache"), IsEmpty());
  EXPECT_THAT(seen(F.Uses, "fwd.h", "TableCache"),
              ElementsAre("4 friend -> fwd.h:2 decl via 0"));
}

// A pointer parameter needs a declaration (the one in the file); a member
// by value needs the definition (through the include of line 2).
TEST(PhysicalTest, PointerParameterAgainstByValueMember) {
  FactSet F = parse("#include \"s.h\"\n",
                    {{"/proj/foo.h", FooDefinition},
                     {"/proj/s.h", "#pragma once\n#include \"foo.h\"\n"
                                   "class Foo;\nvoid f(Foo *p);\n"
                                   "struct S { Foo v; };\n"}});
  EXPECT_THAT(seen(F.Uses, "s.h", "Foo"),
              ElementsAre("4 param -> s.h:3 decl via 0",
                          "5 field -> foo.h:2 def via 2"));
}

TEST(PhysicalTest, BaseClassNeedsTheDefinition) {
  FactSet F =
      parse("#include \"d.h\"\n", {{"/proj/foo.h", FooDefinition},
                                   {"/proj/d.h", "#pragma once\nclass Foo;\n"
                                                 "#include \"foo.h\"\n"
                                                 "struct D : Foo {};\n"}});
  EXPECT_THAT(seen(F.Uses, "d.h", "Foo"),
              ElementsAre("4 base -> foo.h:2 def via 3"));
}

// A header testing a configuration macro its includer defines depends on
// nothing; one expanding such a macro relies on its includer.
TEST(PhysicalTest, MacroDefinedByTheIncluder) {
  FactSet F = parse("#define FOO_STATIC_ONLY 1\n#define WIDTH 8\n"
                    "#include \"foo.h\"\n",
                    {{"/proj/foo.h", "#ifdef FOO_STATIC_ONLY\n"
                                     "int width[WIDTH];\n#endif\n"}});
  EXPECT_THAT(seen(F.Uses, "foo.h", "FOO_STATIC_ONLY"), IsEmpty());
  EXPECT_THAT(seen(F.Reliant, "foo.h", "FOO_STATIC_ONLY"), IsEmpty());
  EXPECT_THAT(seen(F.Uses, "foo.h", "WIDTH"), IsEmpty());
  EXPECT_THAT(seen(F.Reliant, "foo.h", "WIDTH"),
              ElementsAre("2 macro -> main.cpp:2 def via 0"));
}

// bits.h never includes crc.h: the candidate its dependent `x << n` found
// was declared earlier in this TU only.
TEST(PhysicalTest, DependentOperatorCandidateFromAnEarlierHeader) {
  FactSet F = parse(
      "#include \"crc.h\"\n#include \"bits.h\"\n",
      {{"/proj/crc.h", "#pragma once\nnamespace n { struct C {};\n"
                       "C operator<<(C, int); }\n"},
       {"/proj/bits.h", "#pragma once\nnamespace n {\n"
                        "template <class T> T shl(T x) { return x << 1; }\n"
                        "}\n"}});
  EXPECT_THAT(seen(F.Uses, "bits.h", "n::operator<<"), IsEmpty());
  EXPECT_THAT(seen(F.Reliant, "bits.h", "n::operator<<"), IsEmpty());
}

// A call found by argument-dependent lookup of a function the file cannot
// see compiles only in this TU: a reliant use, not a dependency.
TEST(PhysicalTest, ArgumentDependentLookupOfAnUnseenFunction) {
  FactSet F = parse("#include \"x.h\"\n#include \"use.h\"\n",
                    {{"/proj/x.h", "#pragma once\nnamespace n { struct X {};\n"
                                   "void f(X); }\n"},
                     {"/proj/xfwd.h", "#pragma once\nnamespace n { struct X; }"
                                      "\n"},
                     {"/proj/use.h", "#pragma once\n#include \"xfwd.h\"\n"
                                     "inline void g(n::X &x) { f(x); }\n"}});
  EXPECT_THAT(seen(F.Uses, "use.h", "n::f"), IsEmpty());
  EXPECT_THAT(seen(F.Reliant, "use.h", "n::f"),
              ElementsAre("3 call -> x.h:3 decl via 0"));
}

// What an instantiation calls is the instantiating file's business: the
// template's file has no use of R::run.
TEST(PhysicalTest, ImplicitInstantiationIsNotTheTemplatesUse) {
  FactSet F = parse("#include \"call.h\"\nstruct R { void run(); };\n"
                    "void go() { call(R{}); }\n",
                    {{"/proj/call.h", "#pragma once\ntemplate <class T> "
                                      "void call(T t) { t.run(); }\n"}});
  for (const UseFact &U : F.Uses)
    EXPECT_NE(U.File, "call.h") << U.Target;
  EXPECT_THAT(seen(F.Uses, "main.cpp", "call"),
              ElementsAre("3 call -> call.h:2 decl via 1"));
}

TEST(PhysicalTest, TypedefOfAForwardDeclaredClass) {
  FactSet F = parse("#include \"foo.h\"\n#include \"ptr.h\"\n",
                    {{"/proj/foo.h", FooDefinition},
                     {"/proj/ptr.h", "#pragma once\nclass Foo;\n"
                                     "typedef Foo *FooPtr;\n"}});
  EXPECT_THAT(seen(F.Uses, "ptr.h", "Foo"),
              ElementsAre("3 typedef -> ptr.h:2 decl via 0"));
}

// A compiler builtin behind a macro is no entity and no target.
TEST(PhysicalTest, BuiltinBehindAMacroIsNoEntity) {
  FactSet F =
      parse("#include \"a.h\"\n#include \"b.h\"\n",
            {{"/proj/likely.h", "#pragma once\n#define LIKELY(x) "
                                "__builtin_expect(!!(x), 1)\n"},
             {"/proj/a.h", "#pragma once\n#include \"likely.h\"\n"
                           "inline int a(int v) { return LIKELY(v); }\n"},
             {"/proj/b.h", "#pragma once\n#include \"likely.h\"\n"
                           "inline int b(int v) { return LIKELY(v); }\n"}});
  for (const EntityFact &E : F.Entities)
    EXPECT_EQ(E.Name.find("__builtin"), std::string::npos) << E.Name;
  for (const auto *Table : {&F.Uses, &F.Reliant})
    for (const UseFact &U : *Table)
      EXPECT_EQ(U.Target.find("__builtin"), std::string::npos)
          << U.File << ":" << U.Line;
}

// Every include target is a file of the facts, even one that declares
// nothing the TU uses.
TEST(PhysicalTest, EveryIncludeTargetIsAFile) {
  FactSet F = parse(
      "#include \"empty.h\"\n#include <sys.h>\n",
      {{"/proj/empty.h", "#pragma once\n"}, {"/sys/sys.h", "#pragma once\n"}});
  std::vector<std::string> Paths;
  for (const FileFact &File : F.Files)
    Paths.push_back(File.Path + (File.External ? " external" : ""));
  EXPECT_THAT(Paths, UnorderedElementsAre("empty.h", "main.cpp",
                                          "/sys/sys.h external"));
}
