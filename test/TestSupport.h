//===- TestSupport.h - Helpers shared by strata's tests ---------*- C++ -*-===//
#ifndef STRATA_TEST_TESTSUPPORT_H
#define STRATA_TEST_TESTSUPPORT_H

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace strata::test {

/// A fresh directory (real path, symlinks resolved) removed on destruction.
class TempDir {
public:
  TempDir() {
    llvm::SmallString<256> P;
    EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("strata-test", P));
    llvm::SmallString<256> Real;
    llvm::sys::fs::real_path(P, Real);
    Path = std::string(Real);
  }
  ~TempDir() { llvm::sys::fs::remove_directories(Path); }
  TempDir(const TempDir &) = delete;

  /// Absolute path of \p Rel inside the directory.
  std::string path(llvm::StringRef Rel) const {
    llvm::SmallString<256> P(Path);
    llvm::sys::path::append(P, Rel);
    return std::string(P);
  }

  /// Writes \p Content to \p Rel, creating parent directories.
  std::string write(llvm::StringRef Rel, llvm::StringRef Content) const {
    std::string P = path(Rel);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(P));
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    EXPECT_FALSE(EC) << P;
    OS << Content;
    return P;
  }

  std::string Path;
};

inline std::string readFile(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  return Buffer ? (*Buffer)->getBuffer().str() : std::string();
}

/// The lines of \p S, without their newlines.
inline std::vector<std::string> lines(const std::string &S) {
  std::vector<std::string> Out;
  for (size_t Start = 0; Start < S.size();) {
    size_t End = S.find('\n', Start);
    if (End == std::string::npos)
      End = S.size();
    Out.push_back(S.substr(Start, End - Start));
    Start = End + 1;
  }
  return Out;
}

/// Expects \p Actual to equal the golden file at \p Path; with
/// UPDATE_GOLDEN set in the environment, rewrites the file instead (review
/// the diff).
inline void expectGolden(const std::string &Actual, const std::string &Path) {
  if (getenv("UPDATE_GOLDEN")) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    ASSERT_FALSE(EC) << Path;
    OS << Actual;
    return;
  }
  EXPECT_EQ(Actual, readFile(Path))
      << "rerun with UPDATE_GOLDEN=1 and review the diff of " << Path;
}

} // namespace strata::test

#endif
