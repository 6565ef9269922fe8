from datetime import date

from extraction.extract import extract
from reports.reading import build_report, read_reports
from tests.conftest import SEED_EARLY, SEED_LATE


def extraction(path):
    return extract(next(read_reports([path])))


def by_location(incidents):
    return {i.location: i for i in incidents}


def test_later_seed_report():
    result = extraction(SEED_LATE)
    found = by_location(result.incidents)
    assert set(found) == {"Qara Salim", "Khidrjija", "Kifri", "Kulajo"}
    qara_salim = found["Qara Salim"]
    assert qara_salim.event_date == date(2021, 12, 5) and qara_salim.date_precision == "day"
    assert qara_salim.killed.peshmerga == 4 and qara_salim.wounded.peshmerga == 2
    assert qara_salim.perpetrator == "isis" and qara_salim.geo_precision == "sub_district"  # "near" the village
    assert qara_salim.admin2 == "Dibis" and qara_salim.sector == "Kirkuk–Dibis–Prde"
    assert "near Qara Salim in Prde sub-district" in qara_salim.sources[0].sentence
    khidrjija = found["Khidrjija"]
    assert khidrjija.date_precision == "week" and khidrjija.date_start <= date(2021, 12, 2) <= khidrjija.date_end
    assert (khidrjija.killed.civilians, khidrjija.killed.peshmerga) == (3, 10)


def test_kifri_and_kulajo_are_two_incidents_with_the_joint_toll_split():
    found = by_location(extraction(SEED_LATE).incidents)
    for name in ("Kifri", "Kulajo"):
        assert found[name].killed.peshmerga == 4
        assert "split evenly" in found[name].notes


def test_recaps_and_statements_are_not_incidents():
    result = extraction(SEED_LATE)
    reasons = {s.sentence.split(",")[0][:40]: s.reason for s in result.skipped}
    assert any("sixth attack" in s.sentence and s.reason.startswith("recap") for s in result.skipped)
    assert any("five attacks" in s.sentence and s.reason.startswith("recap") for s in result.skipped)
    assert reasons
    assert not any("Baghdad" in (i.location or "") for i in result.incidents)


def test_earlier_seed_report_names_only_the_mountain():
    result = extraction(SEED_EARLY)
    found = by_location(result.incidents)
    assert set(found) == {"Qarachogh Mountain", "Kifri", "Kulajo"}
    mountain = found["Qarachogh Mountain"]
    assert mountain.geo_precision == "sub_district"  # an area, not a village
    assert mountain.place.startswith("Qarachogh")
    assert any(s.reason.startswith("generic") for s in result.skipped)  # "a hotbed ... regular attacks"
    assert any(s.reason.startswith("summary") for s in result.skipped)  # "attacked ... in Makhmour and Garmian"


def test_history_paragraph_and_meeting_give_nothing():
    report = build_report(
        "Published: 2021-12-04\n\nIslamic State controlled roughly a third of Iraq between 2014 and 2017, "
        "including the remote Makhmour region. A delegation visited Baghdad on Saturday to hold talks.")
    assert extract(report).incidents == []


def test_unknown_place_is_kept_and_flagged():
    report = build_report(
        "Published: 2022-03-10\n\nOn Tuesday, gunmen attacked the village of Zrgwezala Tapa, killing two civilians.")
    result = extract(report)
    assert len(result.incidents) == 1
    incident = result.incidents[0]
    assert incident.latitude is None and incident.place == "Zrgwezala Tapa"
    assert "not in the gazetteer" in incident.notes
    assert result.unresolved_places == ["Zrgwezala Tapa"]


def test_directional_reference_is_not_the_location():
    report = build_report(
        "Published: 2021-12-07\n\nOn Sunday, militants attacked a checkpoint 20 km north of Kirkuk, "
        "killing a policeman.")
    incident = extract(report).incidents[0]
    assert incident.location == "Kirkuk" and incident.geo_precision == "district"


def test_casualties_in_the_next_sentence_join_the_attack():
    report = build_report(
        "Published: 2021-11-29\n\nISIS militants attacked a Peshmerga post in Kifri on Sunday night. "
        "Two soldiers were killed and three were wounded.")
    incidents = extract(report).incidents
    assert len(incidents) == 1
    assert incidents[0].killed.total == 2 and incidents[0].wounded.total == 3
    assert "Two soldiers" in incidents[0].sources[0].sentence


