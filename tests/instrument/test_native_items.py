"""The native-language validation set: ids only, six languages, every item gold and coded, read from the user's MINT."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from disclosure.errors import InputError
from disclosure.instrument.coded_corpus import GOLD, read_codes
from disclosure.instrument.native_items import MINT_LANGUAGES, mint_id, native_items, read_mint
from disclosure.measure.detectors import SHIPPED_MODELS_DIR, shipped_models
from disclosure.measure.heads import HEADS_CONFIG

from ..conftest import REPO

NATIVE = REPO / "data" / "native"
CODES = "item\tdepth\tcategories\tvalence\tmotive\tsystem\timmediacy\tsupport\n"


def _items() -> pd.DataFrame:
    return pd.read_csv(NATIVE / "items.csv", dtype=str, keep_default_na=False).set_index("item")


def _mint(tmp_path: Path, rows: list[tuple[str, float, str]]) -> Path:
    path = tmp_path / "train.csv"
    pd.DataFrame(rows, columns=["text", "label", "language"]).to_csv(path, index=False)
    return path


def test_an_item_id_is_the_sha1_of_the_tweet_and_stores_no_text() -> None:
    assert mint_id("Me siento muy sola desde que perdí el trabajo.") == mint_id(
        "Me siento muy sola desde que perdí el trabajo."
    )
    assert mint_id("a") != mint_id("b")
    assert mint_id("a").startswith("mint:") and len(mint_id("a")) == len("mint:") + 12
    assert list(_items().columns) == ["source", "language", "split", "wave"]


def test_the_set_holds_a_hundred_gold_items_in_each_of_six_languages() -> None:
    items = _items()
    assert items.index.is_unique
    assert items["language"].value_counts().to_dict() == dict.fromkeys(MINT_LANGUAGES.values(), 100)
    assert (items["split"] == GOLD).all()


def test_every_item_is_coded_by_two_passes_and_adjudicated() -> None:
    items = _items()
    for name in ("codes_coder1.csv", "codes_coder2.csv", "adjudicated.csv"):
        assert set(read_codes(NATIVE / name).index) == set(items.index)


@pytest.mark.parametrize("model", shipped_models())
def test_no_shipped_head_was_trained_on_a_native_item(model: str) -> None:
    trained_on = set(json.loads((SHIPPED_MODELS_DIR / model / HEADS_CONFIG).read_text())["trained_on"])
    assert not trained_on & set(_items().index)


def test_mint_is_read_with_iso_languages_and_without_repeated_or_unrated_languages(tmp_path: Path) -> None:
    path = _mint(
        tmp_path,
        [
            ("Je me sens seule.", 3.4, "French"),
            ("我最近一直很抑郁", 4.0, "Chinese"),
            ("Ik ben moe.", 2.0, "Dutch"),
            ("same", 1.0, "English"),
            ("same", 1.2, "English"),
        ],
    )
    mint = read_mint(path)
    assert mint["language"].tolist() == ["fr", "zh"]
    assert mint["intimacy"].tolist() == [3.4, 4.0]
    assert mint.index.tolist() == [mint_id("Je me sens seule."), mint_id("我最近一直很抑郁")]


def test_a_file_that_is_not_mint_is_refused_with_what_it_lacks(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    pd.DataFrame({"text": ["hi"], "language": ["English"]}).to_csv(path, index=False)
    with pytest.raises(InputError, match=r"lacks the column.*label"):
        read_mint(path)
    with pytest.raises(InputError, match="No MINT file"):
        read_mint(tmp_path / "absent.csv")


def test_items_are_joined_to_their_text_rating_and_codes_and_missing_tweets_are_named(tmp_path: Path) -> None:
    mint = _mint(tmp_path, [("Je me sens seule.", 3.4, "French"), ("Il pleut.", 1.0, "French")])
    first, second = mint_id("Je me sens seule."), mint_id("Il pleut.")
    items = tmp_path / "items.csv"
    pd.DataFrame(
        {"item": [first, second], "source": "mint", "language": "fr", "split": GOLD, "wave": "native1"}
    ).to_csv(items, index=False)
    codes = tmp_path / "codes.tsv"
    codes.write_text(
        CODES
        + f"{first}\t2\tfeelings\t-1\tventing\tattachment\tnon_immediate\tnone\n"
        + f"{second}\t0\t-\t0\tnone\tnone\tnone\tnone\n"
    )
    joined = native_items(items, codes, mint)
    assert joined.loc[first, ["text", "intimacy", "depth"]].tolist() == ["Je me sens seule.", 3.4, 2.0]
    assert joined.loc[second, "depth"] == 0
    absent = _mint(tmp_path, [("Il pleut.", 1.0, "French")])
    with pytest.raises(InputError, match=f"1 of the 2 native items are not in .*{first}"):
        native_items(items, codes, absent)
