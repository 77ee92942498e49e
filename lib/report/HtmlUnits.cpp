//===- HtmlUnits.cpp - The units of the HTML report as a treemap ----------===//
//
// "Where are the MVP parts?" answered by a picture: every unit a rectangle
// sized by its files and coloured by its own label, two levels deep, then
// the table of the units a reader looks at first.
//
//===----------------------------------------------------------------------===//
#include "HtmlUnits.h"

#include "strata/report/Escape.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <algorithm>
#include <fmt/format.h>

using namespace llvm;

namespace strata::report {
namespace {

struct Rect {
  double X = 0, Y = 0, W = 0, H = 0;
};

// The worst aspect ratio of a row of areas laid along a side of \p Side.
double worstRatio(ArrayRef<double> Row, double Side) {
  double Sum = 0, Max = 0, Min = 1e300;
  for (double A : Row) {
    Sum += A;
    Max = std::max(Max, A);
    Min = std::min(Min, A);
  }
  if (Sum <= 0 || Min <= 0)
    return 1e300;
  double S2 = Side * Side, Sum2 = Sum * Sum;
  return std::max(S2 * Max / Sum2, Sum2 / (S2 * Min));
}

// Squarified treemap (Bruls, Huizing and van Wijk 2000): rows of
// rectangles along the shorter side, each row as square as it gets.
// \p Weights are sorted, largest first; the result is in their order.
std::vector<Rect> layout(const std::vector<double> &Weights, Rect R) {
  std::vector<Rect> Out(Weights.size());
  double Total = 0;
  for (double W : Weights)
    Total += W;
  if (Total <= 0)
    return Out;
  std::vector<double> Areas;
  for (double W : Weights)
    Areas.push_back(W / Total * R.W * R.H);
  size_t I = 0;
  while (I < Areas.size()) {
    double Side = std::min(R.W, R.H);
    size_t J = I + 1;
    while (J < Areas.size() &&
           worstRatio(ArrayRef(Areas).slice(I, J + 1 - I), Side) <=
               worstRatio(ArrayRef(Areas).slice(I, J - I), Side))
      ++J;
    double Sum = 0;
    for (size_t K = I; K < J; ++K)
      Sum += Areas[K];
    double Thick = Side > 0 ? Sum / Side : 0;
    double Along = 0;
    for (size_t K = I; K < J; ++K) {
      double Len = Thick > 0 ? Areas[K] / Thick : 0;
      Out[K] = R.W >= R.H ? Rect{R.X, R.Y + Along, Thick, Len}
                          : Rect{R.X + Along, R.Y, Len, Thick};
      Along += Len;
    }
    if (R.W >= R.H) {
      R.X += Thick;
      R.W -= Thick;
    } else {
      R.Y += Thick;
      R.H -= Thick;
    }
    I = J;
  }
  return Out;
}

std::string colourOf(const analysis::UnitVerdict &U) {
  if (!U.Labelled)
    return "#c8c8c8";
  return U.Label == analysis::MvpLabel ? "#d9534f" : "#4cae4c";
}

std::string tooltip(const analysis::Verdict &V,
                    const analysis::UnitVerdict &U) {
  std::string T = fmt::format("{}: {} files, {} (score {:.2f}, confidence "
                              "{:.2f})",
                              U.Name, U.Files, U.Label, U.Score, U.Confidence);
  if (U.LargestCycle)
    T += fmt::format("; largest cycle {} files", U.LargestCycle);
  if (!U.Role.empty())
    T += "; " + U.Role;
  std::vector<std::string> Deps;
  for (const analysis::UnitDependency &D : U.DependsOn)
    if (Deps.size() < 5)
      Deps.push_back(V.Units[D.To].Name + (D.InCycle ? " (in a cycle)" : ""));
  if (!Deps.empty())
    T += "; depends on " + join(Deps, ", ");
  return T;
}

void drawUnit(raw_ostream &OS, const analysis::Verdict &V, unsigned Index,
              Rect R, unsigned Levels) {
  const analysis::UnitVerdict &U = V.Units[Index];
  constexpr double Header = 16, Pad = 3;
  double Opacity = U.Labelled ? 0.35 + 0.65 * U.Confidence : 0.6;
  bool Inner = Levels > 1 && !U.Children.empty() && R.W > 40 &&
               R.H > Header + 2 * Pad + 10;
  // A unit drawn with its parts inside shows its own label in its header
  // strip; the parts fill the rest.
  OS << fmt::format("<g class=\"unit\"><title>{}</title><rect x=\"{:.1f}\" "
                    "y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                    "fill=\"{}\" fill-opacity=\"{:.2f}\" stroke=\"{}\" "
                    "stroke-width=\"1\"{}/>",
                    escapeHtml(tooltip(V, U)), R.X, R.Y, std::max(0.0, R.W),
                    std::max(0.0, R.H), Inner ? "#ffffff" : colourOf(U),
                    Inner ? 1.0 : Opacity, Inner ? colourOf(U) : "#ffffff",
                    U.CountsOwn ? "" : " stroke-dasharray=\"4 2\"");
  if (Inner)
    OS << fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
                      "height=\"{:.1f}\" fill=\"{}\" fill-opacity=\"{:.2f}\"/>",
                      R.X, R.Y, std::max(0.0, R.W), Header, colourOf(U),
                      Opacity);
  if (R.W > 50 && R.H > 14) {
    size_t Fit = std::max<size_t>(3, size_t(R.W / 7));
    std::string Name = U.Name.size() > Fit
                           ? "…" + U.Name.substr(U.Name.size() - Fit + 1)
                           : U.Name;
    OS << fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tm\">{}{}"
        "</text>",
        R.X + 4, R.Y + 12, escapeHtml(Name),
        Inner && U.Labelled && R.W > 200
            ? escapeHtml(fmt::format("  {} {:.2f} · {} files",
                                     analysis::shortLabel(U.Label), U.Score,
                                     U.Files))
            : std::string());
    if (!Inner && R.H > 30 && U.Labelled)
      OS << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tm "
                        "small\">{} {:.2f} · {} files</text>",
                        R.X + 4, R.Y + 26,
                        escapeHtml(analysis::shortLabel(U.Label)), U.Score,
                        U.Files);
  }
  OS << "</g>\n";
  if (!Inner)
    return;
  std::vector<unsigned> Children(U.Children);
  llvm::stable_sort(Children, [&](unsigned X, unsigned Y) {
    return V.Units[X].Files > V.Units[Y].Files;
  });
  std::vector<double> Weights;
  for (unsigned C : Children)
    Weights.push_back(V.Units[C].Files);
  Rect Body{R.X + Pad, R.Y + Header, R.W - 2 * Pad, R.H - Header - Pad};
  std::vector<Rect> Cells = layout(Weights, Body);
  for (size_t I = 0; I < Children.size(); ++I)
    drawUnit(OS, V, Children[I], Cells[I], Levels - 1);
}

} // namespace