def test_lede_figures_without_place_join_the_incident_that_follows():
    report = build_report(
        "Published: 2015-01-12\n\nISIS fighters have killed at least 30 Kurdish fighters, a spokesman said Sunday. "
        "The fighting began Saturday as the extremists approached Gwer.")
    incidents = extract(report).incidents
    assert len(incidents) == 1
    assert incidents[0].killed.peshmerga == 30 and incidents[0].location == "Gwyer"
    assert incidents[0].event_date == date(2015, 1, 10)


def test_one_attack_told_in_a_lede_and_in_detail_is_one_incident_at_the_finer_place():
    report = build_report(
        "Published: 2021-12-06\n\nAt least two Kurdish Peshmerga have been killed after IS militants launched an "
        "attack near Kirkuk. One attack by IS militants on the village of Qara Salem near the northern city of "
        "Kirkuk on Sunday evening left at least two Kurdish Peshmerga soldiers dead.")
    incidents = extract(report).incidents
    assert len(incidents) == 1
    assert incidents[0].location == "Qara Salim" and incidents[0].event_date == date(2021, 12, 5)
    assert incidents[0].killed.peshmerga == 2


def test_a_headline_is_not_a_report_of_its_own():
    report = build_report(
        "Published: 2021-09-05\n\n13 Iraqi police killed in ISIS attack in Kirkuk\n\n"
        "ERBIL, Kurdistan Region - ISIS militants attacked a federal police checkpoint in Kirkuk's Rashad "
        "sub-district just after midnight on Sunday. Thirteen were killed and three wounded, the source said.")
    result = extract(report)
    assert len(result.incidents) == 1
    incident = result.incidents[0]
    assert (incident.location, incident.killed.total, incident.wounded.total) == ("Al-Rashad", 13, 3)
    assert any(s.reason.startswith("headline") for s in result.skipped)


def test_a_caption_date_does_not_date_the_next_attack():
    report = build_report(
        "Published: 2024-05-13\n\nIraqi forces search the area in Tarmiyah following clashes, Feb. 20, 2021. "
        "Ten Iraqi soldiers were killed in an attack carried out by ISIS fighters in Saladin province.")
    incident = extract(report).incidents[0]
    assert incident.date_end >= date(2024, 5, 1)


def test_attacks_abroad_are_out_of_scope():
    report = build_report(
        "Published: 2015-01-12\n\nIn Syria, three ISIS members were killed in an attack near the town of "
        "Al-Boleel in Deir al-Zor province on Saturday.")
    result = extract(report)
    assert result.incidents == [] and any(s.reason == "outside Iraq" for s in result.skipped)


def test_in_a_named_area_beats_near_a_town_of_the_same_attack():
    report = build_report(
        "Published: 2017-12-19\n\nPeshmerga repelled an ISIS attack, losing one soldier on Tuesday outside of "
        "Makhmur. The fighting happened in the Qaraj Plains near Qarachugh Mountain outside of Makhmur.")
    incidents = extract(report).incidents
    assert len(incidents) == 1 and incidents[0].location == "Qaraj" and incidents[0].killed.total == 1


def test_a_report_in_the_style_of_the_outlets():
    report = build_report(
        "Published: 2023-07-20\n\nKIRKUK — At least three members of the federal police were killed and five "
        "wounded on Wednesday night when ISIS militants attacked their post near the village of Tal al-Ward in "
        "the Riyadh sub-district, a police officer told Kurdistan24.\nThe officer said the attackers fled toward "
        "the Hamrin mountains.\nEarlier this week, a roadside bomb wounded two civilians near Daquq.\nIn a "
        "separate incident on July 15, a suicide bomber blew himself up at a checkpoint in Khanaqin, killing two "
        "Peshmerga and a civilian.\nThe Kirkuk governor condemned the attack and offered condolences.")
    found = {i.location: i for i in extract(report).incidents}
    assert set(found) == {"Al-Riyadh", "Daquq", "Khanaqin"}
    riyadh = found["Al-Riyadh"]
    assert (riyadh.killed.police, riyadh.wounded.police, riyadh.event_date) == (3, 5, date(2023, 7, 19))
    assert riyadh.place == "Tal al-Ward" and riyadh.geo_precision == "sub_district"
    assert found["Daquq"].date_precision == "week" and found["Daquq"].attack_type == "ied"
    khanaqin = found["Khanaqin"]
    assert khanaqin.attack_type == "suicide_attack" and khanaqin.event_date == date(2023, 7, 15)
    assert (khanaqin.killed.peshmerga, khanaqin.killed.civilians) == (2, 1)


