// Small string helpers with no domain knowledge.
#pragma once

#include "base/result.h"

#include <string>
#include <vector>

namespace pay {

std::string trim(const std::string &Text);
std::vector<std::string> split(const std::string &Text, char Separator);
std::string join(const std::vector<std::string> &Parts,
                 const std::string &Separator);
bool startsWith(const std::string &Text, const std::string &Prefix);
std::string toUpper(std::string Text);
std::string padLeft(const std::string &Text, std::size_t Width, char Fill);

// Parses a whole string as a signed decimal integer.
Result<long long> parseInt64(const std::string &Text);

} // namespace pay
