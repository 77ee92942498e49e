//===- CMakeFileApi.cpp - The build's target model ------------------------===//
#include "strata/build/CMakeFileApi.h"

#include "strata/support/Json.h"
#include "strata/support/Output.h"
#include "strata/support/Paths.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <fmt/format.h>

using namespace llvm;
using nlohmann::json;

namespace strata::build {
namespace {

constexpr StringRef ReplyDir = ".cmake/api/v1/reply";
constexpr StringRef QueryFile = ".cmake/api/v1/query/codemodel-v2";
// The only major version of the codemodel there is; a new one would mean
// something else by the same fields.
constexpr unsigned CodemodelMajor = 2;

// A document that does not have the shape the File API documents: where in
// it and what is wrong, turned into one error naming the file at the top.
struct BadReply {
  std::string What;
};

[[noreturn]] void bad(const std::string &What) { throw BadReply{What}; }

const json &field(const json &Object, const char *Key, const std::string &At) {
  if (!Object.is_object())
    bad(At + " is not an object");
  auto It = Object.find(Key);
  if (It == Object.end())
    bad(At + " has no '" + Key + "'");
  return *It;
}

std::string text(const json &Object, const char *Key, const std::string &At) {
  const json &V = field(Object, Key, At);
  if (!V.is_string())
    bad(At + "." + Key + " is not a string");
  return V.get<std::string>();
}

std::optional<unsigned> index(const json &Object, const char *Key,
                              const std::string &At) {
  auto It = Object.find(Key);
  if (It == Object.end())
    return std::nullopt;
  std::optional<unsigned> N = asUnsigned(*It);
  if (!N)
    bad(At + "." + Key + " is not an index");
  return N;
}

const json &array(const json &Object, const char *Key, const std::string &At,
                  bool Optional = false) {
  static const json Empty = json::array();
  if (Optional && (!Object.is_object() || !Object.contains(Key)))
    return Empty;
  const json &V = field(Object, Key, At);
  if (!V.is_array())
    bad(At + "." + Key + " is not an array");
  return V;
}

std::string item(const std::string &At, size_t I) {
  return At + "[" + std::to_string(I) + "]";
}

// A reply file name from the index or the codemodel: a plain name in the
// reply directory, never a path out of it.
std::string replyFileName(const json &Object, const std::string &At) {
  std::string Name = text(Object, "jsonFile", At);
  if (Name.empty() || Name[0] == '.' ||
      Name.find_first_of("/\\") != std::string::npos)
    bad(At + ".jsonFile '" + oneLine(Name) +
        "' points outside the reply directory");
  return Name;
}

std::string absolute(StringRef Path, StringRef Base) {
  return normalizePath(Path, Base);
}

class TargetReader {
public:
  TargetReader(const json &Doc, std::string SourceDir)
      : SourceDir(std::move(SourceDir)) {
    if (!Doc.is_object())
      bad("the target is not an object");
    if (auto It = Doc.find("backtraceGraph"); It != Doc.end()) {
      const json &G = *It;
      Nodes = &array(G, "nodes", "backtraceGraph");
      for (const json &C : array(G, "commands", "backtraceGraph")) {
        if (!C.is_string())
          bad("backtraceGraph.commands has an entry that is not a string");
        Commands.push_back(C.get<std::string>());
      }
      for (const json &F : array(G, "files", "backtraceGraph")) {
        if (!F.is_string())
          bad("backtraceGraph.files has an entry that is not a string");
        Files.push_back(absolute(F.get<std::string>(), this->SourceDir));
      }
    }
  }

  // The chain of calls from node \p N outwards. The graph is a tree by
  // construction; a hostile one with a loop stops at its size.
  Backtrace backtrace(std::optional<unsigned> N) const {
    Backtrace Out;
    for (size_t Steps = 0; N && Nodes && Steps <= Nodes->size(); ++Steps) {
      if (*N >= Nodes->size())
        bad(fmt::format("backtrace node {} does not exist", *N));
      const json &Node = (*Nodes)[*N];
      std::string At = item("backtraceGraph.nodes", *N);
      std::optional<unsigned> File = index(Node, "file", At);
      if (!File || *File >= Files.size())
        bad(At + " has no valid 'file'");
      if (std::optional<unsigned> C = index(Node, "command", At)) {
        if (*C >= Commands.size())
          bad(At + ".command does not exist");
        Out.push_back(
            {Files[*File], index(Node, "line", At).value_or(0), Commands[*C]});
      }
      N = index(Node, "parent", At);
    }
    return Out;
  }