def test_losing_a_soldier_reports_an_attack():
    report = build_report("Published: 2017-12-19\n\nKurdish Peshmerga have fought ISIS in areas between the front "
                          "lines, losing one soldier on Tuesday outside of Makhmur.")
    incidents = extract(report).incidents
    assert len(incidents) == 1 and incidents[0].killed.total == 1 and incidents[0].event_date == date(2017, 12, 19)


def test_an_event_dated_years_before_publication_is_history():
    report = build_report("Published: 2019-12-20\n\nThe gap between their patrols is a legacy of clashes between "
                          "the two forces near Makhmour in October 2017.")
    result = extract(report)
    assert result.incidents == [] and result.skipped[0].reason.startswith("history")


def test_a_separate_attack_is_kept_apart_even_nearby():
    report = build_report(
        "Published: 2021-12-06\n\nOne attack by IS militants on the village of Qara Salem near Kirkuk on Sunday "
        "evening left two Kurdish Peshmerga soldiers dead. Earlier on Sunday, IS launched a separate attack on the "
        "village of Luhaiban, also in the Kirkuk province.")
    incidents = extract(report).incidents
    assert [i.place for i in incidents] == ["Qara Salem", "Luhaiban"]
    # Luhaiban is a village OSM names in Kurdish script only (لھێبان), met inside the province the text gives.
    assert incidents[1].geo_precision == "exact_place" and incidents[1].admin1 == "Kirkuk"


def test_also_attacked_is_another_attack():
    report = build_report(
        "Published: 2021-01-05\n\nOn January 2, one soldier was wounded during an ISIS attack on checkpoints in "
        "the Khanaqin district. On January 2, ISIS also attacked an Iraqi army location on the outskirts of "
        "Khanaqin causing one dead and 6 wounded.")
    assert len(extract(report).incidents) == 2


def test_an_unlocated_retelling_joins_the_attack_it_retells():
    report = build_report(
        "Published: 2024-05-13\n\nThe attack occurred in the village of al-Asba'iyat, which is located near the "
        "Uzem plain.\nTen Iraqi soldiers were killed in an attack carried out by ISIS fighters in Saladin province.")
    incidents = extract(report).incidents
    assert len(incidents) == 1 and incidents[0].killed.total == 10


def test_undated_page_says_which_words_fixed_its_dates():
    report = build_report("Two Iraqi soldiers were killed in an attack in Dibis district on Tuesday (December 7). "
                          "Last week, four people were killed in an ISIS attack in Makhmur district.")
    found = {i.location: i for i in extract(report).incidents}
    assert found["Dibis"].event_date == date(2021, 12, 7)
    assert (found["Makhmour"].date_start, found["Makhmour"].date_precision) == (date(2021, 11, 29), "week")
    assert all("no publication date" in i.notes and "Tuesday (December 7)" in i.notes for i in found.values())


def test_a_village_the_report_placed_is_not_moved_to_a_namesake():
    # Kirkuk has an al-Rashad sub-district; this report's Rashad is a village in Miqdadiya (Diyala).
    report = build_report(
        "Published: 2021-10-27\n\nGunmen attacked the village of Rashad in Miqdadiya district on Tuesday, "
        "killing 13 people. Villagers in al-Rashad fell into an ambush on Wednesday, and two were wounded.")
    incidents = extract(report).incidents
    assert len(incidents) == 2
    assert {i.admin1 for i in incidents} == {"Diyala"}


def test_meanwhile_does_not_take_the_date_of_the_attack_told_before():
    report = build_report(
        "Published: 2021-05-11\n\nOn May 1, three Peshmerga were killed in an ISIS attack in Kirkuk. "
        "Meanwhile, gunmen attacked Iraqi soldiers near Jalawla, leaving two wounded.")
    found = {i.location: i for i in extract(report).incidents}
    assert found["Kirkuk"].event_date == date(2021, 5, 1)
    jalawla = next(i for name, i in found.items() if name.startswith("Jalawla"))
    assert jalawla.date_precision == "week" and jalawla.date_end == date(2021, 5, 11)


def test_a_statement_of_concern_is_not_an_attack():
    report = build_report(
        "Published: 2021-05-11\n\nOfficials in Erbil and Baghdad have expressed concern about the security "
        "vacuum in the disputed areas, which allows ISIS to stage attacks against civilian and military targets.")
    result = extract(report)
    assert result.incidents == []
    assert result.skipped[0].reason.startswith("generic")


