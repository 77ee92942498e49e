#include "ports/clock.h"

#include "base/strings.h"

namespace pay {

Clock::~Clock() = default;

// Howard Hinnant's civil_from_days.
static void civilFromDays(long long Days, long long &Year, int &Month,
                          int &Day) {
  Days += 719468;
  long long Era = (Days >= 0 ? Days : Days - 146096) / 146097;
  long long DayOfEra = Days - Era * 146097;
  long long YearOfEra =
      (DayOfEra - DayOfEra / 1460 + DayOfEra / 36524 - DayOfEra / 146096) / 365;
  long long DayOfYear =
      DayOfEra - (365 * YearOfEra + YearOfEra / 4 - YearOfEra / 100);
  long long MonthIndex = (5 * DayOfYear + 2) / 153;
  Day = static_cast<int>(DayOfYear - (153 * MonthIndex + 2) / 5 + 1);
  Month = static_cast<int>(MonthIndex < 10 ? MonthIndex + 3 : MonthIndex - 9);
  Year = YearOfEra + Era * 400 + (Month <= 2 ? 1 : 0);
}

static std::string twoDigits(long long Value) {
  return padLeft(std::to_string(Value), 2, '0');
}

std::string formatTimestamp(long long Millis) {
  long long Seconds = Millis / 1000;
  long long Days = Seconds / 86400;
  long long SecondOfDay = Seconds % 86400;
  if (SecondOfDay < 0) {
    SecondOfDay += 86400;
    --Days;
  }
  long long Year = 0;
  int Month = 0;
  int Day = 0;
  civilFromDays(Days, Year, Month, Day);
  return std::to_string(Year) + "-" + twoDigits(Month) + "-" + twoDigits(Day) +
         "T" + twoDigits(SecondOfDay / 3600) + ":" +
         twoDigits(SecondOfDay / 60 % 60) + ":" + twoDigits(SecondOfDay % 60) +
         "Z";
}

} // namespace pay
