#include "core/deadline.h"

#include <fmt/format.h>

#include <set>

#include "core/clock.h"
#include "core/message_format.h"

namespace gemis {

namespace {

Status Bad(std::string message, const char* field) {
  return Status::Invalid("deadline: " + std::move(message), Location{.field = field});
}

// The year and month `offset` months after the month of `day`.
std::pair<int, unsigned> MonthAfter(Date day, int offset) {
  int index = day.year() * 12 + static_cast<int>(day.month()) - 1 + offset;
  return {index / 12, static_cast<unsigned>(index % 12) + 1};
}

Due Finish(const DeadlineRule& rule, Date stated, bool exclusive, const WorkCalendar& calendar) {
  Date last = exclusive ? stated.AddDays(-1) : stated;
  if (rule.roll_forward) last = calendar.NextWorkingDay(last);
  return {stated, last};
}

// The last month of every period of `type` is the same month of the year
// (a year, a financial year): that month (1-12), else 0.
unsigned FixedLastMonth(PeriodType type) {
  std::set<unsigned> months;
  for (int m = 1; m <= 12; ++m) {
    Result<Period> p = Period::Containing(type, Date::FromYmd(2023, m, 15));
    if (!p.ok()) return 0;
    months.insert(p->end().month());
  }
  return months.size() == 1 ? *months.begin() : 0;
}

}  // namespace

const char* DeadlineKindName(DeadlineKind kind) {
  switch (kind) {
    case DeadlineKind::kFixed: return "fixed";
    case DeadlineKind::kAfterEvent: return "afterEvent";
    case DeadlineKind::kRequested: return "requested";
  }
  return "fixed";
}

Result<DeadlineKind> ParseDeadlineKind(std::string_view text) {
  for (DeadlineKind k :
       {DeadlineKind::kFixed, DeadlineKind::kAfterEvent, DeadlineKind::kRequested}) {
    if (text == DeadlineKindName(k)) return k;
  }
  return Bad("a deadline kind is fixed, afterEvent or requested, not '" + std::string(text) + "'",
             "kind");
}

Status CheckDeadlineRule(const DeadlineRule& rule, PeriodType type) {
  switch (rule.kind) {
    case DeadlineKind::kFixed: {
      if (rule.month_offset < -11 || rule.month_offset > 12) {
        return Bad("monthOffset " + std::to_string(rule.month_offset) +
                       " is outside -11..12 (months after the period's last month)",
                   "monthOffset");
      }
      if (rule.day < 1 || rule.day > 31) {
        return Bad("day " + std::to_string(rule.day) + " is not a day of a month (1-31)", "day");
      }
      if (type == PeriodType::kMultiYear) {
        return Bad("a phase has no fixed deadline; give its reports a yearly type", "kind");
      }
      // Every month the rule can land on, over a common and a leap year.
      for (int year : {2023, 2024}) {
        for (unsigned m = 1; m <= 12; ++m) {
          GEMIS_ASSIGN_OR_RETURN(Period p, Period::Containing(type, Date::FromYmd(year, m, 1)));
          auto [y, month] = MonthAfter(p.end(), rule.month_offset);
          if (static_cast<unsigned>(rule.day) > DaysInMonth(y, month)) {
            return Bad("day " + std::to_string(rule.day) + " does not exist in month " +
                           std::to_string(month) + " of " + std::to_string(y) +
                           ", where the report of " + p.ToString() + " would be due",
                       "day");
          }
        }
      }
      return Status::Ok();
    }
    case DeadlineKind::kAfterEvent:
      if (rule.days < 1 || rule.days > 366) {
        return Bad("days " + std::to_string(rule.days) + " is outside 1-366", "days");
      }
      return Status::Ok();
    case DeadlineKind::kRequested: return Status::Ok();
  }
  return Status::Ok();
}

Result<Due> FixedDue(const DeadlineRule& rule, const Period& period, const WorkCalendar& calendar) {
  if (rule.kind != DeadlineKind::kFixed) {
    return Status::Usage("FixedDue of a rule that is not fixed");
  }
  auto [year, month] = MonthAfter(period.end(), rule.month_offset);
  if (!Date::IsValidYmd(year, month, static_cast<unsigned>(rule.day))) {
    return Bad("day " + std::to_string(rule.day) + " does not exist in month " +
                   std::to_string(month) + " of " + std::to_string(year),
               "day");
  }
  return Finish(rule, Date::FromYmd(year, month, static_cast<unsigned>(rule.day)), !rule.inclusive,
                calendar);
}

Result<Due> DueAfter(const DeadlineRule& rule, Date event, const WorkCalendar& calendar) {
  if (rule.kind != DeadlineKind::kAfterEvent) {
    return Status::Usage("DueAfter of a rule that is not afterEvent");
  }
  Date stated =
      rule.working_days ? calendar.AddWorkingDays(event, rule.days) : event.AddDays(rule.days);
  // "Within N days": the N-th day is on time.
  return Finish(rule, stated, false, calendar);
}

Due RequestedDue(const DeadlineRule& rule, Date stated, const WorkCalendar& calendar) {
  return Finish(rule, stated, !rule.inclusive, calendar);
}

bool OnTime(int64_t submitted_ms, const Due& due) {
  return VietnamDay(submitted_ms) <= due.last_day;
}

std::string DescribeDeadline(const DeadlineRule& rule, PeriodType type, Lang lang) {
  switch (rule.kind) {
    case DeadlineKind::kFixed: {
      std::string text;
      if (unsigned last = FixedLastMonth(type); last != 0) {
        int index = static_cast<int>(last) - 1 + rule.month_offset;
        int years_after = index >= 0 ? index / 12 : -1;
        unsigned month = static_cast<unsigned>(((index % 12) + 12) % 12) + 1;
        text = Say(lang, MessageId::kDeadlineFixedMonth, rule.day, month,
                   years_after > 0 ? std::string(Message(MessageId::kDeadlineNextYear, lang))
                                   : std::string());
      } else if (rule.month_offset == 0) {
        text = Say(lang, MessageId::kDeadlineFixedLastMonth, rule.day);
      } else if (rule.month_offset < 0) {
        text = Say(lang, MessageId::kDeadlineFixedBeforeLastMonth, rule.day, -rule.month_offset);
      } else {
        text = Say(lang, MessageId::kDeadlineFixedAfterPeriod, rule.day, rule.month_offset);
      }
      if (rule.inclusive) text += Say(lang, MessageId::kDeadlineInclusive, rule.day);
      return text;
    }
    case DeadlineKind::kAfterEvent:
      return Say(lang,
                 rule.working_days ? MessageId::kDeadlineAfterEventWorkingDays
                                   : MessageId::kDeadlineAfterEventDays,
                 rule.days);
    case DeadlineKind::kRequested: return std::string(Message(MessageId::kDeadlineRequested, lang));
  }
  return {};
}

}  // namespace gemis