def test_shelling_militants_is_an_operation_not_an_attack():
    report = build_report(
        "Published: 2014-09-26\n\nThe Peshmerga hammered the IS-held village of Kani Shirin in Zumar district "
        "with artillery on Thursday, killing 12 militants.")
    result = extract(report)
    assert result.incidents == [] and result.skipped[0].reason.startswith("operation")


def test_the_militants_killed_in_an_attack_are_in_no_victim_group():
    report = build_report(
        "Published: 2022-03-08\n\nIS militants attacked an army post near Daquq on Monday night, killing two "
        "soldiers; about 15 IS militants and their leader were killed in the clashes that followed.\nThe same night, "
        "gunmen attacked a checkpoint near Kifri and two of the attackers and three companions were killed, while "
        "one policeman was wounded.")
    found = {i.location: i for i in extract(report).incidents}
    assert found["Daquq"].killed.as_dict() == {"peshmerga": None, "iraqi_army": 2, "police": None, "pmf": None,
                                               "civilians": None, "unknown": None}
    kifri = found["Kifri"]
    assert kifri.killed.total is None and kifri.wounded.police == 1


def test_a_name_of_several_places_is_the_one_in_the_area_the_report_names():
    """Shorsh is a town in Chamchamal and a sub-district of Koya: a report about Koya means Koya's."""
    text = ("Gunmen attacked a police post in Koya on Sunday, killing a policeman.\n\n"
            "On Monday, gunmen attacked a checkpoint in Shorsh, wounding two policemen.")
    report = build_report(text, published="2021-05-04")
    shorsh = next(i for i in extract(report).incidents if i.place == "Shorsh")
    assert shorsh.admin1 == "Erbil"


def test_a_name_known_only_far_from_the_reports_area_is_a_village_of_that_area():
    """The English-lettered Mahmudiya is a Baghdad town; in a report about Hawija it is the village near Hawija that
    OpenStreetMap names in Arabic script only."""
    text = ("Gunmen attacked a police post near Hawija on Sunday, killing a policeman.\n\n"
            "On Monday, gunmen killed the mukhtar of Mahmudiya in his home.")
    report = build_report(text, published="2021-05-04")
    mahmudiya = next(i for i in extract(report).incidents if i.place == "Mahmudiya")
    assert mahmudiya.admin1 == "Kirkuk" and "in the area the report's other places give" in mahmudiya.notes


def skip_reasons(text):
    result = extract(build_report(text, published="2021-05-04"))
    return {s.sentence: s.reason for s in result.skipped}, result.incidents


def test_a_ledes_figures_dropped_say_why():
    lede = "At least nine people were killed in northern Iraq on Sunday."
    reasons, incidents = skip_reasons(f"{lede}\n\nGunmen kidnapped two shepherds near Kifri on Sunday.")
    assert [i.place for i in incidents] == ["Kifri"] and incidents[0].killed_total is None
    assert reasons[lede] == ("figures before any place, dropped: the first attack placed after them (Kifri) has a "
                             "toll of its own")
    reasons, incidents = skip_reasons(lede)
    assert incidents == [] and reasons[lede] == "figures before any place, dropped: no attack after them names one"


def test_a_ledes_figures_go_to_the_first_attack_placed_after_them():
    reasons, [incident] = skip_reasons("At least nine people were killed in northern Iraq on Sunday.\n\n"
                                       "The attack targeted a wedding in a village near Kifri.")
    assert incident.killed_total == 9 and reasons == {}


def test_an_attack_told_without_a_place_takes_the_place_the_sentence_beside_it_names():
    text = ("A Kakai village was attacked on Saturday night, residents said.\n\n"
            "No one was hurt, though bullets hit several houses in Topzawa village, near Daquq.")
    reasons, incidents = skip_reasons(text)
    assert [i.admin1 for i in incidents] == ["Kirkuk"] and incidents[0].date_start == date(2021, 5, 1)
    assert "the report's attack sentences name no place" in incidents[0].notes and not reasons


def test_a_war_long_toll_or_history_beside_a_place_is_no_attack():
    """An unplaced sentence placed by its neighbour must still be a recent attack: not a toll beyond what any one
    attack reached, nor an event more than a year old, nor one the report does not date."""
    for text in ("Officials opened the grave in Sinjar on Monday.\n\nAt least 5,000 Yazidis were killed by ISIS.",
                 "The grave in Sinjar was dug in August 2014.\n\nISIS killed 80 people there.",
                 "Officials opened the grave in Sinjar.\n\nISIS killed 80 people there."):
        _, incidents = skip_reasons(text)
        assert incidents == []
