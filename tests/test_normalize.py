import pytest

from geo.normalize import is_latin, name_key


@pytest.mark.parametrize("a, b", [
    ("Makhmour", "Makhmur"), ("Al-Hawija", "Hawija"), ("al Hawija", "Hawija"), ("Kirkuk province", "Kirkuk"),
    ("Qarachogh mountain", "Qarachogh"), ("Mount Qarachogh", "Qarachogh"), ("Kifrî", "Kifri"),
    ("Khidr-Jija", "Khidr Jija"), ("Khanaqeen", "Khanaqin"), ("Qara Salim", "Qarasalim"), ("Kirkkuk", "Kirkuk"),
])
def test_spellings_that_mean_the_same_share_a_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [("Daquq", "Dahuk"), ("Kifri", "Kalar"), ("Dibis", "Dibaga")])
def test_different_places_keep_different_keys(a, b):
    assert name_key(a) != name_key(b)


def test_descriptor_only_gives_empty_key():
    assert name_key("the village") == ""


def test_script_detection():
    assert is_latin("Kifrī") and not is_latin("كفري")