  // Every target_link_libraries call in the graph.
  std::vector<Backtrace> linkCalls() const {
    std::vector<Backtrace> Out;
    if (!Nodes)
      return Out;
    for (unsigned N = 0; N < Nodes->size(); ++N) {
      std::optional<unsigned> C =
          index((*Nodes)[N], "command", item("backtraceGraph.nodes", N));
      if (C && *C < Commands.size() &&
          StringRef(Commands[*C]).equals_insensitive("target_link_libraries"))
        Out.push_back(backtrace(N));
    }
    return Out;
  }

  std::optional<unsigned> backtraceOf(const json &Object,
                                      const std::string &At) const {
    return index(Object, "backtrace", At);
  }

private:
  std::string SourceDir;
  const json *Nodes = nullptr;
  std::vector<std::string> Commands, Files;
};

std::optional<TargetType> parseType(StringRef S) {
  static const std::pair<StringRef, TargetType> Types[] = {
      {"EXECUTABLE", TargetType::Executable},
      {"STATIC_LIBRARY", TargetType::StaticLibrary},
      {"SHARED_LIBRARY", TargetType::SharedLibrary},
      {"MODULE_LIBRARY", TargetType::ModuleLibrary},
      {"OBJECT_LIBRARY", TargetType::ObjectLibrary},
      {"INTERFACE_LIBRARY", TargetType::InterfaceLibrary},
      {"UTILITY", TargetType::Utility},
  };
  for (const auto &[Name, T] : Types)
    if (S == Name)
      return T;
  return std::nullopt;
}

// One target document; \p IdNames maps the codemodel's target ids to names.
Target readTarget(const json &Doc, const std::string &SourceDir,
                  const StringMap<std::string> &IdNames) {
  TargetReader R(Doc, SourceDir);
  Target T;
  T.Name = text(Doc, "name", "the target");
  std::string TypeName = text(Doc, "type", "the target");
  std::optional<TargetType> Type = parseType(TypeName);
  if (!Type)
    bad("the target's type '" + oneLine(TypeName) + "' is unknown");
  T.Type = *Type;
  if (auto P = Doc.find("paths"); P != Doc.end())
    T.SourceDir = absolute(text(*P, "source", "paths"), SourceDir);
  T.Where = R.backtrace(R.backtraceOf(Doc, "the target"));
  const json &Sources = array(Doc, "sources", "the target", true);
  for (size_t I = 0; I < Sources.size(); ++I) {
    std::string At = item("sources", I);
    TargetSource S;
    S.Path = absolute(text(Sources[I], "path", At), SourceDir);
    if (auto G = Sources[I].find("isGenerated"); G != Sources[I].end())
      S.Generated = G->is_boolean() && G->get<bool>();
    S.Compiled = Sources[I].contains("compileGroupIndex");
    T.Sources.push_back(std::move(S));
  }
  const json &Groups = array(Doc, "compileGroups", "the target", true);
  for (size_t I = 0; I < Groups.size(); ++I)
    for (const json &Inc :
         array(Groups[I], "includes", item("compileGroups", I), true)) {
      IncludeDirectory D;
      D.Path = absolute(text(Inc, "path", "an include"), SourceDir);
      Backtrace B = R.backtrace(R.backtraceOf(Inc, "an include"));
      D.Own =
          !B.empty() && StringRef(B.front().Command)
                            .equals_insensitive("target_include_directories");
      if (none_of(T.Includes,
                  [&](const IncludeDirectory &E) { return E.Path == D.Path; }))
        T.Includes.push_back(std::move(D));
    }
  const json &Deps = array(Doc, "dependencies", "the target", true);
  for (size_t I = 0; I < Deps.size(); ++I) {
    std::string At = item("dependencies", I);
    std::string Id = text(Deps[I], "id", At);
    auto It = IdNames.find(Id);
    if (It == IdNames.end())
      bad(At + " names target id '" + oneLine(Id) +
          "', which the codemodel does not have");
    T.Dependencies.push_back(
        {It->second, R.backtrace(R.backtraceOf(Deps[I], At))});
  }
  T.LinkCalls = R.linkCalls();
  return T;
}

} // namespace

StringRef toString(TargetType T) {
  static constexpr StringRef Names[] = {
      "EXECUTABLE",     "STATIC_LIBRARY",    "SHARED_LIBRARY", "MODULE_LIBRARY",
      "OBJECT_LIBRARY", "INTERFACE_LIBRARY", "UTILITY"};
  return Names[static_cast<int>(T)];
}

const Target *BuildModel::find(StringRef Name) const {
  auto It =
      partition_point(Targets, [&](const Target &T) { return T.Name < Name; });
  return It != Targets.end() && It->Name == Name ? &*It : nullptr;
}

std::string replyDirectory(StringRef BuildDir) {
  SmallString<256> P(BuildDir);
  sys::path::append(P, ReplyDir);
  return std::string(P);
}

Expected<BuildModel>
parseCMakeReply(StringRef IndexText, StringRef IndexPath,
                function_ref<Expected<std::string>(StringRef)> Read) {
  std::string Current = IndexPath.str();
  try {
    Expected<json> Index = parseJsonDocument(IndexText, IndexPath);
    if (!Index)
      return Index.takeError();
    BuildModel M;
    if (auto C = Index->find("cmake"); C != Index->end() && C->is_object())
      if (auto V = C->find("version"); V != C->end() && V->is_object())
        M.CMakeVersion = V->value("string", "");
    // The codemodel objects the index lists; a stateless query gets one.
    std::optional<std::string> File;
    std::string Majors;
    for (const json &O : array(*Index, "objects", "the index")) {
      if (!O.is_object() || O.value("kind", "") != "codemodel")
        continue;
      const json &V = field(O, "version", "the codemodel object");
      std::optional<unsigned> Major = index(V, "major", "version");
      if (Major != CodemodelMajor) {
        Majors += (Majors.empty() ? "" : ", ") +
                  (Major ? std::to_string(*Major) : std::string("?"));
        continue;
      }
      File = replyFileName(O, "the codemodel object");
    }
    if (!File)
      return fileError(
          IndexPath,
          Majors.empty()
              ? "the reply has no codemodel: write the query with `strata "
                "cmake-query` and configure again"
              : "the reply's codemodel has version " + Majors +
                    ", not 2: this strata reads codemodel v2 only");
    Current = (sys::path::parent_path(IndexPath) + "/" + *File).str();
    Expected<std::string> Text = Read(*File);
    if (!Text)
      return Text.takeError();
    Expected<json> Model = parseJsonDocument(*Text, Current);
    if (!Model)
      return Model.takeError();
    M.ReplyFile = Current;
    const json &Version = field(*Model, "version", "the codemodel");
    M.Major = index(Version, "major", "version").value_or(0);
    M.Minor = index(Version, "minor", "version").value_or(0);
    if (M.Major != CodemodelMajor)
      bad(fmt::format("the codemodel has version {}, not 2: this strata reads "
                      "codemodel v2 only",
                      M.Major));
    const json &Paths = field(*Model, "paths", "the codemodel");
    M.SourceDir = normalizePath(text(Paths, "source", "paths"), "/");
    M.BuildDir = normalizePath(text(Paths, "build", "paths"), "/");
    const json &Configs = array(*Model, "configurations", "the codemodel");
    if (Configs.empty())
      bad("the codemodel has no configuration");
    const json &Config = Configs[0];
    M.Configuration = Config.is_object() ? Config.value("name", "") : "";
    const json &Dirs = array(Config, "directories", "configurations[0]", true);
    for (size_t I = 0; I < Dirs.size(); ++I)
      M.ListFiles.push_back(
          absolute(text(Dirs[I], "source", item("directories", I)),
                   M.SourceDir) +
          "/CMakeLists.txt");
    const json &Targets = array(Config, "targets", "configurations[0]");
    StringMap<std::string> IdNames;
    std::vector<std::string> Files;
    for (size_t I = 0; I < Targets.size(); ++I) {
      std::string At = item("configurations[0].targets", I);
      IdNames[text(Targets[I], "id", At)] = text(Targets[I], "name", At);
      Files.push_back(replyFileName(Targets[I], At));
    }
    for (const std::string &F : Files) {
      Current = (sys::path::parent_path(IndexPath) + "/" + F).str();
      Expected<std::string> T = Read(F);
      if (!T)
        return T.takeError();
      Expected<json> Doc = parseJsonDocument(*T, Current);
      if (!Doc)
        return Doc.takeError();
      M.Targets.push_back(readTarget(*Doc, M.SourceDir, IdNames));
    }
    llvm::sort(M.Targets, [](const Target &A, const Target &B) {
      return A.Name < B.Name;
    });
    for (const Target &T : M.Targets)
      for (const Backtrace *B : {&T.Where})
        for (const Frame &F : *B)
          M.ListFiles.push_back(F.File);
    for (const Target &T : M.Targets)
      for (const Backtrace &B : T.LinkCalls)
        for (const Frame &F : B)
          M.ListFiles.push_back(F.File);
    // Only the project's own files: CMake's modules hold no declarations.
    llvm::erase_if(M.ListFiles, [&](const std::string &F) {
      return !isUnder(F, M.SourceDir);
    });
    llvm::sort(M.ListFiles);
    M.ListFiles.erase(std::unique(M.ListFiles.begin(), M.ListFiles.end()),
                      M.ListFiles.end());
    return M;
  } catch (const BadReply &E) {
    return fileError(Current, E.What);
  }
}

Expected<BuildModel> readCMakeReply(StringRef BuildDir) {
  std::string Dir = replyDirectory(BuildDir);
  // The index with the largest name is the newest (the File API's rule).
  std::string Newest;
  std::error_code EC;
  for (sys::fs::directory_iterator It(Dir, EC), End; !EC && It != End;
       It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    if (Name.starts_with("index-") && Name.ends_with(".json") &&
        Name > StringRef(Newest))
      Newest = Name.str();
  }
  if (Newest.empty())
    return fileError(BuildDir,
                     "no CMake File API reply: run `strata cmake-query -p " +
                         BuildDir + "`, then configure the build again");
  auto ReadReply = [&](StringRef Name) -> Expected<std::string> {
    SmallString<256> P(Dir);
    sys::path::append(P, Name);
    auto Buffer = MemoryBuffer::getFile(P, /*IsText=*/true);
    if (!Buffer)
      return fileError(P, "cannot read the reply file: " +
                              Buffer.getError().message());
    return (*Buffer)->getBuffer().str();
  };
  Expected<std::string> Index = ReadReply(Newest);
  if (!Index)
    return Index.takeError();
  return parseCMakeReply(*Index, Dir + "/" + Newest, ReadReply);
}

bool hasCMakeReply(StringRef BuildDir) {
  std::error_code EC;
  for (sys::fs::directory_iterator It(replyDirectory(BuildDir), EC), End;
       !EC && It != End; It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    if (Name.starts_with("index-") && Name.ends_with(".json"))
      return true;
  }
  return false;
}

Expected<std::string> writeCMakeQuery(StringRef BuildDir) {
  // The query goes in first: CMake reads it when it configures the
  // directory, new or not.
  if (std::error_code EC = sys::fs::create_directories(BuildDir))
    return fileError(BuildDir,
                     "cannot create the build directory: " + EC.message());
  if (!sys::fs::is_directory(BuildDir))
    return fileError(BuildDir, "not a directory (the build directory CMake "
                               "configures)");
  SmallString<256> P(BuildDir);
  sys::path::append(P, QueryFile);
  if (std::error_code EC =
          sys::fs::create_directories(sys::path::parent_path(P)))
    return fileError(P, "cannot create the query: " + EC.message());
  // The file's presence is the query; it stays empty.
  if (Error E = writeOutput(P, [](raw_ostream &) {}))
    return E;
  return std::string(P);
}

} // namespace strata::build
