"""A rulebook's legal numbers as typed, read-only values: the one way the other apps read a
rulebook's data (`Rulebook.rules`), so no key of `rulebook.json` is spelled outside this app.

`RulebookRules.from_data` builds the view from the data the loader stored; the loader builds it
on every file before writing and checks what the methods here promise (every certifiable star
has one certifying level and one revoking level, rounds numbered 1…n, limits with a source…),
so a method never meets a missing key at run time.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from . import scoring


@dataclass(frozen=True)
class Part:
    """A part of the sheet (A, B, C) and its maximum points."""

    code: str
    label: str
    max: int


@dataclass(frozen=True)
class Band:
    """A star band: a total from `min` up to (not including) `max` is worth `stars`; the top
    band also holds its `max`."""

    stars: int
    min: int
    max: int


@dataclass(frozen=True)
class CertificateRule:
    """How long a certificate is valid, and the fewest stars that earn one."""

    validity_months: int
    min_stars: int


@dataclass(frozen=True)
class RerankingWindow:
    """When a re-ranking dossier is filed: from `opens_days` to `closes_days` days before the
    certificate's end date; a late dossier keeps it alive at most `grace_days` past it."""

    opens_days: int
    closes_days: int
    grace_days: int


@dataclass(frozen=True)
class TimeLimit:
    """A time limit of the procedure and the article that sets it."""

    days: int
    working_days: bool
    source: str


@dataclass(frozen=True)
class RoundSpec:
    """A standard round of a level: proposals before a day of the year, decided before
    another (days as "MM-DD")."""

    no: int
    proposals_before: str
    decide_before: str

    def proposals_cutoff(self, year: int) -> datetime.date:
        return _month_day(year, self.proposals_before)

    def decide_by(self, year: int) -> datetime.date:
        return _month_day(year, self.decide_before)


@dataclass(frozen=True)
class Ground:
    """A ground for revoking a certificate (its letter's code and the law's text)."""

    code: str
    label: str


@dataclass(frozen=True)
class RevocationAuthority:
    """The level that revokes certificates of these stars, and the article that says so."""

    level: str
    stars: tuple[int, ...]
    source: str


@dataclass(frozen=True)
class BelowThreshold:
    """What happens when a product sent to a level falls short of it: `level` may still
    certify these stars."""

    level: str
    may_certify_stars: tuple[int, ...]


@dataclass(frozen=True)
class SamplesRule:
    """The product samples a dossier comes with (26/2026 Art. 6.2.d): how many, the sectors
    that need none (tourism services), and the article that says so."""

    count: int
    exempt_sectors: tuple[str, ...]
    source: str

    def required_for(self, sector_code: str) -> int:
        return 0 if sector_code in self.exempt_sectors else self.count


@dataclass(frozen=True)
class ProcessLevel:
    """One level of the procedure (commune, district, province, central) under a rulebook."""

    level: str
    label: str
    scores: bool
    certifies_stars: tuple[int, ...]
    field_inspection_required: bool
    propose_new_min_score: int | None
    propose_upgrade_above_current_band: bool
    forwards_to: str | None
    forwards_min_score: int | None
    below_threshold: BelowThreshold | None


@dataclass(frozen=True)
class ProductSetSpec:
    """A product set of the rulebook's taxonomy (Phụ lục I), with its group and sector."""

    number: int
    name: str
    name_en: str
    group_code: str
    group_name: str
    group_name_en: str
    sector_code: str
    sector_name: str
    sector_name_en: str


def product_sets_of(taxonomy: Mapping) -> tuple[ProductSetSpec, ...]:
    """The product sets of a taxonomy file's content (sectors → groups → product sets)."""
    sectors = {sector["code"]: sector for sector in taxonomy["sectors"]}
    groups = {group["code"]: group for group in taxonomy["groups"]}
    found = []
    for item in taxonomy["product_sets"]:
        group = groups[item["group"]]
        sector = sectors[group["sector"]]
        found.append(
            ProductSetSpec(
                number=item["number"],
                name=item["name"],
                name_en=item.get("name_en", ""),
                group_code=group["code"],
                group_name=group["name"],
                group_name_en=group.get("name_en", ""),
                sector_code=sector["code"],
                sector_name=sector["name"],
                sector_name_en=sector.get("name_en", ""),
            )
        )
    return tuple(found)


