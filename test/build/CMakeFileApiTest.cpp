//===- CMakeFileApiTest.cpp - Replies CMake writes for small projects -----===//
//
// Each test writes a small project, asks for a codemodel with strata's own
// query file, runs the CMake the build uses to configure it (never to
// build), and reads the reply as strata does on a user's build.
//
//===----------------------------------------------------------------------===//
#include "strata/build/CMakeFileApi.h"
#include "strata/build/Declared.h"

#include "TestSupport.h"
#include "e2e/Process.h"
#include "llvm/Support/MemoryBuffer.h"
#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace strata;
using namespace strata::build;
using namespace strata::test;
using llvm::Expected;
using llvm::toString;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

// Every case the issue names: a static and a shared library, an object
// library, an interface library with and without sources, an imported
// target, a header listed in a target and one not listed, a generated
// source, a library made by a helper function, and a link written over two
// lines. Line numbers matter: the declarations are read from them.
constexpr const char *Project = R"(cmake_minimum_required(VERSION 3.16)
project(p CXX)
add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/gen.cpp
  COMMAND ${CMAKE_COMMAND} -E touch ${CMAKE_CURRENT_BINARY_DIR}/gen.cpp)
add_library(st STATIC st/st.cpp st/st.h ${CMAKE_CURRENT_BINARY_DIR}/gen.cpp)
target_include_directories(st PUBLIC st)
add_library(sh SHARED sh/sh.cpp)
target_link_libraries(sh PRIVATE st)
add_library(obj OBJECT obj/obj.cpp)
add_library(iface INTERFACE)
target_include_directories(iface INTERFACE iface)
add_library(iface_src INTERFACE iface/i.h)
add_library(imp STATIC IMPORTED)
set_target_properties(imp PROPERTIES IMPORTED_LOCATION /usr/lib/libimp_fake.a)
function(my_lib name)
  cmake_parse_arguments(A "" "" "DEPS;SRCS" ${ARGN})
  add_library(${name} STATIC ${A_SRCS})
  target_link_libraries(${name} PUBLIC ${A_DEPS})
endfunction()
my_lib(wrapped SRCS w/w.cpp DEPS st)
add_executable(exe main.cpp $<TARGET_OBJECTS:obj>)
target_link_libraries(exe PRIVATE sh iface iface_src imp
  wrapped)
add_library(quiet STATIC q/q.cpp)
target_link_libraries(quiet PRIVATE st)
)";

class CMakeFileApiTest : public ::testing::Test {
protected:
  // Writes the project, the query, and configures it.
  void configure() {
    Dir.write("src/CMakeLists.txt", Project);
    for (const char *F :
         {"st/st.cpp", "st/st.h", "sh/sh.cpp", "sh/sh.h", "obj/obj.cpp",
          "iface/i.h", "w/w.cpp", "main.cpp", "q/q.cpp"})
      Dir.write(std::string("src/") + F, "int f();\n");
    Dir.write("build/.keep", "");
    Expected<std::string> Query = writeCMakeQuery(Dir.path("build"));
    ASSERT_TRUE(bool(Query)) << toString(Query.takeError());
    EXPECT_THAT(*Query, HasSubstr(".cmake/api/v1/query/codemodel-v2"));
    RunResult R = runProgram({STRATA_CMAKE_COMMAND, "-S", Dir.path("src"), "-B",
                              Dir.path("build"), "-G", "Ninja"});
    ASSERT_EQ(R.Exit, 0) << R.Err;
    Expected<BuildModel> Read = readCMakeReply(Dir.path("build"));
    ASSERT_TRUE(bool(Read)) << toString(Read.takeError());
    M = std::move(*Read);
  }

  const Target &target(llvm::StringRef Name) {
    const Target *T = M.find(Name);
    EXPECT_NE(T, nullptr) << Name.str();
    static const Target None;
    return T ? *T : None;
  }

  TempDir Dir;
  BuildModel M;
};

std::vector<std::string> names(const BuildModel &M) {
  std::vector<std::string> Out;
  for (const Target &T : M.Targets)
    Out.push_back(T.Name);
  return Out;
}

} // namespace

