//===- strata/extract/Extract.h - Facts from a compile database -*- C++ -*-===//
//
// Extraction is the first stage of the pipeline:
//   compile_commands.json -> select commands -> adjust each command line
//   -> parse each TU with Clang on a thread pool (one result slot per TU)
//   -> merge the per-TU FactSets in database order.
// Failures of single TUs are recorded in the facts and never stop the run.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_EXTRACT_EXTRACT_H
#define STRATA_EXTRACT_EXTRACT_H

#include "strata/extract/Cache.h"
#include "strata/extract/CommandLine.h"
#include "strata/extract/CompileDb.h"
#include "strata/facts/Facts.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringSet.h"
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace strata::extract {

/// Project headers (path and content) some TU of this run has taken on: that
/// TU records the header's facts and parses its function bodies; every other
/// TU reading the same content skips both, since the facts would be the same
/// and merging keeps one copy.
class HeaderClaims {
public:
  /// True for the first caller with this \p Key, false for all others.
  bool claim(llvm::StringRef Key) {
    std::lock_guard<std::mutex> Lock(Mutex);
    return Claimed.insert(Key).second;
  }
  /// Gives up claims taken by a parse that was thrown away, so that the
  /// next TU to meet those headers records them.
  void release(llvm::ArrayRef<std::string> Keys) {
    std::lock_guard<std::mutex> Lock(Mutex);
    for (const std::string &Key : Keys)
      Claimed.erase(Key);
  }

private:
  std::mutex Mutex;
  llvm::StringSet<> Claimed;
};

/// How bodies of functions outside the main file are treated.
struct BodyPolicy {
  bool SkipExternal = true;       ///< system headers and files outside the root
  HeaderClaims *Claims = nullptr; ///< null: every TU records every header
  /// Parse every project header's bodies, claims or not (a TU parsed again
  /// because it won a header view whose bodies it had skipped).
  bool ParseAll = false;
  /// View claims this TU already holds from its first parse.
  const llvm::StringSet<> *PreOwned = nullptr;
};

enum class ExtractMode : uint8_t {
  Full,     ///< parse and walk the AST: includes, uses, entities
  Includes, ///< preprocess only: includes (no semantic analysis)
};

/// File contents, stat results and (for include mode) scanned preprocessor
/// directives, read once per run and shared by every TU, as clang-scan-deps
/// shares them. Opaque here: it is Clang's dependency-scanning cache.
class SharedFileCache;
std::shared_ptr<SharedFileCache> makeSharedFileCache();

/// How one TU is parsed.
struct ParseOptions {
  BodyPolicy Bodies;
  ExtractMode Mode = ExtractMode::Full;
  /// Null: each TU reads files itself. In include mode the cache also makes
  /// the preprocessor lex only each file's directives.
  SharedFileCache *Files = nullptr;
  /// Record every file read with its content hash (for the cache).
  bool CollectInputs = false;
  /// Files to read from memory instead of disk, by absolute path: the text
  /// an editor saved, which the file on disk may no longer be (the editor
  /// is writing the next save). Null: none. Read while the TU is parsed.
  const std::map<std::string, std::string> *Contents = nullptr;
};

struct ExtractOptions {
  std::string BuildPath;             ///< -p: build dir or the json file
  std::vector<std::string> Sources;  ///< restrict to these files
  std::string SourceFilter;          ///< regex on absolute file paths
  std::vector<std::string> Excludes; ///< globs on project-relative paths
  ArgumentOptions Arguments;         ///< --extra-arg(-before)
  unsigned Jobs = 0;                 ///< 0: all hardware threads
  std::string ProjectRoot;           ///< empty: common root of the db
  bool SkipMissing = false;          ///< warn on missing files, not fail
  /// Process only shard ShardIndex (0-based) of ShardCount: the selected
  /// commands whose position modulo ShardCount is ShardIndex. 0 shards: all.
  unsigned ShardIndex = 0, ShardCount = 0;
  /// Skip function bodies whose facts are not needed: those in system
  /// headers and outside the root, and those of project headers another TU
  /// of this run has already parsed. The facts are the same either way.
  bool SkipBodies = true;
  /// Parse the system headers that groups of TUs with the same flags
  /// include first once per group, into a precompiled header in memory,
  /// instead of once per TU. A TU that turns out not to begin with exactly
  /// those headers is parsed again without it; the facts are the same
  /// either way.
  bool SharedPch = true;
  ExtractMode Mode = ExtractMode::Full;
  /// Keep each TU's facts in a cache and reuse them while its inputs are
  /// unchanged. CacheDir empty: ".strata-cache" beside the database.
  bool UseCache = true;
  std::string CacheDir;
  /// Also return each TU's own facts and the commands (for the language
  /// server, which re-parses one TU at a time).
  bool KeepPerTU = false;
};

/// TUs that share one precompiled header: the first \c Length leading
/// includes of each member.
struct PchGroup {
  std::vector<size_t> Members; ///< indexes into the planner's input
  size_t Length = 0;
};

/// Plans shared precompiled headers. TU i has the group key \p Keys[i]
/// (empty: it shares nothing) and the external headers \p Leading[i] it
/// includes first. Each TU takes the longest prefix of its leading includes
/// that at least \p MinShare TUs of its key begin with; a prefix that ends
/// up taken by fewer than two TUs is not built. Groups come in the order of
/// their first member.
std::vector<PchGroup>
planSharedPch(llvm::ArrayRef<std::string> Keys,
              llvm::ArrayRef<std::vector<std::string>> Leading,
              size_t MinShare);

/// Parses "K/N" (1 <= K <= N) into ShardIndex = K-1 and ShardCount = N.
llvm::Error parseShard(llvm::StringRef Spec, ExtractOptions &Options);

/// What one TU produced, for progress reporting.
struct TUReport {
  size_t Index = 0; ///< position in the selected commands
  size_t Total = 0;
  std::string File; ///< relative to the project root
  facts::TUStatus Status = facts::TUStatus::Ok;
  std::string FirstError;
  bool FromCache = false;
};

struct ExtractResult {
  facts::FactSet Facts;
  std::vector<std::string> Warnings;
  size_t Parsed = 0;     ///< TUs without errors
  size_t Failed = 0;     ///< TUs with errors or a crash
  size_t FromCache = 0;  ///< TUs whose facts came from the cache
  size_t PchBuilt = 0;   ///< shared precompiled headers built
  size_t PchUsed = 0;    ///< TUs parsed on top of one
  size_t PchRefused = 0; ///< TUs parsed again without theirs
  /// TUs parsed again with every body: they won a header view (a header
  /// whose includes differ in macro context) whose bodies they had skipped.
  size_t Reparsed = 0;
  /// Database entries left out because they are not C or C++ (assembler,
  /// resource scripts, CUDA), by language: not failures, no facts.
  std::map<std::string, size_t> NotCOrCxx;
  /// The selected commands and, with KeepPerTU, each TU's facts in the same
  /// order; Root is the project root they are relative to.
  std::vector<CompileCommand> Commands;
  std::vector<facts::FactSet> PerTU;
  std::string Root;
};

/// Why the front end cannot parse \p C as C or C++ ("assembler-with-cpp",
/// "cuda", "'.rc' file"), or "" when it can. The language is the driver's:
/// the last -x before the file, else the file's extension.
std::string notCOrCxx(const CompileCommand &C);

/// "1 assembler-with-cpp, 2 cuda": the counts of ExtractResult::NotCOrCxx.
std::string describeNotCOrCxx(const std::map<std::string, size_t> &Counts);

/// The commands of \p Db that \p Options select, in database order. Fails
/// when a named source is not in the database, when the filter is not a
/// valid regex, or when a selected file is missing (unless SkipMissing, which
/// turns that into a warning in \p Warnings). Entries the front end cannot
/// parse as C or C++ are left out and counted in \p NotCOrCxx by language.
llvm::Expected<std::vector<CompileCommand>>
selectCommands(const CompileDb &Db, const ExtractOptions &Options,
               llvm::StringRef Root, std::vector<std::string> &Warnings,
               std::map<std::string, size_t> &NotCOrCxx);

/// The project root used when none is given: the deepest directory holding
/// every database directory and file, or, when that is "/" (a build
/// directory outside the source tree), the deepest one holding every file.
std::string defaultProjectRoot(const CompileDb &Db);

/// Runs the whole extraction stage. \p OnTUDone is called (serialized) after
/// each TU finishes. Errors are only those a user must fix before anything
/// can run (database, options); TU failures are in the result.
llvm::Expected<ExtractResult>
extractFacts(const ExtractOptions &Options,
             std::function<void(const TUReport &)> OnTUDone = nullptr);

/// Parses one command and returns its facts, paths relative to \p Root,
/// and what a cache needs. Never fails: a parse error or a crash is
/// recorded in the TU fact.
TUResult extractCommand(const CompileCommand &Command, llvm::StringRef Root,
                        const ArgumentOptions &Arguments,
                        ParseOptions Parse = {});

/// For tests: parses \p Code as \p FileName with \p Args (no compiler name,
/// no file), with \p VirtualFiles (absolute path, content) mapped in.
facts::FactSet extractFromCode(
    llvm::StringRef Code, llvm::StringRef FileName,
    const std::vector<std::string> &Args, llvm::StringRef Root,
    const std::vector<std::pair<std::string, std::string>> &VirtualFiles = {},
    ParseOptions Parse = {});

} // namespace strata::extract

#endif
