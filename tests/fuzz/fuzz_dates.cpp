// The date parser: YYYY, YYYY-MM, YYYY-MM-DD (and ISO timestamps), with
// impossible dates refused; what it accepts prints and re-reads the same.
#include "document/dates.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const vigie::DateParse parsed = vigie::parse_date(text);
    (void)vigie::looks_like_date(text);
    if (!parsed.date) {
        fuzz::require(!parsed.error.empty(), "a refusal says why");
        return 0;
    }
    const vigie::PartialDate& date = *parsed.date;
    fuzz::require(date.month >= 0 && date.month <= 12, "month");
    fuzz::require(date.day >= 0 && (date.day == 0 || date.day <= vigie::days_in_month(date.year, date.month)), "day");
    fuzz::require(date.first_day() <= date.last_day(), "a date covers a range of days");
    const vigie::DateParse again = vigie::parse_date(date.to_string());
    fuzz::require(again.date && again.date->to_string() == date.to_string(), "round trip");
    vigie::DateRange range{date.first_day(), date.last_day()};
    fuzz::require(!range.empty_range(), "non-empty range");
    return 0;
}
