"""An illustrative complete 2027 schedule for tests (the shape of a State Council notice, not its
content: the real 2027 notice is entered by the office when it is published)."""

from datetime import date, timedelta

HOLIDAYS_2027 = [
    ("元旦", date(2027, 1, 1), date(2027, 1, 3)),
    ("春节", date(2027, 2, 5), date(2027, 2, 13)),
    ("清明节", date(2027, 4, 3), date(2027, 4, 5)),
    ("劳动节", date(2027, 5, 1), date(2027, 5, 5)),
    ("端午节", date(2027, 6, 9), date(2027, 6, 9)),
    ("中秋节", date(2027, 9, 15), date(2027, 9, 15)),
    ("国庆节", date(2027, 10, 1), date(2027, 10, 7)),
]
MAKE_UP_2027 = [("春节", date(2027, 2, 20)), ("国庆节", date(2027, 10, 9))]


def schedule_csv(holidays=HOLIDAYS_2027, make_up=MAKE_UP_2027) -> str:
    lines = ["日期,类型,说明"]
    for name, first, last in holidays:
        day = first
        while day <= last:
            lines.append(f"{day.isoformat()},休,{name}")
            day += timedelta(days=1)
    lines.extend(f"{day.isoformat()},班,{name}调休上班" for name, day in make_up)
    return "\n".join(lines) + "\n"


SCHEDULE_2027 = schedule_csv()
DAYS_2027 = SCHEDULE_2027.count("\n") - 1  # 29 days off + 2 make-up days
