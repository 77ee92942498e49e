//===- FactsJson.cpp - JSON form of facts ---------------------------------===//
#include "strata/facts/FactsJson.h"

#include "strata/support/Json.h"
#include "strata/support/Output.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MemoryBuffer.h"
#include <nlohmann/json.hpp>

using namespace llvm;
using nlohmann::json;

namespace strata::facts {
namespace {

constexpr StringRef FormatName = "strata-facts";

// One row of a table, written as dumpJson() writes a JSON object (keys
// sorted, no spaces) without building one: writing a million rows through
// nlohmann's tree took a third of a warm run.
class Row {
public:
  void str(StringRef Key, StringRef Value) { add(Key, quoted(Value)); }
  void num(StringRef Key, unsigned Value) { add(Key, std::to_string(Value)); }
  void flag(StringRef Key, bool Value = true) {
    add(Key, Value ? "true" : "false");
  }
  void opt(StringRef Key, StringRef Value) {
    if (!Value.empty())
      str(Key, Value);
  }

  void write(raw_ostream &OS) {
    llvm::sort(Fields,
               [](const auto &A, const auto &B) { return A.first < B.first; });
    OS << '{';
    for (size_t I = 0; I < Fields.size(); ++I)
      OS << (I ? ",\"" : "\"") << Fields[I].first << "\":" << Fields[I].second;
    OS << '}';
  }

private:
  void add(StringRef Key, std::string Value) {
    Fields.emplace_back(Key, std::move(Value));
  }

  // A plain ASCII string needs escaping only for quotes, backslashes and
  // control characters; anything else goes through nlohmann, which also
  // replaces invalid UTF-8.
  static std::string quoted(StringRef Text) {
    if (llvm::any_of(Text, [](char C) {
          return C == '"' || C == '\\' || (unsigned char)C < 0x20 ||
                 (unsigned char)C >= 0x80;
        }))
      return dumpJson(json(Text.str()));
    return ("\"" + Text + "\"").str();
  }

  SmallVector<std::pair<StringRef, std::string>, 20> Fields;
};

void row(Row &R, const TUFact &T) {
  R.str("file", T.File);
  R.str("status", toString(T.Status));
  if (T.Status != TUStatus::Ok) {
    R.num("errors", T.Errors);
    R.str("first_error", T.FirstError);
  }
}

void row(Row &R, const FileFact &F) {
  R.str("path", F.Path);
  if (F.External)
    R.flag("external");
  R.opt("hash", F.Hash);
  if (!F.Complete)
    R.flag("complete", false);
}

void row(Row &R, const IncludeFact &I) {
  R.str("file", I.File);
  R.num("line", I.Line);
  R.num("col", I.Column);
  R.str("spelled", I.Spelled);
  R.str("target", I.Target);
  if (I.Angled)
    R.flag("angled");
  if (I.System)
    R.flag("system");
  if (I.External)
    R.flag("external");
  R.opt("pragma", I.Pragma);
  if (I.Textual)
    R.flag("textual");
}

void row(Row &R, const EntityFact &E) {
  R.str("name", E.Name);
  R.str("kind", toString(E.Kind));
  R.str("file", E.File);
  R.num("line", E.Line);
  R.num("col", E.Column);
  R.opt("parent", E.Parent);
  if (E.Definition)
    R.flag("definition");
  if (E.Abstract)
    R.flag("abstract");
  R.opt("symbol", E.Symbol);
  R.opt("forward", E.Forward);
}

void row(Row &R, const UseFact &U) {
  R.str("file", U.File);
  R.num("line", U.Line);
  R.num("col", U.Column);
  R.str("kind", toString(U.Kind));
  R.str("target", U.Target);
  R.str("target_kind", toString(U.TargetKind));
  R.str("target_file", U.TargetFile);
  R.num("target_line", U.TargetLine);
  R.opt("context", U.Context);
  R.opt("from_class", U.FromClass);
  R.opt("from_ns", U.FromNamespace);
  R.opt("to_class", U.ToClass);
  R.opt("to_ns", U.ToNamespace);
  if (U.External)
    R.flag("external");
  R.str("needs", U.NeedsDefinition ? "definition" : "declaration");
  if (U.Via)
    R.num("via", U.Via);
  R.opt("symbol", U.Symbol);
}

template <typename T>
void writeTable(raw_ostream &OS, StringRef Name, const std::vector<T> &Rows,
                bool Last) {
  OS << "  \"" << Name << "\": [";
  for (size_t I = 0; I < Rows.size(); ++I) {
    OS << (I ? ",\n    " : "\n    ");
    Row R;
    row(R, Rows[I]);
    R.write(OS);
  }
  OS << (Rows.empty() ? "]" : "\n  ]") << (Last ? "\n" : ",\n");
}

// Typed accessors that throw json::type_error with the field's name, so the
// message says which field is wrong.
template <typename T>
T field(const json &J, const char *Key, const T &Default, bool Required) {
  auto It = J.find(Key);
  if (It == J.end()) {
    if (Required)
      throw std::runtime_error(std::string("missing field '") + Key + "'");
    return Default;
  }
  try {
    return It->get<T>();
  } catch (const json::exception &) {
    throw std::runtime_error(std::string("field '") + Key +
                             "' has the wrong type");
  }
}

std::string str(const json &J, const char *Key, bool Required = true) {
  return field<std::string>(J, Key, "", Required);
}
unsigned num(const json &J, const char *Key, bool Required = true) {
  auto It = J.find(Key);
  if (It == J.end() && !Required)
    return 0;
  if (It == J.end())
    throw std::runtime_error(std::string("missing field '") + Key + "'");
  if (std::optional<unsigned> V = asUnsigned(*It))
    return *V;
  throw std::runtime_error(std::string("field '") + Key +
                           "' is not a count (an integer from 0 to 2^32-1)");
}
bool flag(const json &J, const char *Key, bool Default = false) {
  return field<bool>(J, Key, Default, false);
}

template <typename Enum>
Enum enumField(const json &J, const char *Key,
               std::optional<Enum> (*Parse)(StringRef)) {
  std::string S = str(J, Key);
  if (std::optional<Enum> V = Parse(S))
    return *V;
  throw std::runtime_error(std::string("field '") + Key +
                           "' has unknown value '" + S + "'");
}

// Reads the rows of the tables as the parser finishes each one and drops it
// from the parser's tree, so that the tree never holds more than one row: a
// facts file's tree costs ten times the facts. The first bad row is kept
// and reported once the file's format and version are known to be right.
class TableReader {
public:
  template <typename T, typename ReadFn>
  void table(const char *Name, std::vector<T> &Out, ReadFn Read) {
    Tables.push_back(
        {Name, [&Out, Read](const json &Row) { Out.push_back(Read(Row)); }});
  }

