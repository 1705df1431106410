"""The informal-text recognizer: lower-case names and places, offsets that match the text, a small NumPy model."""

from __future__ import annotations

import subprocess
import sys

from disclosure.measure.informal_entities import WEIGHTS_FILE, informal_entities, name_lists, tokenize


def test_tokens_are_slices_of_the_text() -> None:
    text = "i told @priya_s, priya's mum (in st. albans) — http://x.co/a ok"
    assert all(text[t.start : t.end] == t.text for t in tokenize(text))
    assert "@priya_s" in [t.text for t in tokenize(text)]


def test_lower_case_names_and_places_are_found() -> None:
    (found,) = informal_entities().entities(["i told priya sharma everything and then drove to leeds"])
    text = "i told priya sharma everything and then drove to leeds"
    assert ("PERSON", "priya sharma") in [(e.category, text[e.start : e.end]) for e in found]
    assert ("LOCATION", "leeds") in [(e.category, text[e.start : e.end]) for e in found]


def test_the_same_text_gives_the_same_entities() -> None:
    texts = ["me n jake went to see nana ama in kumasi", "tunde from barclays keeps texting me"]
    assert informal_entities().entities(texts) == informal_entities().entities(list(reversed(texts)))[::-1]


def test_the_weights_are_small_and_scoring_needs_no_torch() -> None:
    assert WEIGHTS_FILE.stat().st_size < 30 * 2**20
    code = (
        "import sys; from disclosure.measure.informal_entities import informal_entities; "
        "informal_entities().entities(['hi from leeds']); print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_name_lists_hold_names_of_many_cultures_and_no_function_words() -> None:
    given, surnames = name_lists()
    assert {"ngozi", "kwame", "emeka", "priya", "mehmet", "siobhan", "thandiwe", "kofi"} <= given | surnames
    assert {"nguyen", "okafor", "sharma", "yilmaz", "murphy"} <= surnames
    assert not {"the", "and", "so", "an", "with"} & (given | surnames)
    assert all(w == w.lower() and " " not in w for w in given | surnames)
