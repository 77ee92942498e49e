//===- CompileDb.cpp - Compilation databases ------------------------------===//
#include "strata/extract/CompileDb.h"

#include "strata/support/Json.h"
#include "strata/support/Output.h"
#include "strata/support/Paths.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <nlohmann/json.hpp>

using namespace llvm;
using nlohmann::json;

namespace strata::extract {
namespace {

constexpr StringRef DbName = "compile_commands.json";

std::string entryError(size_t Index, const Twine &Problem) {
  return ("entry " + Twine(Index) + ": " + Problem).str();
}

// The files a response file may name: regular files of at most 1 MiB, at
// most 256 of them and 16 MiB in all for one command, so that "@/dev/zero",
// a FIFO or response files that name each other twice over end in an error,
// not in a hang or an explosion.
class ResponseFileSystem : public vfs::ProxyFileSystem {
public:
  ResponseFileSystem() : ProxyFileSystem(vfs::getRealFileSystem()) {}

  ErrorOr<std::unique_ptr<vfs::File>>
  openFileForRead(const Twine &Path) override {
    ErrorOr<vfs::Status> S = status(Path);
    if (!S)
      return S.getError();
    if (S->getType() != sys::fs::file_type::regular_file ||
        S->getSize() > (1u << 20))
      return std::make_error_code(std::errc::file_too_large);
    Read += S->getSize();
    if (++Opened > 256 || Read > (16u << 20))
      return std::make_error_code(std::errc::file_too_large);
    return ProxyFileSystem::openFileForRead(Path);
  }

private:
  uint64_t Read = 0;
  unsigned Opened = 0;
};

// Replaces "@file" arguments with the file's arguments, as the compiler
// would, so that the rewriting in adjustCommandLine sees (and can drop) every
// option, plugins included. Paths are relative to the command's directory; a
// response file that cannot be read is left in place for the parse to report.
void expandResponseFiles(CompileCommand &Cmd) {
  if (llvm::none_of(Cmd.Arguments,
                    [](const std::string &A) { return A.starts_with("@"); }))
    return;
  BumpPtrAllocator Alloc;
  StringSaver Saver(Alloc);
  SmallVector<const char *, 64> Argv;
  for (const std::string &A : Cmd.Arguments)
    Argv.push_back(Saver.save(A).data());
  ResponseFileSystem FS;
  cl::ExpansionContext ECtx(Alloc, cl::TokenizeGNUCommandLine);
  ECtx.setCurrentDir(Cmd.Directory);
  ECtx.setVFS(&FS);
  if (Error E = ECtx.expandResponseFiles(Argv)) {
    consumeError(std::move(E));
    return;
  }
  std::vector<std::string> Expanded;
  for (const char *A : Argv)
    if (A)
      Expanded.emplace_back(A);
  if (!Expanded.empty()) // an empty response file as the whole command
    Cmd.Arguments = std::move(Expanded);
}

} // namespace

Expected<CompileDb> parseCompileDb(StringRef Content, StringRef JsonPath) {
  Expected<json> Parsed = parseJsonDocument(Content, JsonPath);
  if (!Parsed)
    return Parsed.takeError();
  const json &Root = *Parsed;
  if (!Root.is_array())
    return fileError(JsonPath,
                     "not a compilation database (expected a JSON array)");

  CompileDb Db;
  Db.Path = std::string(JsonPath);
  std::string DbDir = parentDir(JsonPath);
  StringSet<> Seen;
  BumpPtrAllocator Alloc;
  StringSaver Saver(Alloc);
  for (size_t Index = 0; Index < Root.size(); ++Index) {
    const json &Entry = Root[Index];
    auto Fail = [&](const Twine &Problem) {
      return fileError(JsonPath, entryError(Index, Problem));
    };
    if (!Entry.is_object())
      return Fail("not an object");
    auto Str = [&](const char *Key) -> const std::string * {
      auto It = Entry.find(Key);
      return It != Entry.end() && It->is_string()
                 ? It->get_ptr<const std::string *>()
                 : nullptr;
    };
    const std::string *Dir = Str("directory");
    const std::string *File = Str("file");
    if (!Dir)
      return Fail("'directory' is missing or not a string");
    if (!File)
      return Fail("'file' is missing or not a string");

    CompileCommand Cmd;
    // A relative directory is taken relative to the database's folder, which
    // is the only reading that does not depend on where strata runs.
    Cmd.Directory = normalizePath(*Dir, DbDir);
    Cmd.File = normalizePath(*File, Cmd.Directory);

    auto Args = Entry.find("arguments");
    if (Args != Entry.end()) {
      if (!Args->is_array())
        return Fail("'arguments' is not an array");
      for (const json &A : *Args) {
        if (!A.is_string())
          return Fail("'arguments' holds a value that is not a string");
        Cmd.Arguments.push_back(A.get<std::string>());
      }
    } else if (const std::string *Command = Str("command")) {
      SmallVector<const char *, 64> Tokens;
      cl::TokenizeGNUCommandLine(*Command, Saver, Tokens);
      for (const char *T : Tokens)
        if (T) // The tokenizer marks line ends with null entries.
          Cmd.Arguments.emplace_back(T);
    } else {
      return Fail("neither 'arguments' (array) nor 'command' (string) given");
    }
    if (Cmd.Arguments.empty())
      return Fail("the command line is empty");

    if (!Seen.insert(Cmd.File).second) {
      ++Db.DuplicatesDropped;
      continue;
    }
    Db.Commands.push_back(std::move(Cmd));
  }
  return Db;
}

Expected<CompileDb> loadCompileDb(StringRef BuildPath) {
  SmallString<256> Path;
  if (std::error_code EC = sys::fs::real_path(BuildPath, Path))
    return fileError(BuildPath, "cannot access build path: " + EC.message());
  if (sys::fs::is_directory(Path)) {
    sys::path::append(Path, DbName);
    if (!sys::fs::exists(Path))
      return fileError(BuildPath, "no compile_commands.json in this directory "
                                  "(configure with "
                                  "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON or use "
                                  "bear)");
  }
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return fileError(Path, "cannot read compilation database: " +
                               Buffer.getError().message());
  Expected<CompileDb> Db = parseCompileDb((*Buffer)->getBuffer(), Path);
  if (Db)
    for (CompileCommand &Cmd : Db->Commands)
      expandResponseFiles(Cmd);
  return Db;
}

Expected<std::string> findCompileDbFor(StringRef SourceFile) {
  SmallString<256> Dir;
  if (std::error_code EC = sys::fs::real_path(SourceFile, Dir))
    return fileError(SourceFile, "cannot access source file: " + EC.message());
  for (StringRef D = sys::path::parent_path(Dir); !D.empty();
       D = sys::path::parent_path(D)) {
    SmallString<256> Candidate(D);
    sys::path::append(Candidate, DbName);
    if (sys::fs::exists(Candidate))
      return std::string(Candidate);
  }
  return fileError(SourceFile, "no compile_commands.json found in its "
                               "directory or any parent; pass -p BUILD_DIR");
}

} // namespace strata::extract