  bool operator()(int Depth, json::parse_event_t Event, json &Parsed) {
    using E = json::parse_event_t;
    if (Depth == 1) {
      if (Event == E::key)
        Key = Parsed.get<std::string>();
      else if (Event == E::array_start)
        Current = find(Key);
      else if (Event == E::array_end || Event == E::object_start)
        Current = nullptr;
      return true;
    }
    if (Depth != 2 || !Current)
      return true;
    bool Row = Event == E::object_end;
    if (!Row && Event != E::value && Event != E::array_end)
      return true;
    std::string Where =
        Current->Name + "[" + std::to_string(Current->Rows++) + "]";
    if (!FirstError.empty())
      return false;
    if (!Row) {
      FirstError = Where + " is not an object";
      return false;
    }
    try {
      Current->Read(Parsed);
    } catch (const std::runtime_error &Err) {
      FirstError = Where + ": " + Err.what();
    }
    return false;
  }

  /// The first bad row, if any.
  const std::string &error() const { return FirstError; }
  /// Whether \p Root (the tree without its rows) has every table it names
  /// as an array; throws otherwise.
  void checkShape(const json &Root) const {
    for (const Table &T : Tables)
      if (auto It = Root.find(T.Name); It != Root.end() && !It->is_array())
        throw std::runtime_error("'" + T.Name + "' is not an array");
  }

private:
  struct Table {
    std::string Name;
    std::function<void(const json &)> Read;
    size_t Rows = 0;
  };
  Table *find(StringRef Name) {
    for (Table &T : Tables)
      if (T.Name == Name)
        return &T;
    return nullptr;
  }

