"""The incident model: what one attack is, how sure we are of it, and when two accounts are one attack.

- `incidents.model`: the typed schema (Incident, SourceRef, Report, Casualties), validated wherever a value
  comes from, with ACLED/UCDP field names where the meaning matches.
- `incidents.confidence`: an incident's confidence, the calibrated chance that it is real and its killed count right.
- `incidents.dedup`: one attack once: whether two incidents are the same attack, and how several sources
  consolidate into one incident (figures kept as low/best/high, never added up).

May import `geo` only; every stage above imports it.
"""
from incidents.model import Casualties, Incident, Report, SourceRef, VICTIM_GROUPS  # noqa: F401
