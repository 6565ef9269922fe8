from language.sentences import split_sentences, strip_dateline


def test_abbreviations_do_not_end_sentences():
    text = "Deputy commander Lit. Gen. Abdulamir al-Shammari said. He met U.S. officials. “It was good.” Then he left."
    assert [s.text for s in split_sentences(text)] == [
        "Deputy commander Lit. Gen. Abdulamir al-Shammari said.", "He met U.S. officials.", "“It was good.”",
        "Then he left."]


def test_datelines_are_cut():
    assert strip_dateline("ERBIL, Kurdistan Region – Ten civilians were killed in Kirkuk.") == \
        "Ten civilians were killed in Kirkuk."
    assert strip_dateline("ERBIL (Kurdistan 24) – An attack late Saturday killed five.") == \
        "An attack late Saturday killed five."
    assert strip_dateline("Baghdad (AFP) – Jihadists killed 10 paramilitary fighters north of Baghdad.") == \
        "Jihadists killed 10 paramilitary fighters north of Baghdad."
    assert strip_dateline("KIRKUK: The Islamic State group killed a commander.") == \
        "The Islamic State group killed a commander."
    assert strip_dateline("SULAIMANI (ESTA) — Iraqi and Peshmerga officials agreed.") == \
        "Iraqi and Peshmerga officials agreed."
    assert strip_dateline("MOUNT QARACHOGH, Kurdistan Region — Kurdish Peshmerga have continued.") == \
        "Kurdish Peshmerga have continued."
    assert strip_dateline("ISIS militants attacked Kifri on Sunday.") == "ISIS militants attacked Kifri on Sunday."


def test_headlines_and_clutter_are_marked():
    parts = split_sentences("13 Iraqi police killed in ISIS attack in Kirkuk\n\n1756 View\n\n"
                            "ERBIL, Kurdistan Region - Thirteen police officers were killed on Sunday.")
    assert [(p.text, p.headline) for p in parts] == [
        ("13 Iraqi police killed in ISIS attack in Kirkuk", True), ("1756 View", True),
        ("Thirteen police officers were killed on Sunday.", False)]


def test_a_line_cut_off_mid_sentence_is_prose_not_a_headline():
    parts = split_sentences("Two soldiers killed in Kirkuk ambush\n\nThree days ago, gunmen killed two soldiers in an "
                            "ambush in Kirkuk - an area infamous for")
    assert [p.headline for p in parts] == [True, False]


def test_title_case_dateline_with_colon():
    assert strip_dateline("Baghdad: Exploiting a foggy night, militants attacked Kirkuk.") == \
        "Exploiting a foggy night, militants attacked Kirkuk."