@dataclass(frozen=True)
class RulebookRules:
    """Every legal number of one rulebook."""

    slug: str
    short_title: str
    max_score: int
    parts: tuple[Part, ...]
    bands: tuple[Band, ...]
    certificate: CertificateRule
    reranking: RerankingWindow | None
    time_limits: Mapping[str, TimeLimit]
    rounds: Mapping[str, tuple[RoundSpec, ...]]
    revocation_grounds: tuple[Ground, ...]
    revocation_authorities: tuple[RevocationAuthority, ...]
    levels: tuple[ProcessLevel, ...]
    product_sets: tuple[ProductSetSpec, ...]
    samples: SamplesRule | None = None

    @classmethod
    def from_data(cls, slug: str, data: Mapping) -> RulebookRules:
        """The typed view of a rulebook's `data` (as the loader validated and stored it)."""
        reranking = data.get("reranking")
        return cls(
            slug=slug,
            short_title=data["short_title"],
            max_score=data["max_score"],
            parts=tuple(Part(p["code"], p["label"], p["max"]) for p in data["parts"]),
            bands=tuple(
                Band(b["stars"], b["min"], b["max"])
                for b in sorted(data["bands"], key=lambda band: band["min"])
            ),
            certificate=CertificateRule(
                data["certificate"]["validity_months"], data["certificate"]["min_stars"]
            ),
            reranking=(
                RerankingWindow(
                    reranking["window_opens_days_before_expiry"],
                    reranking["window_closes_days_before_expiry"],
                    reranking["late_grace_days"],
                )
                if reranking
                else None
            ),
            time_limits=MappingProxyType(
                {
                    key: TimeLimit(limit["days"], limit["working_days"], limit["source"])
                    for key, limit in (data.get("time_limits") or {}).items()
                }
            ),
            rounds=MappingProxyType(
                {
                    level: tuple(
                        RoundSpec(r["no"], r["proposals_before"], r["decide_before"])
                        for r in sorted(items, key=lambda item: item["no"])
                    )
                    for level, items in (data.get("rounds") or {}).items()
                }
            ),
            revocation_grounds=tuple(
                Ground(g["code"], g["label"]) for g in data.get("revocation_grounds") or []
            ),
            revocation_authorities=tuple(
                RevocationAuthority(a["level"], tuple(a["stars"]), a["source"])
                for a in data.get("revocation_authority") or []
            ),
            levels=tuple(_level(level) for level in data["process"]["levels"]),
            product_sets=(
                product_sets_of(data["taxonomy_data"]) if data.get("taxonomy_data") else ()
            ),
            samples=(
                SamplesRule(
                    data["samples"]["count"],
                    tuple(data["samples"].get("exempt_sectors") or ()),
                    data["samples"]["source"],
                )
                if data.get("samples")
                else None
            ),
        )

    # --- the procedure ---------------------------------------------------------------------

    def level(self, code: str) -> ProcessLevel | None:
        """The level `code` of the procedure, or None when this rulebook has no such level."""
        return next((level for level in self.levels if level.level == code), None)

    @property
    def first_level(self) -> ProcessLevel:
        """Where a dossier is filed: the commune (26/2026, 1489/2025) or the district."""
        return self.levels[0]

    def certifying_level(self, stars: int) -> str | None:
        """The level that recognises products of `stars` (None below the certificate floor)."""
        return next((lv.level for lv in self.levels if stars in lv.certifies_stars), None)

    def stars_certified_by(self, level: str | None) -> tuple[int, ...]:
        """The stars `level` recognises (none for an unknown level)."""
        found = self.level(level) if level else None
        return found.certifies_stars if found else ()

    @property
    def central_stars(self) -> tuple[int, ...]:
        """The stars the central council evaluates and the Ministry recognises (5★)."""
        return self.stars_certified_by("central")

    @property
    def certifiable_stars(self) -> tuple[int, ...]:
        """The stars that earn a certificate (3★ and up), lowest first."""
        return tuple(b.stars for b in self.bands if b.stars >= self.certificate.min_stars)

    # --- scoring ---------------------------------------------------------------------------

    def scoring_bands(self) -> list[scoring.Band]:
        """The bands for the scoring engine."""
        return scoring.bands_from([{"stars": b.stars, "min": b.min} for b in self.bands])

    # --- dates -----------------------------------------------------------------------------

    def time_limit(self, key: str) -> TimeLimit | None:
        return self.time_limits.get(key)

    def rounds_of(self, level: str) -> tuple[RoundSpec, ...]:
        """The standard rounds of a level a year (none when the rulebook sets none)."""
        return self.rounds.get(level, ())

    # --- revocation ------------------------------------------------------------------------

    def revoking_level(self, stars: int) -> str | None:
        """The level competent to revoke a certificate of `stars` (None when not set)."""
        return next((a.level for a in self.revocation_authorities if stars in a.stars), None)

    def revocation_ground(self, code: str) -> Ground | None:
        return next((g for g in self.revocation_grounds if g.code == code), None)


def _level(level: Mapping) -> ProcessLevel:
    below = level.get("below_threshold")
    return ProcessLevel(
        level=level["level"],
        label=level["label"],
        scores=level["scores"],
        certifies_stars=tuple(level["certifies_stars"]),
        field_inspection_required=level["field_inspection_required"],
        propose_new_min_score=level["propose_new_min_score"],
        propose_upgrade_above_current_band=level["propose_upgrade_above_current_band"],
        forwards_to=level["forwards_to"],
        forwards_min_score=level["forwards_min_score"],
        below_threshold=(
            BelowThreshold(below["level"], tuple(below["may_certify_stars"])) if below else None
        ),
    )


def _month_day(year: int, value: str) -> datetime.date:
    month, day = (int(part) for part in value.split("-"))
    return datetime.date(year, month, day)
