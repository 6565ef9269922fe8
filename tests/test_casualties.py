from incidents.casualties import count_casualties


def killed(sentence):
    return {g: n for g, n in count_casualties(sentence).killed.as_dict().items() if n is not None}


def wounded(sentence):
    return {g: n for g, n in count_casualties(sentence).wounded.as_dict().items() if n is not None}


def test_active_verbs_and_others_taking_the_previous_group():
    s = ("ISIS militants attacked the frontline of the Peshmerga forces near Qara Salim, "
         "killing four members of the Kurdish forces and wounding two others.")
    assert killed(s) == {"peshmerga": 4}
    assert wounded(s) == {"peshmerga": 2}


def test_a_list_of_groups_before_a_passive_verb():
    s = "Three civilians and 10 members of the Kurdish forces were killed in ISIS attacks."
    assert killed(s) == {"civilians": 3, "peshmerga": 10}


def test_number_words_and_other():
    assert killed("Eight other members of the Peshmerga forces were killed in the attacks.") == {"peshmerga": 8}


def test_at_least_is_a_lower_bound():
    result = count_casualties("The attack killed at least 30 Kurdish fighters.")
    assert result.killed.peshmerga == 30 and result.lower_bound


def test_vague_amounts_give_no_number():
    result = count_casualties("Two policemen were injured and a number of people were wounded.")
    assert result.wounded.as_dict()["police"] == 2
    assert result.wounded.unknown is None
    assert result.vague


def test_militants_are_not_victims():
    result = count_casualties("Five ISIS militants were killed in the clash while one Peshmerga soldier was wounded.")
    assert result.killed.total is None
    assert result.militants_killed == 5
    assert wounded("Five ISIS militants were killed in the clash while one Peshmerga soldier was wounded.") == {
        "peshmerga": 1}


def test_distances_years_and_shares_are_not_casualties():
    assert count_casualties("Makhmour is about 70 km (45 miles) southeast of Mosul.").killed.total is None
    assert count_casualties("ISIS controlled a third of Iraq between 2014 and 2017.").killed.total is None


def test_a_singular_victim():
    assert killed("A Peshmerga fighter was killed and two others were injured.") == {"peshmerga": 1}
    assert wounded("A Peshmerga fighter was killed and two others were injured.") == {"peshmerga": 2}
