#include "base/strings.h"

#include <cctype>
#include <limits>

namespace pay {

static bool isSpace(char C) {
  return std::isspace(static_cast<unsigned char>(C)) != 0;
}

std::string trim(const std::string &Text) {
  std::size_t Begin = 0;
  std::size_t End = Text.size();
  while (Begin < End && isSpace(Text[Begin]))
    ++Begin;
  while (End > Begin && isSpace(Text[End - 1]))
    --End;
  return Text.substr(Begin, End - Begin);
}

std::vector<std::string> split(const std::string &Text, char Separator) {
  std::vector<std::string> Parts;
  std::string Current;
  for (char C : Text) {
    if (C == Separator) {
      Parts.push_back(Current);
      Current.clear();
    } else {
      Current += C;
    }
  }
  Parts.push_back(Current);
  return Parts;
}

std::string join(const std::vector<std::string> &Parts,
                 const std::string &Separator) {
  std::string Joined;
  for (std::size_t I = 0; I < Parts.size(); ++I) {
    if (I != 0)
      Joined += Separator;
    Joined += Parts[I];
  }
  return Joined;
}

bool startsWith(const std::string &Text, const std::string &Prefix) {
  return Text.compare(0, Prefix.size(), Prefix) == 0;
}

std::string toUpper(std::string Text) {
  for (char &C : Text)
    C = static_cast<char>(std::toupper(static_cast<unsigned char>(C)));
  return Text;
}

std::string padLeft(const std::string &Text, std::size_t Width, char Fill) {
  if (Text.size() >= Width)
    return Text;
  return std::string(Width - Text.size(), Fill) + Text;
}

Result<long long> parseInt64(const std::string &Text) {
  if (Text.empty())
    return Error::invalidArgument("empty number");
  std::size_t I = 0;
  bool Negative = false;
  if (Text[0] == '-' || Text[0] == '+') {
    Negative = Text[0] == '-';
    I = 1;
  }
  if (I == Text.size())
    return Error::invalidArgument("no digits in '" + Text + "'");
  const long long Max = std::numeric_limits<long long>::max();
  long long Value = 0;
  for (; I < Text.size(); ++I) {
    if (!std::isdigit(static_cast<unsigned char>(Text[I])))
      return Error::invalidArgument("not a number: '" + Text + "'");
    int Digit = Text[I] - '0';
    if (Value > (Max - Digit) / 10)
      return Error::invalidArgument("number too large: '" + Text + "'");
    Value = Value * 10 + Digit;
  }
  return Negative ? -Value : Value;
}

} // namespace pay
