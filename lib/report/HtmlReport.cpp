//===- HtmlReport.cpp - The architecture review report --------------------===//
#include "strata/report/Html.h"

#include "HtmlUnits.h"

#include "strata/report/Escape.h"
#include "strata/report/Report.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <algorithm>
#include <climits>
#include <cmath>
#include <fmt/format.h>
#include <numeric>

using namespace llvm;
using namespace strata::graph;

namespace strata::report {
namespace {

// Everything from the analyzed tree goes through esc(): names, files and
// evidence may hold markup (see Escape.h).
std::string esc(StringRef S) { return escapeHtml(S); }

std::string percent(double Fraction) {
  return fmt::format("{:.1f}%", 100 * Fraction);
}

// Line breaks inside title attributes and SVG <title>s, which show as
// multi-line tooltips.
constexpr StringLiteral Br = "&#10;";

// Source lines in a hover tooltip; the cycle section lists
// HtmlOptions::EvidencePerEdge under each edge to cut.
constexpr unsigned TooltipEvidence = 5;

/// \p Name as escaped HTML of at most about \p Max characters. A cut name
/// keeps its end, the most specific part of a path, behind an ellipsis; it
/// starts at a path separator when one is in reach, so that no half
/// directory name shows.
std::string shortLabel(StringRef Name, size_t Max) {
  if (Name.size() <= Max)
    return esc(Name);
  StringRef Tail = Name.take_back(Max - 1);
  size_t Slash = Tail.find('/');
  if (Slash != StringRef::npos && Slash + 1 < Tail.size())
    Tail = Tail.drop_front(Slash);
  // Never start inside a UTF-8 sequence.
  while (!Tail.empty() && (Tail.front() & 0xC0) == 0x80)
    Tail = Tail.drop_front();
  return "&#8230;" + esc(Tail);
}

/// An edge's ends, weight and kinds, then up to \p Max of its source lines;
/// escaped, for a title attribute or an SVG <title>.
std::string edgeTooltip(const DependencyGraph &G, const Edge &E, unsigned Max) {
  std::string Out = esc(G.nodes()[E.From].Name) + " &#8594; " +
                    esc(G.nodes()[E.To].Name) +
                    fmt::format(" (weight {}: {}; {})", E.Weight,
                                join(kindNames(E.Kinds), ", "),
                                join(natureNames(E.Natures), " and "));
  for (size_t I = 0; I < E.Sites.size() && I < Max; ++I)
    Out += Br.str() + esc(evidenceText(E.Sites[I]));
  if (E.Sites.size() > Max)
    Out += Br.str() + fmt::format("... and {} more", E.Sites.size() - Max);
  return Out;
}

/// Whether \p E runs inside a cycle group (and so against the layering).
bool inCycle(const LevelAnalysis &LA, const Edge &E) {
  int C = LA.Metrics.PerNode[E.From].CycleGroup;
  return C >= 0 && C == LA.Metrics.PerNode[E.To].CycleGroup;
}

/// Per edge: whether some cycle group's cut holds it.
std::vector<bool> cutEdges(const LevelAnalysis &LA) {
  std::vector<bool> Cut(LA.Graph.edges().size());
  for (const CycleGroup &C : LA.Metrics.Cycles)
    for (unsigned EI : C.Cut)
      Cut[EI] = true;
  return Cut;
}

/// Lakos level used for placement; empty graphs report level 0.
unsigned levelOf(const LevelAnalysis &LA, unsigned N) {
  return std::max(1u, LA.Metrics.PerNode[N].Level);
}

/// Nodes by level, highest first; members of one cycle group side by side,
/// then by name (node indices are sorted by name).
std::vector<unsigned> levelOrder(const LevelAnalysis &LA) {
  std::vector<unsigned> Order(LA.Graph.size());
  std::iota(Order.begin(), Order.end(), 0);
  auto Key = [&](unsigned N) {
    int C = LA.Metrics.PerNode[N].CycleGroup;
    return std::make_tuple(-static_cast<long>(levelOf(LA, N)),
                           C < 0 ? INT_MAX : C, N);
  };
  llvm::sort(Order, [&](unsigned X, unsigned Y) { return Key(X) < Key(Y); });
  return Order;
}

bool drawsComponents(const Analysis &A, const HtmlOptions &O) {
  return A.at(Level::Component).Graph.size() <= O.MaxComponentsDrawn;
}

/// Why the picture shows modules; only when components are not drawn.
std::string aggregationNote(const Analysis &A, const HtmlOptions &O) {
  return fmt::format(
      "The component graph has {} components, more than the {} drawn, so "
      "this picture is aggregated to the {} modules (directories at depth "
      "{}): each module edge stands for all component dependencies between "
      "the two directories, its weight their sum. Cycles, the edges to cut "
      "and the metrics below still cover every component.",
      A.at(Level::Component).Graph.size(), O.MaxComponentsDrawn,
      A.at(Level::Module).Graph.size(), A.ModuleDepth);
}

void writeHead(raw_ostream &OS, const HtmlOptions &O) {
  OS << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
        "\n<meta name=\"viewport\" content=\"width=device-width\">\n"
     << "<title>" << esc(O.Title) << "</title>\n";
  OS << R"(<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;margin:0;padding:0 2em 3em;max-width:1500px}
h1{font-size:1.6em;margin:.8em 0 .2em}h2{font-size:1.25em;margin:1.6em 0 .4em;border-bottom:1px solid #d0d7de}
h3{font-size:1.05em}nav a{margin-right:1em}.note{color:#57606a;max-width:70em}
table{border-collapse:collapse}th,td{padding:2px 8px;text-align:left}
table.grid td,table.grid th{border:1px solid #d0d7de}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.panel{border:2px solid;border-radius:8px;padding:.6em 1.2em;margin:1em 0}
.panel.mvp{border-color:#cf222e;background:#fff5f5}.panel.production{border-color:#1a7f37;background:#f3fff5}
#verdict{font-size:1.8em;font-weight:700}.mvp #verdict{color:#cf222e}.production #verdict{color:#1a7f37}
.says-tangled td:nth-child(6){color:#cf222e;font-weight:600}.says-modular td:nth-child(6){color:#1a7f37;font-weight:600}
tr.unscored td{color:#57606a}tr.band-good td{background:#dafbe1}tr.band-fair td{background:#fff8c5}tr.band-bad td{background:#ffebe9}
.scroll{overflow:auto;width:fit-content;max-width:100%;border:1px solid #d0d7de}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.node rect{fill:#ddf4ff;stroke:#54aeff}.node.cyc rect{stroke:#cf222e;stroke-width:2.5}.node text{font-size:12px}
.edge{stroke:#8c959f;stroke-opacity:.55;fill:none}.edge.up{stroke:#cf222e;stroke-opacity:.9;stroke-width:1.6}.edge.cut{stroke-dasharray:5 3}
.band{fill:#f6f8fa}.band-label{font-size:12px;fill:#57606a}
table.dsm{font-size:10px;border-collapse:collapse}table.dsm td{width:16px;min-width:16px;height:16px;border:1px solid #eaeef2;text-align:center;padding:0}
table.dsm th{font-weight:400;padding:0 3px;white-space:nowrap}table.dsm thead th{text-align:center;width:16px}
td.dsm-cell{background:#b6e3ff}td.dsm-cell[data-cycle]{background:#ff8182}td.dsm-cell[data-cut]{background:#cf222e;color:#fff}
td.dsm-diag{background:#57606a}details{margin:.3em 0}summary{cursor:pointer}
table.sortable th{cursor:pointer;user-select:none;background:#f6f8fa}th[aria-sort=ascending]::after{content:" \25B2"}th[aria-sort=descending]::after{content:" \25BC"}
svg.treemap{display:block;margin:.6em 0}svg.treemap .tm{font-size:11px;fill:#1f2328;pointer-events:none}svg.treemap .tm.small{font-size:10px;fill:#424a53}
.swatch{display:inline-block;width:.9em;height:.9em;vertical-align:-.1em;border-radius:2px}.swatch.mvp{background:#d9534f}.swatch.production{background:#4cae4c}.swatch.small{background:#c8c8c8}
table.units td:nth-child(3){font-weight:600}table.units tr.says-tangled td:nth-child(3){color:#cf222e}table.units tr.says-modular td:nth-child(3){color:#1a7f37}
.ai .mod{fill:#0969da;fill-opacity:.75}.ai .comp{fill:#8c959f;fill-opacity:.6}.ai .axis{stroke:#57606a}.ai .seq{stroke:#1a7f37;stroke-dasharray:6 4}
</style>
</head>
)";
}

void writeIntro(raw_ostream &OS, const Analysis &A, const HtmlOptions &O) {
  OS << "<h1>" << esc(O.Title) << "</h1>\n";
  OS << "<p class=\"note\">Analysis of <code>" << esc(A.Root)
     << fmt::format("</code>: {} translation units ({} failed), {} project "
                    "files, {} entities, {} includes, {} uses; module depth "
                    "{}.</p>\n",
                    A.Facts.TUs, A.Facts.FailedTUs, A.Facts.Files,
                    A.Facts.Entities, A.Facts.Includes, A.Facts.Uses,
                    A.ModuleDepth);
  OS << "<nav><a href=\"#s-verdict\">verdict</a><a "
        "href=\"#s-units\">units</a><a href=\"#s-metrics\">"
        "metrics</a><a href=\"#s-levels\">levelized graph</a><a "
        "href=\"#s-dsm\">DSM</a><a href=\"#s-cycles\">cycles</a><a "
        "href=\"#s-includes\">includes</a><a href=\"#s-modules\">modules</a><a "
        "href=\"#s-ai\">A/I plot</a></nav>\n";
}

void writeVerdict(raw_ostream &OS, const Analysis &A,
                  const analysis::Verdict &V) {
  bool Mvp = V.Label == analysis::MvpLabel;
  OS << "<h2 id=\"s-verdict\">Verdict</h2>\n";
  OS << "<div class=\"panel " << (Mvp ? "mvp" : "production") << "\">\n";
  OS << "<div id=\"verdict\">" << esc(V.Label) << "</div>\n";
  OS << fmt::format("<p>Score <b>{:.2f}</b> (0 is modular, 1 most tangled; "
                    "threshold {:.2f}), confidence {:.2f}.</p>\n",
                    V.Score, V.Threshold, V.Confidence);
  if (!V.Composition.empty())
    OS << "<p>Units (<a href=\"#s-units\">below</a>): " << esc(V.Composition)
       << ". The metrics measure "
       << (V.Units.size() > 1 ? "the structure between the top units"
                              : "the whole structure")
       << ".</p>\n";
  if (!V.ConfidenceNotes.empty()) {
    OS << "<ul class=\"note\">\n";
    for (const std::string &Note : V.ConfidenceNotes)
      OS << "<li>confidence: " << esc(Note) << "</li>\n";
    OS << "</ul>\n";
  }
  OS << "<table class=\"grid reasons\">\n<thead><tr><th>metric</th><th>"
        "level</th><th class=\"num\">value</th><th class=\"num\">good</th><th "
        "class=\"num\">bad</th><th>band</th><th class=\"num\">contribution"
        "</th></tr></thead>\n<tbody>\n";
  for (const analysis::Reason &R : V.Reasons) {
    StringRef Band = analysis::toString(R.Level);
    OS << "<tr class=\"" << (R.Weight == 0 ? "unscored" : "band-" + Band.str())
       << "\"><td>" << esc(R.Description)
       << (R.Note.empty() ? "" : "<br><small>" + esc(R.Note) + "</small>")
       << "</td><td>" << toString(R.On) << "</td><td class=\"num\">"
       << formatMetric(R.Metric, R.Value) << "</td><td class=\"num\">"
       << formatMetric(R.Metric, R.Good) << "</td><td class=\"num\">"
       << formatMetric(R.Metric, R.Bad) << "</td><td>" << Band
       << "</td><td class=\"num\">"
       << (R.Weight == 0 ? std::string("not scored")
                         : fmt::format("{:.3f}", R.Contribution))
       << "</td></tr>\n";
  }
  OS << "</tbody></table>\n";
  // The levels beside the verdict: a disagreement is visible at a glance.
  OS << "<h3>What each level says</h3>\n<table class=\"grid "
        "levels-verdict\">\n<thead><tr><th>level</th><th "
        "class=\"num\">nodes</th><th class=\"num\">core size</th><th "
        "class=\"num\">relative cyclicity</th><th class=\"num\">propagation "
        "cost</th><th>says</th><th>because</th></tr></thead>\n<tbody>\n";
  for (const analysis::LevelView &L : V.Levels) {
    const GraphMetrics &M = A.at(L.Level).Metrics;
    OS << fmt::format("<tr class=\"says-{}\"><td>{}</td><td class=\"num\">{}"
                      "</td><td class=\"num\">{}</td><td class=\"num\">"
                      "{:.1f}%</td><td class=\"num\">{}</td><td>{}</td><td>"
                      "{}</td></tr>\n",
                      analysis::toString(L.Says).str(), toString(L.Level).str(),
                      M.Nodes, percent(M.CoreSize), M.RelativeCyclicity,
                      percent(M.PropagationCost),
                      analysis::toString(L.Says).str(), esc(L.Basis));
  }
  OS << "</tbody></table>\n";
  if (!V.Offenders.empty()) {
    OS << "<h3>Where to look</h3>\n<ul class=\"offenders\">\n";
    for (const analysis::Offender &O : V.Offenders) {
      OS << "<li><b>" << esc(O.Kind) << "</b>: <code>" << esc(O.Name)
         << "</code> (" << esc(O.Detail) << ")";
      if (!O.Files.empty()) {
        OS << "<br>files:";
        for (const std::string &F : O.Files)
          OS << " <code>" << esc(F) << "</code>";
      }
      if (!O.Why.empty())
        OS << "<br>lines: <code>" << esc(O.Why) << "</code>";
      OS << "</li>\n";
    }
    OS << "</ul>\n";
  }
  OS << "</div>\n";
}

void writeKeyMetrics(raw_ostream &OS, const Analysis &A) {
  OS << "<h2 id=\"s-metrics\">Key metrics per level</h2>\n";
  OS << "<table class=\"grid\">\n<thead><tr><th>level</th>";
  for (const char *H :
       {"nodes", "edges", "levels", "cycle groups", "in cycles", "core size",
        "relative cyclicity", "propagation cost", "NCCD"})
    OS << "<th class=\"num\">" << H << "</th>";
  OS << "<th>system type</th></tr></thead>\n<tbody>\n";
  for (Level L : {Level::File, Level::Component, Level::Module,
                  Level::Namespace, Level::Class}) {
    const GraphMetrics &M = A.at(L).Metrics;
    OS << fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{:.1f}%</td><td class=\"num\">{}</td><td "
        "class=\"num\">{:.2f}</td><td>{}</td></tr>\n",
        toString(L).str(), M.Nodes, M.Edges, M.Levels, M.Cycles.size(),
        M.NodesInCycles, percent(M.CoreSize), M.RelativeCyclicity,
        percent(M.PropagationCost), M.NCCD, toString(M.Type).str());
  }
  OS << "</tbody></table>\n";
  OS << fmt::format("<p>Modularity Q of the {} directory modules on the "
                    "component graph: <b>{:.3f}</b> (higher is more modular; "
                    "0 is no better than chance).</p>\n",
                    A.at(Level::Module).Graph.size(), A.ModularityQ);
}

// Geometry of the levelized picture, in SVG user units.
constexpr double BoxW = 150, BoxH = 26, ColW = 170, RowH = 62, BandGap = 8,
                 LeftW = 76, TopPad = 34;
constexpr unsigned PerRow = 7;    // wide bands wrap into rows of this many
constexpr size_t LabelChars = 19; // longer names end in an ellipsis

struct LevelLayout {
  std::vector<double> X, Y; ///< node centers
  struct Band {
    unsigned Level;
    double Top, Height;
  };
  std::vector<Band> Bands;
  double Width = 0, Height = 0;
};

/// Places nodes in horizontal bands by Lakos level, the highest level at the
/// top and level 1 at the bottom, wrapping a band after PerRow nodes and
/// centering each row so that edges into narrow bands fan out.
LevelLayout layoutLevels(const LevelAnalysis &LA) {
  LevelLayout L;
  L.X.resize(LA.Graph.size());
  L.Y.resize(LA.Graph.size());
  std::vector<unsigned> Order = levelOrder(LA);
  std::vector<std::pair<size_t, size_t>> Ranges; // [begin, end) per band
  size_t Widest = 1;
  for (size_t I = 0; I < Order.size();) {
    size_t End = I;
    while (End < Order.size() &&
           levelOf(LA, Order[End]) == levelOf(LA, Order[I]))
      ++End;
    Ranges.push_back({I, End});
    Widest = std::max(Widest, std::min<size_t>(End - I, PerRow));
    I = End;
  }
  double Y = TopPad;
  for (auto [Begin, End] : Ranges) {
    size_t Count = End - Begin, Rows = (Count + PerRow - 1) / PerRow;
    for (size_t K = 0; K < Count; ++K) {
      size_t InRow = std::min<size_t>(PerRow, Count - K / PerRow * PerRow);
      double Indent = (Widest - InRow) * ColW / 2;
      L.X[Order[Begin + K]] = LeftW + Indent + (K % PerRow) * ColW + ColW / 2;
      L.Y[Order[Begin + K]] = Y + (K / PerRow) * RowH + RowH / 2;
    }
    L.Bands.push_back({levelOf(LA, Order[Begin]), Y, Rows * RowH});
    Y += Rows * RowH + BandGap;
  }
  L.Width = LeftW + Widest * ColW + 10;
  L.Height = Y + 10;
  return L;
}

/// Where an edge leaves or enters a box: shifted toward its other end, so
/// that many edges at one box spread over its width.
double endX(double X, double OtherX) {
  return X + std::clamp((OtherX - X) * 0.12, -BoxW * 0.4, BoxW * 0.4);
}

void writeSvgEdges(raw_ostream &OS, const LevelAnalysis &LA,
                   const LevelLayout &L) {
  std::vector<bool> Cut = cutEdges(LA);
  const auto &Edges = LA.Graph.edges();
  for (size_t EI = 0; EI < Edges.size(); ++EI) {
    const Edge &E = Edges[EI];
    double X1 = L.X[E.From], Y1 = L.Y[E.From], X2 = L.X[E.To], Y2 = L.Y[E.To];
    // Dependencies point down the levels; one to an equal or higher level
    // closes a cycle and is drawn as a red arc over the boxes.
    bool Up = levelOf(LA, E.To) >= levelOf(LA, E.From);
    std::string Class = Up ? "edge up" : "edge";
    if (Cut[EI])
      Class += " cut";
    if (Up) {
      double Lift = BoxH / 2 + 18 + 0.12 * std::abs(X2 - X1);
      OS << fmt::format("<path class=\"{}\" d=\"M{:.1f},{:.1f} Q{:.1f},{:.1f} "
                        "{:.1f},{:.1f}\" marker-end=\"url(#strata-arrow-up)\">",
                        Class, endX(X1, X2), Y1 - BoxH / 2, (X1 + X2) / 2,
                        std::min(Y1, Y2) - Lift, endX(X2, X1), Y2 - BoxH / 2);
      OS << "<title>" << edgeTooltip(LA.Graph, E, TooltipEvidence)
         << "</title></path>\n";
    } else {
      OS << fmt::format("<line class=\"{}\" x1=\"{:.1f}\" y1=\"{:.1f}\" "
                        "x2=\"{:.1f}\" y2=\"{:.1f}\" "
                        "marker-end=\"url(#strata-arrow)\">",
                        Class, endX(X1, X2), Y1 + BoxH / 2, endX(X2, X1),
                        Y2 - BoxH / 2);
      OS << "<title>" << edgeTooltip(LA.Graph, E, TooltipEvidence)
         << "</title></line>\n";
    }
  }
}

void writeSvgNodes(raw_ostream &OS, const LevelAnalysis &LA,
                   const LevelLayout &L) {
  for (unsigned N = 0; N < LA.Graph.size(); ++N) {
    const Node &Nd = LA.Graph.nodes()[N];
    const NodeMetrics &M = LA.Metrics.PerNode[N];
    OS << "<g class=\"node" << (M.CycleGroup >= 0 ? " cyc" : "") << "\">";
    OS << "<title>" << esc(Nd.Name)
       << fmt::format("{}level {}, fan-in {}, fan-out {}, {} files", Br,
                      M.Level, M.FanIn, M.FanOut, Nd.Files.size());
    if (M.CycleGroup >= 0)
      OS << fmt::format(", cycle group {}", M.CycleGroup + 1);
    OS << "</title>";
    OS << fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{}\" "
                      "height=\"{}\" rx=\"4\"/>",
                      L.X[N] - BoxW / 2, L.Y[N] - BoxH / 2, BoxW, BoxH);
    OS << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" "
                      "text-anchor=\"middle\">",
                      L.X[N], L.Y[N] + 4)
       << shortLabel(Nd.Name, LabelChars) << "</text></g>\n";
  }
}

void writeLevelized(raw_ostream &OS, const Analysis &A, const HtmlOptions &O) {
  bool Comp = drawsComponents(A, O);
  Level At = Comp ? Level::Component : Level::Module;
  const LevelAnalysis &LA = A.at(At);
  OS << "<h2 id=\"s-levels\">Levelized " << toString(At)
     << " graph</h2>\n<p class=\"note\">Boxes are placed in bands by Lakos "
        "level: level 1 (depends on nothing) at the bottom. Grey lines are "
        "dependencies pointing down the levels; red arcs point to the same "
        "or a higher level and close a cycle; dashed edges are the ones to "
        "cut. Boxes outlined in red are in a cycle group. Hover for full "
        "names and source lines.</p>\n";
  if (!Comp)
    OS << "<p class=\"note aggregated\">" << aggregationNote(A, O) << "</p>\n";
  if (LA.Graph.size() == 0) {
    OS << "<p>No " << toString(At) << "s.</p>\n";
    return;
  }
  LevelLayout L = layoutLevels(LA);
  OS << fmt::format("<div class=\"scroll\"><svg class=\"levels\" "
                    "data-level=\"{}\" width=\"{:.0f}\" height=\"{:.0f}\" "
                    "viewBox=\"0 0 {:.0f} {:.0f}\">\n",
                    toString(At).str(), L.Width, L.Height, L.Width, L.Height);
  OS << "<defs>";
  for (auto [Id, Color] : {std::pair{"strata-arrow", "#8c959f"},
                           std::pair{"strata-arrow-up", "#cf222e"}})
    OS << fmt::format("<marker id=\"{}\" viewBox=\"0 0 10 10\" refX=\"10\" "
                      "refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
                      "orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,"
                      "10z\" fill=\"{}\"/></marker>",
                      Id, Color);
  OS << "</defs>\n";
  for (const LevelLayout::Band &B : L.Bands)
    OS << fmt::format("<rect class=\"band\" x=\"0\" y=\"{:.1f}\" width=\"{:.0f}"
                      "\" height=\"{:.1f}\"/><text class=\"band-label\" "
                      "x=\"8\" y=\"{:.1f}\">level {}</text>\n",
                      B.Top, L.Width, B.Height, B.Top + 16, B.Level);
  writeSvgEdges(OS, LA, L);
  writeSvgNodes(OS, LA, L);
  OS << "</svg></div>\n";
}

/// The DSM of one level: column depends on row. Highest level first, so
/// dependencies fall below the diagonal and cycles show above it.
void writeDsm(raw_ostream &OS, const LevelAnalysis &LA, Level At) {
  const DependencyGraph &G = LA.Graph;
  std::vector<unsigned> Order = levelOrder(LA);
  std::vector<unsigned> Pos(G.size());
  for (unsigned I = 0; I < Order.size(); ++I)
    Pos[Order[I]] = I;
  std::vector<bool> Cut = cutEdges(LA);

  OS << "<div class=\"scroll\"><table class=\"dsm\" data-level=\""
     << toString(At) << "\">\n<thead><tr><th></th>";
  for (unsigned I = 0; I < Order.size(); ++I)
    OS << "<th title=\"" << esc(G.nodes()[Order[I]].Name) << "\">" << I + 1
       << "</th>";
  OS << "</tr></thead>\n<tbody>\n";
  for (unsigned R = 0; R < Order.size(); ++R) {
    unsigned To = Order[R];
    const Node &Nd = G.nodes()[To];
    OS << "<tr><th title=\"" << esc(Nd.Name)
       << fmt::format("{}level {}\">{} ", Br, LA.Metrics.PerNode[To].Level,
                      R + 1)
       << shortLabel(Nd.Name, 40) << "</th>";
    // The row's cells left to right: its users in column order.
    std::vector<std::pair<unsigned, unsigned>> Users;
    for (unsigned EI : G.inEdges(To))
      Users.push_back({Pos[G.edges()[EI].From], EI});
    llvm::sort(Users);
    size_t Next = 0;
    for (unsigned C = 0; C < Order.size(); ++C) {
      if (Next < Users.size() && Users[Next].first == C) {
        unsigned EI = Users[Next++].second;
        const Edge &E = G.edges()[EI];
        OS << "<td class=\"dsm-cell\" data-from=\""
           << esc(G.nodes()[E.From].Name) << "\" data-to=\"" << esc(Nd.Name)
           << "\"" << (inCycle(LA, E) ? " data-cycle=\"1\"" : "")
           << (Cut[EI] ? " data-cut=\"1\"" : "") << " title=\""
           << edgeTooltip(G, E, TooltipEvidence) << "\">" << E.Weight
           << "</td>";
      } else {
        OS << (C == R ? "<td class=\"dsm-diag\"></td>"
                      : "<td class=\"dsm-empty\"></td>");
      }
    }
    OS << "</tr>\n";
  }
  OS << "</tbody></table></div>\n";
}

void writeDsms(raw_ostream &OS, const Analysis &A, const HtmlOptions &O) {
  OS << "<h2 id=\"s-dsm\">Dependency structure matrices</h2>\n<p "
        "class=\"note\">A number in column <i>c</i>, row <i>r</i> means that "
        "<i>c</i> depends on <i>r</i>, with that many includes and uses. "
        "Rows are ordered by level, highest first: in a layered design every "
        "dependency is below the diagonal; cells above it, and red cells, "
        "are dependencies inside a cycle group (dark red: the edges to "
        "cut). Hover a cell for its source lines.</p>\n";
  OS << "<h3>Modules</h3>\n";
  writeDsm(OS, A.at(Level::Module), Level::Module);
  OS << "<h3>Components</h3>\n";
  if (drawsComponents(A, O))
    writeDsm(OS, A.at(Level::Component), Level::Component);
  else
    OS << fmt::format("<p class=\"note aggregated\">The component DSM is "
                      "aggregated to modules: {} components are more than "
                      "the {} drawn; the module matrix above sums their "
                      "dependencies per pair of directories.</p>\n",
                      A.at(Level::Component).Graph.size(),
                      O.MaxComponentsDrawn);
}

void writeCutEdge(raw_ostream &OS, const DependencyGraph &G, unsigned EI,
                  unsigned Evidence) {
  const Edge &E = G.edges()[EI];
  OS << "<li><code>" << esc(G.nodes()[E.From].Name) << "</code> &#8594; <code>"
     << esc(G.nodes()[E.To].Name) << "</code>"
     << fmt::format(" (weight {}: {}; {})", E.Weight,
                    join(kindNames(E.Kinds), ", "),
                    join(natureNames(E.Natures), " and "));
  if (std::string Advice = cutAdvice(E); !Advice.empty())
    OS << ": <span class=\"advice\">" << esc(Advice) << "</span>";
  OS << "\n<ul class=\"evidence\">";
  for (size_t I = 0; I < E.Sites.size() && I < Evidence; ++I)
    OS << "<li><code>" << esc(evidenceText(E.Sites[I])) << "</code></li>";
  if (E.Sites.size() > Evidence)
    OS << fmt::format("<li>... and {} more</li>", E.Sites.size() - Evidence);
  OS << "</ul></li>\n";
}

void writeCycleGroups(raw_ostream &OS, const LevelAnalysis &LA, Level At,
                      const HtmlOptions &O) {
  const GraphMetrics &M = LA.Metrics;
  std::string Noun = toString(At).str() + "s";
  OS << "<h3>" << toString(At) << " level</h3>\n";
  if (M.Cycles.empty()) {
    OS << "<p>No cycles between " << Noun << ".</p>\n";
    return;
  }
  for (size_t I = 0; I < M.Cycles.size(); ++I) {
    const CycleGroup &C = M.Cycles[I];
    // The largest groups matter most; the rest start folded.
    OS << fmt::format("<details class=\"cycle\" data-level=\"{}\"{}><summary>"
                      "<b>Group {}</b>: {} {}, cut {} of its {} edges{}"
                      "</summary>\n",
                      toString(At).str(), I < 3 ? " open" : "", I + 1,
                      C.Nodes.size(), Noun, C.Cut.size(), C.Edges.size(),
                      C.CutUnminimized ? " (not minimized: group too large)"
                                       : "");
    OS << "<p>Members:";
    for (unsigned N : C.Nodes)
      OS << " <code>" << esc(LA.Graph.nodes()[N].Name) << "</code>";
    OS << "</p>\n<p>Edges to cut:</p>\n<ul class=\"cut\">\n";
    for (size_t K = 0; K < C.Cut.size() && K < O.CutEdgesListed; ++K)
      writeCutEdge(OS, LA.Graph, C.Cut[K], O.EvidencePerEdge);
    if (C.Cut.size() > O.CutEdgesListed)
      OS << fmt::format("<li>... and {} more edges to cut (<code>strata "
                        "analyze --format json</code> lists them all)</li>\n",
                        C.Cut.size() - O.CutEdgesListed);
    OS << "</ul></details>\n";
  }
}

void writeCycles(raw_ostream &OS, const Analysis &A, const HtmlOptions &O) {
  OS << "<h2 id=\"s-cycles\">Cycle groups and the edges to cut</h2>\n<p "
        "class=\"note\">Removing the listed edges makes each group acyclic; "
        "cheap edges (an unused include, a few forward declarations) and "
        "light ones are preferred, and putting any one back closes a cycle "
        "again.</p>\n";
  writeCycleGroups(OS, A.at(Level::Component), Level::Component, O);
  writeCycleGroups(OS, A.at(Level::Module), Level::Module, O);
}

void writeIncludes(raw_ostream &OS, const Analysis &A, const HtmlOptions &O) {
  const IncludeReport &R = A.Includes;
  OS << "<h2 id=\"s-includes\">Includes and self-sufficiency</h2>\n<p "
        "class=\"note\">An include is <i>unused</i> when no use in its file "
        "is attributed to it and no includer sees declarations through it: "
        "all of them can be removed at once. It is <i>forward-declarable</i> "
        "when its file needs only declarations of the classes listed. See "
        "docs/includes.md.</p>\n";
  OS << fmt::format("<table class=\"grid includes\"><tbody><tr><td>classified"
                    "</td><td class=\"num\">{}</td></tr><tr><td>used</td><td "
                    "class=\"num\">{}</td></tr><tr><td>of them only for "
                    "their includers</td><td class=\"num\">{}</td></tr><tr>"
                    "<td>of them only for a header relying on them</td><td "
                    "class=\"num\">{}</td></tr><tr><td>forward-declarable"
                    "</td><td class=\"num\">{}</td></tr><tr><td>unused</td>"
                    "<td class=\"num\">{}</td></tr><tr><td>not classified "
                    "(partial facts, textual fragments)</td><td "
                    "class=\"num\">{}</td></tr></tbody></table>\n",
                    R.Includes.size(), R.Used, R.UsedByIncluders,
                    R.UsedByReliant, R.ForwardDeclarable, R.Unused,
                    R.Unclassified);
  size_t Listed = 0, Total = R.Unused + R.ForwardDeclarable;
  if (Total) {
    OS << "<ul class=\"includes\">\n";
    for (IncludeStatusKind Status :
         {IncludeStatusKind::Unused, IncludeStatusKind::ForwardDeclarable})
      for (const IncludeVerdict &V : R.Includes) {
        if (V.Status != Status || Listed >= O.IncludesListed)
          continue;
        OS << "<li data-status=\"" << toString(Status) << "\"><code>"
           << esc(V.File) << ":" << V.Line << ": #include \"" << esc(V.Spelled)
           << "\"</code> " << toString(Status);
        if (!V.Entities.empty())
          OS << ": forward-declare <code>" << esc(join(V.Entities, ", "))
             << "</code>";
        OS << "</li>\n";
        ++Listed;
      }
    if (Listed < Total)
      OS << fmt::format("<li>... and {} more (<code>strata analyze --format "
                        "json</code> lists them all)</li>\n",
                        Total - Listed);
    OS << "</ul>\n";
  }
  if (A.Reliant.empty()) {
    OS << "<p>No header relies on declarations its includer made.</p>\n";
    return;
  }
  OS << fmt::format("<p class=\"reliant\">{} use{} in {} header{} rel{} on "
                    "declarations their includer made first: such a header "
                    "does not compile on its own.</p>\n<ul "
                    "class=\"reliant\">\n",
                    A.Facts.ReliantUses, A.Facts.ReliantUses == 1 ? "" : "s",
                    A.Facts.ReliantHeaders,
                    A.Facts.ReliantHeaders == 1 ? "" : "s",
                    A.Facts.ReliantUses == 1 ? "ies" : "y");
  for (size_t I = 0; I < A.Reliant.size() && I < O.IncludesListed; ++I)
    OS << "<li><code>" << esc(reliantText(A.Reliant[I])) << "</code></li>\n";
  if (A.Reliant.size() > O.IncludesListed)
    OS << fmt::format("<li>... and {} more (<code>strata analyze "
                      "--reliant</code> lists them all)</li>\n",
                      A.Reliant.size() - O.IncludesListed);
  OS << "</ul>\n";
}

void writeModuleTable(raw_ostream &OS, const Analysis &A) {
  const LevelAnalysis &LA = A.at(Level::Module);
  OS << "<h2 id=\"s-modules\">Modules</h2>\n<p class=\"note\">Click a "
        "header to sort. Ca/Ce count files outside/inside the module; I = "
        "Ce/(Ca+Ce), A = abstract classes/classes, D = |A+I-1|.</p>\n";
  OS << "<table class=\"grid sortable\" id=\"module-table\">\n<thead><tr>"
        "<th>module</th>";
  for (const char *H :
       {"files", "fan-in", "fan-out", "Ca", "Ce", "I", "A", "D", "level"})
    OS << "<th class=\"num\">" << H << "</th>";
  OS << "<th>role</th><th class=\"num\">cycle group</th></tr></thead>\n"
        "<tbody>\n";
  for (unsigned N = 0; N < LA.Graph.size(); ++N) {
    const Node &Nd = LA.Graph.nodes()[N];
    const NodeMetrics &M = LA.Metrics.PerNode[N];
    OS << "<tr><td><code>" << esc(Nd.Name) << "</code></td>"
       << fmt::format("<td class=\"num\">{}</td><td class=\"num\">{}</td>"
                      "<td class=\"num\">{}</td><td class=\"num\">{}</td>"
                      "<td class=\"num\">{}</td><td class=\"num\">{:.2f}</td>"
                      "<td class=\"num\">{:.2f}</td><td class=\"num\">{:.2f}"
                      "</td><td class=\"num\">{}</td><td>{}</td><td "
                      "class=\"num\">{}</td></tr>\n",
                      Nd.Files.size(), M.FanIn, M.FanOut, M.Ca, M.Ce,
                      M.Instability, M.Abstractness, M.Distance, M.Level,
                      toString(M.CoreRole).str(),
                      M.CycleGroup < 0 ? std::string("-")
                                       : std::to_string(M.CycleGroup + 1));
  }
  OS << "</tbody></table>\n";
}

void writeAiDots(raw_ostream &OS, const LevelAnalysis &LA, StringRef Class,
                 double Radius, double X0, double Y0, double Size) {
  for (unsigned N = 0; N < LA.Graph.size(); ++N) {
    const NodeMetrics &M = LA.Metrics.PerNode[N];
    OS << fmt::format("<circle class=\"{}\" cx=\"{:.1f}\" cy=\"{:.1f}\" "
                      "r=\"{}\"><title>",
                      Class.str(), X0 + M.Instability * Size,
                      Y0 + (1 - M.Abstractness) * Size, Radius)
       << esc(LA.Graph.nodes()[N].Name)
       << fmt::format("{}I {:.2f}, A {:.2f}, D {:.2f}</title></circle>\n", Br,
                      M.Instability, M.Abstractness, M.Distance);
  }
}

void writeAiPlot(raw_ostream &OS, const Analysis &A, const HtmlOptions &O) {
  constexpr double X0 = 50, Y0 = 20, Size = 400;
  bool Comp = drawsComponents(A, O);
  OS << "<h2 id=\"s-ai\">Abstractness and instability</h2>\n<p "
        "class=\"note\">Martin's plot: x is instability I, y abstractness A; "
        "the dashed line is the main sequence A + I = 1. Stable concrete "
        "code (bottom left) is hard to change; abstract code nobody uses "
        "(top right) is useless. Blue: modules"
     << (Comp ? "; grey: components" : "")
     << ".</p>\n<svg class=\"ai\" width=\"480\" height=\"470\" viewBox=\"0 0 "
        "480 470\">\n";
  OS << fmt::format(
      "<rect x=\"{0}\" y=\"{1}\" width=\"{2}\" height=\"{2}\" fill=\"none\" "
      "class=\"axis\"/>\n<line class=\"seq\" x1=\"{0}\" y1=\"{1}\" "
      "x2=\"{3}\" y2=\"{4}\"/>\n<text x=\"{0}\" y=\"{5}\" "
      "font-size=\"12\">0</text><text x=\"{3}\" y=\"{5}\" font-size=\"12\" "
      "text-anchor=\"end\">1</text><text x=\"{6}\" y=\"{5}\" "
      "font-size=\"12\" text-anchor=\"middle\">instability I</text>\n"
      "<text x=\"{7}\" y=\"{1}\" font-size=\"12\" "
      "text-anchor=\"end\" dy=\"10\">1</text><text x=\"{7}\" y=\"{4}\" "
      "font-size=\"12\" text-anchor=\"end\">0</text><text x=\"14\" "
      "y=\"{8}\" font-size=\"12\" text-anchor=\"middle\" "
      "transform=\"rotate(-90 14 {8})\">abstractness A</text>\n",
      X0, Y0, Size, X0 + Size, Y0 + Size, Y0 + Size + 18, X0 + Size / 2, X0 - 6,
      Y0 + Size / 2);
  if (Comp)
    writeAiDots(OS, A.at(Level::Component), "comp", 3.5, X0, Y0, Size);
  writeAiDots(OS, A.at(Level::Module), "mod", 6, X0, Y0, Size);
  OS << "</svg>\n";
}

void writeScript(raw_ostream &OS) {
  // Sorting compares numbers as numbers; '-' and other text sort after them.
  OS << R"(<script>
(function () {
  function key(cell) {
    var t = cell.textContent.trim(), n = parseFloat(t);
    return isNaN(n) ? {n: false, t: t} : {n: true, v: n};
  }
  function compare(a, b) {
    if (a.n && b.n) return a.v - b.v;
    if (a.n !== b.n) return a.n ? -1 : 1;
    return a.t.localeCompare(b.t, undefined, {numeric: true});
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) {
          h.removeAttribute('aria-sort');
        });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (x, y) {
          var r = compare(key(x.cells[col]), key(y.cells[col]));
          return asc ? r : -r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  document.body.setAttribute('data-script-ok', '1');
})();
</script>
)";
}

} // namespace

void writeHtmlReport(const Analysis &A, const analysis::Verdict &V,
                     raw_ostream &OS, const HtmlOptions &Options) {
  writeHead(OS, Options);
  OS << "<body>\n";
  writeIntro(OS, A, Options);
  writeVerdict(OS, A, V);
  writeUnitsHtml(OS, V);
  writeKeyMetrics(OS, A);
  writeLevelized(OS, A, Options);
  writeDsms(OS, A, Options);
  writeCycles(OS, A, Options);
  writeIncludes(OS, A, Options);
  writeModuleTable(OS, A);
  writeAiPlot(OS, A, Options);
  writeScript(OS);
  OS << "</body>\n</html>\n";
}

} // namespace strata::report
