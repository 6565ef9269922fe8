"""A confidence per incident from the cues behind it, a calibrated probability that it is real and its killed count
right; the doubtful ones are reviewed first."""
import itertools
import time
from datetime import date

import numpy as np

from incidents.confidence import (FEATURES, Doubt, assess, model, source_confidence, source_doubts,
                                  source_features)
from extraction.extract import extract
from incidents.model import FIGURE_GUARDRAIL, Report
from reports.reading import build_report

PUBLISHED = date(2021, 12, 7)


def incidents_of(text: str, published: date | None = PUBLISHED):
    return extract(Report(published=published, text=text)).incidents


def test_stated_day_village_and_tolls_are_trusted_most():
    [incident] = incidents_of("On Sunday, ISIS militants attacked the Peshmerga in Qara Salim in Prde sub-district, "
                              "killing four members of the Kurdish forces and wounding two.")
    assert source_features(incident.sources[0]) == {} and incident.review_reason == ""
    assert incident.confidence == round(1 / (1 + np.exp(-model()["intercept"])), 3) > 0.9


def test_the_shipped_model_gives_a_probability_that_no_doubt_raises():
    weights = model()
    assert set(weights) == {"intercept", *FEATURES} and all(weights[f] <= 0 for f in FEATURES)
    [incident] = incidents_of("On Sunday, gunmen attacked a checkpoint in Kifri, killing two soldiers.")
    source = incident.sources[0]
    alone = source_confidence(source)
    for doubts in itertools.combinations(["date taken from an earlier sentence", "figures from another sentence",
                                          "place taken from another sentence"], 2):
        doubtful = source.model_copy(update={"doubts": list(doubts)})
        assert 0 <= source_confidence(doubtful) <= alone <= 1


def test_each_doubt_lowers_confidence():
    [dated] = incidents_of("On Sunday, gunmen attacked a checkpoint in Kifri, killing two soldiers.")
    [undated] = incidents_of("Gunmen attacked a checkpoint in Kifri, killing two soldiers.")
    [coarse] = incidents_of("On Sunday, gunmen attacked a checkpoint in Diyala province, killing two soldiers.")
    assert undated.confidence < dated.confidence and "no date in the report" in undated.review_reason
    assert coarse.geo_precision == "governorate" and coarse.confidence < dated.confidence
    assert Doubt.PLACE_GOVERNORATE in source_doubts(coarse.sources[0])


def test_an_inferred_publication_date_is_reviewed_first():
    report = build_report("Gunmen attacked a checkpoint in Kifri on Tuesday (December 7), killing two soldiers.",
                          path="page.txt")
    [incident] = extract(report).incidents
    assert report.anchored_on and "publication date inferred" in incident.review_reason
    assert incident.confidence < 1.0


def test_a_figure_beyond_the_guardrail_is_kept_flagged_and_least_trusted():
    [incident] = incidents_of("On Sunday, ISIS attacked Peshmerga positions near Kifri, killing 9999 Peshmerga.")
    assert incident.killed_total == 9999 > FIGURE_GUARDRAIL
    assert f"a figure above {FIGURE_GUARDRAIL}" in incident.review_reason
    assert incident.confidence <= 0.3


def test_independent_reports_corroborate_the_toll_they_give():
    [one] = incidents_of("Gunmen attacked a checkpoint in Kifri, killing two soldiers.")
    [other] = incidents_of("Gunmen attacked a checkpoint in Kifri, killing two soldiers. Nothing else happened.",
                           date(2021, 12, 6))
    [another_toll] = incidents_of("Gunmen attacked a checkpoint in Kifri, killing three soldiers.", date(2021, 12, 5))
    c1, c2 = (source_confidence(i.sources[0]) for i in (one, other))
    alone, _ = assess(one.sources, 2)
    together, _ = assess(one.sources + other.sources, 2)
    assert alone == round(c1, 3) < 1.0
    assert together == round(1 - (1 - c1) * (1 - c2), 3) > alone
    assert assess(one.sources + one.sources, 2)[0] == alone  # one report counted once
    assert assess(one.sources + another_toll.sources, 2)[0] == alone  # three killed is no support for two


def test_a_long_report_is_read_in_time_proportional_to_its_length():
    """500,000 characters of run-on text: bounded sentences keep it linear (issue 14: it used to hang)."""
    clause = "Gunmen attacked a checkpoint near Kirkuk, killing three Peshmerga and wounding two others, "
    text = (clause * 6000)[:500_000]
    started = time.process_time()
    found = incidents_of(text)
    assert time.process_time() - started < 60
    assert [i.killed.peshmerga for i in found] == [3]  # the repeated clause is one toll, not 16,000


def test_a_joint_toll_split_evenly_is_reviewed_first():
    incidents = incidents_of("On Sunday, ISIS attacks in Kifri and Kulajo killed eight Peshmerga.")
    assert len(incidents) == 2 and all(i.killed_total == 4 for i in incidents)
    assert all("split evenly" in i.review_reason for i in incidents)


def test_training_is_deterministic_and_no_feature_raises_confidence():
    from tools.train_confidence import fit

    # a tiny labelled set: the first feature comes with wrong incidents, the second (a doubt in name only) with right
    features = np.array([[0, 0]] * 6 + [[1, 0]] * 4 + [[0, 1]] * 4, float)
    right = np.array([1, 1, 1, 1, 1, 0] + [1, 0, 0, 0] + [1, 1, 1, 1], float)
    first, second = (fit(features, right, np.ones(len(right)), l2=1.0) for _ in range(2))
    assert first[0] == second[0] and np.array_equal(first[1], second[1])
    assert first[1][0] < 0 and first[1][1] == 0
