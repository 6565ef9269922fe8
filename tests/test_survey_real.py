"""tools/survey_real counts what extraction makes of unscored pages, on a small corpus written here."""
from tools.survey_real import survey

MANIFEST = "file,url,published,outlet,kind,governorate_or_area\n" \
           "r1.txt,https://example.org/1,2021-12-07,Example,attack,Kirkuk\n" \
           "r2.txt,https://example.org/2,2021-12-07,Example,other,Erbil\n" \
           "r3.txt,https://example.org/3,unknown,Example,attack,Diyala\n"
PAGES = {
    "r1.txt": "URL: https://example.org/1\nPUBLISHED: 2021-12-07\n\nGunmen attacked a checkpoint in Kifri on Monday, "
              "killing three policemen.\n",
    "r2.txt": "URL: https://example.org/2\nPUBLISHED: 2021-12-07\n\nCommanders met in Erbil on Monday to discuss the "
              "budget.\n",
    "r3.txt": "URL: https://example.org/3\nPUBLISHED: unknown\n\nGunmen attacked a checkpoint in Kifri, killing two.\n",
}


def test_other_pages_with_incidents_and_refused_attack_pages_are_counted(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "MANIFEST-all.csv").write_text(MANIFEST)
    for name, text in PAGES.items():
        (tmp_path / "articles" / name).write_text(text)
    counts, lines = survey(tmp_path)
    assert (counts["attack_pages"], counts["other_pages"], counts["attack_incidents"]) == (2, 1, 1)
    assert counts["other_pages_with_incident"] == 0 and counts["incidents_above_100"] == 0
    assert counts["attack_pages_refused"] == 1 and any(line.startswith("refused  r3.txt") for line in lines)
