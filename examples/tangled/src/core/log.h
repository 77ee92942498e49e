// Logging and check macros used all over the code base.
#pragma once

#include "core/config.h"

#include <sstream>
#include <stdexcept>
#include <string>

extern int LogLineCount;

void writeLogLine(const char *Level, const char *File, int Line,
                  const std::string &Message);

#define LOG(Msg)                                                               \
  do {                                                                         \
    if (GlobalConfig.Verbose) {                                                \
      std::ostringstream LogStream;                                            \
      LogStream << Msg;                                                        \
      writeLogLine("info", __FILE__, __LINE__, LogStream.str());               \
    }                                                                          \
  } while (false)

#define LOG_WARN(Msg)                                                          \
  do {                                                                         \
    std::ostringstream LogStream;                                              \
    LogStream << Msg;                                                          \
    writeLogLine("warn", __FILE__, __LINE__, LogStream.str());                 \
  } while (false)

#define CHECK(Cond, Msg)                                                       \
  do {                                                                         \
    if (!(Cond)) {                                                             \
      LOG_WARN("check failed: " #Cond ": " << Msg);                            \
      throw std::logic_error(#Cond);                                           \
    }                                                                          \
  } while (false)

#define MONEY(Amount) formatCents(Amount)