void writeUnitsHtml(raw_ostream &OS, const analysis::Verdict &V) {
  if (V.Units.empty())
    return;
  const analysis::UnitVerdict &Root = V.Units[0];
  OS << "<h2 id=\"s-units\">Units</h2>\n";
  OS << "<p>" << escapeHtml(fmt::format("Units from {}; ", V.Modules))
     << escapeHtml(V.Composition)
     << ". Each rectangle is a unit, sized by its files and coloured by its "
        "own label: <span class=\"swatch mvp\"></span> tightly coupled MVP, "
        "<span class=\"swatch production\"></span> modular production, "
        "<span class=\"swatch small\"></span> too small to label; the "
        "paler, the less confident. A dashed border marks a module of its "
        "parent, whose inner cycles are its cohesion. Hover for the "
        "details.</p>\n";
  constexpr double Width = 960, Height = 440;
  OS << fmt::format("<svg class=\"treemap\" width=\"{0}\" height=\"{1}\" "
                    "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"units "
                    "treemap\">\n",
                    Width, Height);
  drawUnit(OS, V, 0, Rect{0, 0, Width, Height}, Root.Children.empty() ? 1 : 3);
  OS << "</svg>\n";

  OS << "<table class=\"grid units\">\n<thead><tr><th>unit</th><th "
        "class=\"num\">files</th><th>label</th><th class=\"num\">score</th>"
        "<th class=\"num\">confidence</th><th class=\"num\">largest "
        "cycle</th><th>role</th><th>depends on</th></tr></thead>\n<tbody>\n";
  for (unsigned I : analysis::unitsForPeople(V, 60)) {
    const analysis::UnitVerdict &U = V.Units[I];
    std::vector<std::string> Deps;
    for (const analysis::UnitDependency &D : U.DependsOn)
      if (Deps.size() < 4)
        Deps.push_back(fmt::format("<code>{}</code> ({}{})",
                                   escapeHtml(V.Units[D.To].Name), D.Weight,
                                   D.InCycle ? ", cycle" : ""));
    if (U.DependsOn.size() > 4)
      Deps.push_back(fmt::format("and {} more", U.DependsOn.size() - 4));
    OS << fmt::format(
        "<tr class=\"{}\"><td style=\"padding-left:{}em\"><code>{}</code></td>"
        "<td class=\"num\">{}</td><td>{}</td><td class=\"num\">{:.2f}</td>"
        "<td class=\"num\">{:.2f}</td><td class=\"num\">{}</td><td>{}</td>"
        "<td>{}</td></tr>\n",
        U.Label == analysis::MvpLabel ? "says-tangled" : "says-modular",
        0.3 + U.Depth, escapeHtml(U.Name), U.Files, escapeHtml(U.Label),
        U.Score, U.Confidence, U.LargestCycle, escapeHtml(U.Role),
        join(Deps, ", "));
  }
  OS << "</tbody></table>\n";
}

} // namespace strata::report
