"""Attacks from one report, in two stages, and the measure of how well that works.

- `extraction.extract`: the entry point, `extract(report)` -> the report's incidents and why other sentences
  were not taken.
- `extraction.annotate`: stage one, each sentence read once (attack words, dates, casualty counts, actors,
  places with their gazetteer candidates, why a sentence is no incident of its own).
- `extraction.casualties`: killed and wounded per victim group in a sentence; `extraction.victims`: the group
  a victim phrase names (or the militants' own men, or no people).
- `extraction.actors`: attack words, attack type, perpetrator, and the sentences that tell no attack.
- `extraction.assemble`: stage two, incidents built from the annotations (figures and dates told in other
  sentences, risen tolls); `extraction.retellings`: one attack told twice in a report, totals over several;
  `extraction.placeless`: a report whose attack sentences name no place, placed by the sentence beside them.
- `extraction.evaluate`: precision, recall and field accuracy against hand-coded gold (`frontline evaluate`),
  and the gold read and paired for the de-duplication score (`store.dedup_score`).

May import `geo`, `language`, `incidents` and `reports`.
"""
