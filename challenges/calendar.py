"""The deadlines calendar: an iCalendar document of calls' milestones. No Django imports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event

PRODID = "-//Quang Ninh Open Innovation//Deadlines//EN"


@dataclass(frozen=True)
class Milestone:
    uid: str
    summary: str
    at: datetime
    url: str
    description: str = ""


def build_calendar(name: str, milestones: Iterable[Milestone], stamp: datetime) -> bytes:
    """One VEVENT per milestone, each an instant (no DTEND), with a UID stable across requests."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    for milestone in sorted(milestones, key=lambda m: (m.at, m.uid)):
        event = Event()
        event.add("uid", milestone.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", milestone.at.replace(microsecond=0))
        event.add("summary", milestone.summary)
        event.add("url", milestone.url)
        if milestone.description:
            event.add("description", milestone.description)
        calendar.add_component(event)
    return calendar.to_ical()
