"""Placing a name the gazetteer lacked: what it would do to the incidents that carry it, before an
analyst commits (the Places page). A name is first placed at the area its reports gave ("in the Rashad
sub-district"), so a gazetteer entry far from that area, or in another governorate, is probably another
place of the same name: it is never pre-selected, and moving there asks for confirmation. A name the
gazetteer knows, but not in the area its reports gave, is listed too, and said to be so (why_unlocated)."""
from __future__ import annotations

from dataclasses import dataclass

from geo.gazetteer import Gazetteer, distance_km
from geo.places import Place
from incidents.model import Incident, SourceRef

MOVE_LIMIT_KM = 25.0  # a move further than this, or into another governorate, asks for confirmation


@dataclass(frozen=True)
class Move:
    incident_id: str
    distance_km: float
    from_admin1: str | None
    to_admin1: str | None

    @property
    def needs_confirmation(self) -> bool:
        return self.distance_km > MOVE_LIMIT_KM or self.from_admin1 != self.to_admin1

    def describe(self) -> str:
        change = (f", from {self.from_admin1 or 'no governorate'} to {self.to_admin1 or 'no governorate'}"
                  if self.from_admin1 != self.to_admin1 else f", within {self.to_admin1}")
        return f"{self.distance_km:.0f} km{change}"


def moves(incidents: list[Incident], latitude: float, longitude: float, admin1: str | None) -> list[Move]:
    """How far each incident would move, and whether it would change governorate."""
    return [Move(i.incident_id, distance_km(i.latitude, i.longitude, latitude, longitude) if i.geolocated else 0.0,
                 i.admin1, admin1) for i in incidents]


def _area_radius(incident: Incident, name: str) -> float:
    """The extent of the area the reports placed `name` in (its source's radius), at least a few km."""
    radii = [s.radius_km for s in incident.sources if s.unresolved_place == name and s.radius_km]
    return max([3.0, *radii])


def inside_reported_area(place: Place, incidents: list[Incident], name: str) -> bool:
    """The entry lies in the area every report gave for the name (same governorate, within its extent)."""
    return all(not i.geolocated or (i.admin1 in (None, place.admin1) and distance_km(
        i.latitude, i.longitude, place.latitude, place.longitude) <= _area_radius(i, name)) for i in incidents)


def preselected(candidates: list[Place], incidents: list[Incident], name: str) -> int | None:
    """The index of the first candidate inside the reported area; None when there is none (the analyst
    chooses, nothing is chosen for them)."""
    return next((n for n, p in enumerate(candidates) if inside_reported_area(p, incidents, name)), None)


def why_unlocated(names: list[str], sources: list[SourceRef], gazetteer: Gazetteer) -> dict[str, str]:
    """Why each name is not on the map as itself: the gazetteer has no entry of that name (as spelled or by
    a known spelling), or it has, but none where the reports put the name (another village of the name, a
    range whose point lies in another district), so its incidents were placed at the reports' area instead.
    `sources`: the stored sources that carry the names (unresolved_place), placed where their reports said."""
    areas: dict[str, set[str]] = {}
    for source in sources:
        area = source.location or source.admin2 or source.admin1
        areas.setdefault(source.unresolved_place or "", set()).update([area] if area else [])
    said = {}
    for name in names:
        known = gazetteer.candidates(name, fuzzy=False)[0]
        entries = "; ".join(f"{p.name} ({p.kind}, {p.admin2 or p.admin1 or 'no district'})" for p in known[:3])
        said[name] = (f"known to the gazetteer, but not where the reports put it "  # which kind first: a cell is cut
                      f"({', '.join(sorted(areas.get(name, ()))) or 'no area'}): {entries}"
                      f"{' and others' if len(known) > 3 else ''}" if known else "not in the gazetteer")
    return said