  std::vector<Table> Tables;
  std::string Key, FirstError;
  Table *Current = nullptr;
};

} // namespace

void writeFactsJson(const FactSet &Facts, raw_ostream &OS) {
  OS << "{\n";
  OS << "  \"format\": " << dumpJson(json(FormatName.str())) << ",\n";
  OS << "  \"version\": " << FactsVersion << ",\n";
  OS << "  \"root\": " << dumpJson(json(Facts.Root)) << ",\n";
  writeTable(OS, "translation_units", Facts.TUs, false);
  writeTable(OS, "files", Facts.Files, false);
  writeTable(OS, "includes", Facts.Includes, false);
  writeTable(OS, "entities", Facts.Entities, false);
  writeTable(OS, "uses", Facts.Uses, false);
  writeTable(OS, "reliant_uses", Facts.Reliant, true);
  OS << "}\n";
}

namespace {
void readTables(TableReader &Tables, FactSet &Facts) {
  Tables.table("translation_units", Facts.TUs, [](const json &J) {
    TUFact T;
    T.File = str(J, "file");
    T.Status = enumField<TUStatus>(J, "status", parseTUStatus);
    T.Errors = num(J, "errors", false);
    T.FirstError = str(J, "first_error", false);
    return T;
  });
  Tables.table("files", Facts.Files, [](const json &J) {
    FileFact F;
    F.Path = str(J, "path");
    F.External = flag(J, "external");
    F.Hash = str(J, "hash", false);
    F.Complete = flag(J, "complete", true);
    return F;
  });
  Tables.table("includes", Facts.Includes, [](const json &J) {
    IncludeFact I;
    I.File = str(J, "file");
    I.Line = num(J, "line");
    I.Column = num(J, "col");
    I.Spelled = str(J, "spelled");
    I.Target = str(J, "target");
    I.Angled = flag(J, "angled");
    I.System = flag(J, "system");
    I.External = flag(J, "external");
    I.Pragma = str(J, "pragma", false);
    I.Textual = flag(J, "textual");
    return I;
  });
  Tables.table("entities", Facts.Entities, [](const json &J) {
    EntityFact E;
    E.Name = str(J, "name");
    E.Kind = enumField<EntityKind>(J, "kind", parseEntityKind);
    E.File = str(J, "file");
    E.Line = num(J, "line");
    E.Column = num(J, "col");
    E.Parent = str(J, "parent", false);
    E.Definition = flag(J, "definition");
    E.Abstract = flag(J, "abstract");
    E.Symbol = str(J, "symbol", false);
    E.Forward = str(J, "forward", false);
    return E;
  });
  auto ReadUse = [](const json &J) {
    UseFact U;
    U.File = str(J, "file");
    U.Line = num(J, "line");
    U.Column = num(J, "col");
    U.Kind = enumField<UseKind>(J, "kind", parseUseKind);
    U.Target = str(J, "target");
    U.TargetKind = enumField<EntityKind>(J, "target_kind", parseEntityKind);
    U.TargetFile = str(J, "target_file");
    U.TargetLine = num(J, "target_line");
    U.Context = str(J, "context", false);
    U.FromClass = str(J, "from_class", false);
    U.FromNamespace = str(J, "from_ns", false);
    U.ToClass = str(J, "to_class", false);
    U.ToNamespace = str(J, "to_ns", false);
    U.External = flag(J, "external");
    std::string Needs = str(J, "needs");
    if (Needs != "definition" && Needs != "declaration")
      throw std::runtime_error("field 'needs' has unknown value '" + Needs +
                               "'");
    U.NeedsDefinition = Needs == "definition";
    U.Via = num(J, "via", false);
    U.Symbol = str(J, "symbol", false);
    return U;
  };
  Tables.table("uses", Facts.Uses, ReadUse);
  Tables.table("reliant_uses", Facts.Reliant, ReadUse);
}
} // namespace

Expected<FactSet> parseFactsJson(StringRef Content, StringRef Path) {
  FactSet Facts;
  TableReader Tables;
  readTables(Tables, Facts);
  Expected<json> Parsed = parseJsonDocument(
      Content, Path, [&](int Depth, json::parse_event_t Event, json &Value) {
        return Tables(Depth, Event, Value);
      });
  if (!Parsed)
    return Parsed.takeError();
  json &Root = *Parsed;
  // Facts of an older strata mean something else (version 1 sent uses to
  // declarations the user could not see): only a new extraction helps.
  if (Root.is_object() && Root.value("format", json()) == FormatName.str())
    if (auto V = Root.find("version"); V != Root.end() &&
                                       V->is_number_integer() && *V >= 1 &&
                                       *V < FactsVersion)
      return fileError(Path, "facts file version " + dumpJson(*V) +
                                 " was written by an older strata (this "
                                 "strata reads " +
                                 Twine(FactsVersion) +
                                 "); run 'strata extract' again");
  if (Error E = checkFormat(Root, Path, FormatName, FactsVersion, "facts file"))
    return E;
  try {
    Facts.Root = str(Root, "root");
    Tables.checkShape(Root);
    if (!Tables.error().empty())
      throw std::runtime_error(Tables.error());
  } catch (const std::exception &E) {
    return fileError(Path, E.what());
  }
  // Files written by strata are already normalized; one edited by hand or by
  // another tool may not be, and everything downstream relies on it.
  Facts.normalize();
  return Facts;
}

Expected<FactSet> readFactsFile(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return fileError(Path,
                     "cannot read facts file: " + Buffer.getError().message());
  return parseFactsJson((*Buffer)->getBuffer(), Path);
}

} // namespace strata::facts