TEST_F(CMakeFileApiTest, TargetsTheirTypesAndSources) {
  ASSERT_NO_FATAL_FAILURE(configure());
  EXPECT_EQ(M.Major, 2u);
  EXPECT_EQ(M.SourceDir, Dir.path("src"));
  // An interface library without sources and an imported target are not
  // in the reply before codemodel 2.9; the one with sources is.
  EXPECT_THAT(names(M), ElementsAre("exe", "iface_src", "obj", "quiet", "sh",
                                    "st", "wrapped"));
  EXPECT_EQ(target("st").Type, TargetType::StaticLibrary);
  EXPECT_EQ(target("sh").Type, TargetType::SharedLibrary);
  EXPECT_EQ(target("obj").Type, TargetType::ObjectLibrary);
  EXPECT_EQ(target("iface_src").Type, TargetType::InterfaceLibrary);
  EXPECT_EQ(target("exe").Type, TargetType::Executable);
  // st lists its header (not compiled) and a generated source.
  std::vector<std::string> Sources;
  for (const TargetSource &S : target("st").Sources)
    Sources.push_back(S.Path + (S.Compiled ? " compiled" : "") +
                      (S.Generated ? " generated" : ""));
  EXPECT_THAT(
      Sources,
      ::testing::IsSupersetOf(
          {Dir.path("src/st/st.cpp") + " compiled", Dir.path("src/st/st.h"),
           Dir.path("build/gen.cpp") + " compiled generated"}));
  // sh does not list sh/sh.h: the module rules place it (Targets.h).
  EXPECT_EQ(target("sh").Sources.size(), 1u);
  // st's include directory is its own; exe's copy of it is inherited.
  ASSERT_FALSE(target("st").Includes.empty());
  EXPECT_EQ(target("st").Includes[0].Path, Dir.path("src/st"));
  EXPECT_TRUE(target("st").Includes[0].Own);
  EXPECT_EQ(target("st").Where.front().Command, "add_library");
  EXPECT_EQ(target("st").Where.front().Line, 5u);
}

// The reply's dependencies are a closure: exe reaches st through sh and
// wrapped, and both entries point at exe's own call (line 22).
TEST_F(CMakeFileApiTest, DependenciesAreTheClosure) {
  ASSERT_NO_FATAL_FAILURE(configure());
  std::vector<std::string> Deps;
  for (const TargetDependency &D : target("exe").Dependencies)
    Deps.push_back(D.Target + (D.Where.empty()
                                   ? std::string()
                                   : ":" + std::to_string(D.Where[0].Line)));
  EXPECT_THAT(Deps, ::testing::IsSupersetOf({"sh:22", "st:22", "wrapped:22"}));
}

// What each target says it uses, read at its calls: exe's items over two
// lines, the imported and the invisible interface target as external,
// wrapped's through its helper's call (line 20), and quiet's PRIVATE link
// of a static library, which no backtrace points at.
TEST_F(CMakeFileApiTest, DeclarationsAreReadFromTheCalls) {
  ASSERT_NO_FATAL_FAILURE(configure());
  auto Read = [](llvm::StringRef Path) -> Expected<std::string> {
    auto B = llvm::MemoryBuffer::getFile(Path);
    if (!B)
      return llvm::errorCodeToError(B.getError());
    return (*B)->getBuffer().str();
  };
  std::map<std::string, TargetDeclarations> D = declaredDependencies(M, Read);
  auto Show = [&](const std::string &T) {
    std::vector<std::string> Out;
    for (const DeclaredDependency &Dep : D[T].Dependencies)
      Out.push_back(Dep.Name + (Dep.External ? " external" : "") + " " +
                    (Dep.ScopeKnown
                         ? (Dep.Scope == LinkScope::Public    ? "public"
                            : Dep.Scope == LinkScope::Private ? "private"
                                                              : "other")
                         : "unknown") +
                    " " + std::to_string(Dep.Line));
    return Out;
  };
  EXPECT_THAT(Show("exe"),
              ElementsAre("sh private 22", "iface external private 22",
                          "iface_src private 22", "imp external private 22",
                          "wrapped private 23"));
  EXPECT_THAT(Show("sh"), ElementsAre("st private 8"));
  EXPECT_THAT(Show("wrapped"), ElementsAre("st public 20"));
  EXPECT_THAT(Show("quiet"), ElementsAre("st private 25"));
  EXPECT_TRUE(D["exe"].Unresolved.empty());
  for (const DeclaredDependency &Dep : D["exe"].Dependencies)
    EXPECT_EQ(Dep.File, Dir.path("src/CMakeLists.txt"));
}

TEST(CMakeFileApiErrorsTest, NoReplySaysHowToGetOne) {
  TempDir Dir;
  Dir.write("build/.keep", "");
  Expected<BuildModel> M = readCMakeReply(Dir.path("build"));
  ASSERT_FALSE(bool(M));
  EXPECT_THAT(toString(M.takeError()),
              HasSubstr("no CMake File API reply: run `strata cmake-query"));
}

// A build directory that does not exist yet is created, with the query
// inside it; a file in its place is an error naming it.
TEST(CMakeFileApiErrorsTest, QueryCreatesTheBuildDirectory) {
  TempDir Dir;
  Expected<std::string> Q = writeCMakeQuery(Dir.path("missing/build"));
  ASSERT_TRUE(bool(Q)) << toString(Q.takeError());
  EXPECT_EQ(*Q, Dir.path("missing/build/.cmake/api/v1/query/codemodel-v2"));
  Dir.write("file", "");
  Expected<std::string> Blocked = writeCMakeQuery(Dir.path("file"));
  ASSERT_FALSE(bool(Blocked));
  EXPECT_THAT(toString(Blocked.takeError()), HasSubstr(Dir.path("file")));
}
