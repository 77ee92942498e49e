//===- OutputTest.cpp -----------------------------------------------------===//
#include "strata/support/Output.h"

#include "TestSupport.h"
#include "llvm/Support/FileSystem.h"

using namespace strata;

TEST(OutputTest, WritesWholeFile) {
  test::TempDir Dir;
  std::string P = Dir.path("out.json");
  ASSERT_FALSE(llvm::errorToBool(
      writeOutput(P, [](llvm::raw_ostream &OS) { OS << "hello\n"; })));
  EXPECT_EQ(test::readFile(P), "hello\n");
}

TEST(OutputTest, MissingDirectoryIsAnErrorNamingThePath) {
  test::TempDir Dir;
  std::string P = Dir.path("missing/out.json");
  llvm::Error E = writeOutput(P, [](llvm::raw_ostream &OS) { OS << "x"; });
  ASSERT_TRUE(bool(E));
  std::string Message = llvm::toString(std::move(E));
  EXPECT_EQ(Message.rfind(P + ": cannot write output: ", 0), 0u) << Message;
  EXPECT_EQ(Message.find('\n'), std::string::npos);
  EXPECT_FALSE(llvm::sys::fs::exists(P));
}

TEST(OutputTest, LeavesNoTemporaryFilesBehind) {
  test::TempDir Dir;
  std::string P = Dir.path("out.txt");
  ASSERT_FALSE(llvm::errorToBool(
      writeOutput(P, [](llvm::raw_ostream &OS) { OS << "x"; })));
  std::error_code EC;
  int Entries = 0;
  for (llvm::sys::fs::directory_iterator It(Dir.Path, EC), End;
       It != End && !EC; It.increment(EC))
    ++Entries;
  EXPECT_EQ(Entries, 1);
}
