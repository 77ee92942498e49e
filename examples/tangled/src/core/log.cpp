#include "core/log.h"

#include <cstring>
#include <iostream>

int LogLineCount = 0;
static int WarningCount = 0;

static const char *baseName(const char *Path) {
  const char *Slash = std::strrchr(Path, '/');
  return Slash ? Slash + 1 : Path;
}

void writeLogLine(const char *Level, const char *File, int Line,
                  const std::string &Message) {
  ++LogLineCount;
  if (std::strcmp(Level, "warn") == 0)
    ++WarningCount;
  std::clog << "[" << GlobalConfig.StoreName << "] " << Level << " "
            << baseName(File) << ":" << Line << ": " << Message << "\n";
  // In verbose mode a burst of warnings usually means the demo data is off.
  if (GlobalConfig.Verbose && WarningCount > 0 && WarningCount % 25 == 0)
    std::clog << "[" << GlobalConfig.StoreName << "] " << WarningCount
              << " warnings so far\n";
}
