"""Conflict-of-interest detection. Pure: no Django, no I/O.

A judge conflicts with an organisation when the judge

* is a member of it (``member_ids``),
* is or was affiliated with it (same tax code, or the same name once normalised) with the
  affiliation ending no more than ``LOOKBACK_YEARS`` before ``today`` (an open affiliation is
  current); a membership of the organisation that ended (``former_members``) is such an
  affiliation, or
* shares an e-mail domain with it, public mail domains (gmail.com …) never counting.

Tax codes compare on their 10-digit enterprise part, so a branch (``-001``) matches its company.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

LOOKBACK_YEARS = 3

PUBLIC_MAIL_DOMAINS: frozenset[str] = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.com.vn",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "zoho.com",
        "mail.com",
        "gmx.com",
        "yandex.com",
    }
)


class Reason(StrEnum):
    MEMBER = "member"
    AFFILIATION = "affiliation"
    EMAIL_DOMAIN = "email_domain"


@dataclass(frozen=True)
class AffiliationFacts:
    organisation_name: str
    tax_code: str = ""
    until: date | None = None


@dataclass(frozen=True)
class JudgeFacts:
    id: str
    email_domains: frozenset[str] = frozenset()
    affiliations: tuple[AffiliationFacts, ...] = ()


@dataclass(frozen=True)
class FormerMemberFacts:
    """Someone who left (or was removed from) the organisation on ``until``."""

    user_id: str
    until: date


@dataclass(frozen=True)
class OrganisationFacts:
    id: str
    name: str
    tax_code: str = ""
    email_domains: frozenset[str] = frozenset()
    member_ids: frozenset[str] = frozenset()
    former_members: frozenset[FormerMemberFacts] = frozenset()

    def former_affiliations(self, judge_id: str) -> tuple[AffiliationFacts, ...]:
        """The judge's ended memberships of this organisation, as affiliations with it."""
        if judge_id in self.member_ids:
            return ()  # a current member conflicts as a member already
        return tuple(
            AffiliationFacts(self.name, self.tax_code, former.until)
            for former in self.former_members
            if former.user_id == judge_id
        )


@dataclass(frozen=True)
class DetectedConflict:
    judge_id: str
    organisation_id: str
    reason: Reason
    detail: str


def normalise_name(name: str) -> str:
    """Case, accents, punctuation and spacing do not distinguish two organisation names."""
    decomposed = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.findall(r"[0-9a-z]+", stripped.casefold())
    return " ".join(words)


def normalise_tax_code(code: str) -> str:
    digits = re.sub(r"\D", "", code or "")
    return digits[:10]


def normalise_domain(domain: str) -> str:
    domain = (domain or "").strip().lower().rstrip(".")
    if "@" in domain:
        domain = domain.rsplit("@", 1)[-1]
    return domain.removeprefix("www.")


def private_domains(domains: Iterable[str]) -> frozenset[str]:
    cleaned = {normalise_domain(d) for d in domains}
    return frozenset(d for d in cleaned if d and d not in PUBLIC_MAIL_DOMAINS)


def cutoff(today: date) -> date:
    """The earliest end date of an affiliation that still counts."""
    try:
        return today.replace(year=today.year - LOOKBACK_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - LOOKBACK_YEARS, day=28)


def _affiliation_matches(
    affiliation: AffiliationFacts, organisation: OrganisationFacts, today: date
) -> bool:
    if affiliation.until is not None and affiliation.until < cutoff(today):
        return False
    tax_code = normalise_tax_code(affiliation.tax_code)
    if tax_code and tax_code == normalise_tax_code(organisation.tax_code):
        return True
    name = normalise_name(affiliation.organisation_name)
    return bool(name) and name == normalise_name(organisation.name)


def conflicts_between(
    judge: JudgeFacts, organisation: OrganisationFacts, today: date
) -> list[DetectedConflict]:
    """Every reason ``judge`` conflicts with ``organisation``, in a fixed order."""
    found: list[DetectedConflict] = []

    def add(reason: Reason, detail: str) -> None:
        found.append(DetectedConflict(judge.id, organisation.id, reason, detail))

    if judge.id in organisation.member_ids:
        add(Reason.MEMBER, "member")
    for affiliation in sorted(
        (*judge.affiliations, *organisation.former_affiliations(judge.id)),
        key=lambda a: (a.organisation_name, a.tax_code, a.until or date.max),
    ):
        if _affiliation_matches(affiliation, organisation, today):
            until = affiliation.until.isoformat() if affiliation.until else "current"
            add(Reason.AFFILIATION, f"{affiliation.organisation_name} ({until})")
            break
    shared = sorted(
        private_domains(judge.email_domains) & private_domains(organisation.email_domains)
    )
    if shared:
        add(Reason.EMAIL_DOMAIN, ", ".join(shared))
    return found


def detect_conflicts(
    judges: Iterable[JudgeFacts], organisations: Iterable[OrganisationFacts], *, today: date
) -> list[DetectedConflict]:
    """All detected conflicts, sorted by judge id, organisation id and reason."""
    organisation_list = sorted(organisations, key=lambda o: o.id)
    found = [
        conflict
        for judge in sorted(judges, key=lambda j: j.id)
        for organisation in organisation_list
        for conflict in conflicts_between(judge, organisation, today)
    ]
    return sorted(found, key=lambda c: (c.judge_id, c.organisation_id, c.reason.value))
