"""Redaction beyond English: every recogniser runs on every text, and a row in a language they were not built for is
marked as such, never passed off as fully redacted (a French row's own names model: test_redaction_names_models)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from disclosure import redact, redact_frame
from disclosure.cli import app
from disclosure.constants import NO_LANGUAGE
from disclosure.io import RENAMED_SUFFIX
from disclosure.measure.redaction import redactions
from disclosure.schema import REDACTION_ALL, REDACTION_NOT_TEXT, REDACTION_TO_CHECK, REDACTION_UNSUPPORTED_LANGUAGE

IDENTIFIERS = {  # language: (text, an identifier in it that must go)
    "es": ("Mi hermana María vive en Sevilla, escríbeme a maria.lopez@gmail.com.", "maria.lopez@gmail.com"),
    "fr": ("Ma sœur Marie habite à Lyon, appelle-moi au +33 6 12 34 56 78.", "+33 6 12 34 56 78"),
    "de": ("Mein Konto bei der Sparkasse: DE89 3704 0044 0532 0130 00, bitte überweise es.", "DE89 3704 0044"),
    "pt": ("Meu irmão João mora em Lisboa, o cartão dele é 4111 1111 1111 1111.", "4111 1111 1111 1111"),
    "zh": ("我叫王丽，电话 +86 138 0013 8000", "+86 138 0013 8000"),  # noqa: RUF001 (Chinese punctuation)
    "ru": ("Меня зовут Маша, пишите на masha.petrova@yandex.ru или @masha_p", "masha.petrova@yandex.ru"),
}
ENGLISH = "My sister Priya lives in Leeds, email me at sam@example.org"


@pytest.mark.parametrize("language", sorted(IDENTIFIERS))
def test_a_row_in_another_language_has_its_identifiers_replaced_and_is_marked_as_possibly_incomplete(
    language: str,
) -> None:
    text, identifier = IDENTIFIERS[language]
    [done] = redactions([text])
    assert identifier not in done.text
    assert done.language == language
    assert done.redaction in REDACTION_TO_CHECK


def test_names_and_places_in_latin_script_languages_are_still_looked_for() -> None:
    [done] = redactions([IDENTIFIERS["es"][0]])
    assert "María" not in done.text and "Sevilla" not in done.text


def test_an_english_row_is_marked_as_searched_in_its_own_language() -> None:
    [done] = redactions([ENGLISH])
    assert done == ("My sister [NAME] lives in [LOCATION], email me at [EMAIL]", "en", REDACTION_ALL)


def test_every_recogniser_runs_on_a_row_in_another_language() -> None:
    [done] = redactions(["Ich kann nicht mehr. I want to kill myself."])
    assert "kill myself" not in done.text and "[MENTAL HEALTH]" in done.text
    assert done.language == "de"


def test_emoji_and_code_rows_hold_no_language_and_count_as_fully_searched() -> None:
    done = redactions(["😭😭😭", "send_mail(to='sam@example.org', name='Priya Sharma', retries=3);"])
    assert [d.language for d in done] == [NO_LANGUAGE, NO_LANGUAGE]
    assert [d.redaction for d in done] == [REDACTION_ALL] * 2
    assert "sam@example.org" not in done[1].text and "Priya Sharma" not in done[1].text


def test_a_name_found_in_an_english_row_is_replaced_in_a_chinese_row_too() -> None:
    done = redactions([ENGLISH, "Priya 明天会来我家。"])
    assert "Priya" not in done[1].text
    assert done[1].redaction == REDACTION_UNSUPPORTED_LANGUAGE


def test_redacting_a_list_warns_how_many_texts_are_in_languages_the_recognisers_were_not_built_for() -> None:
    texts = [ENGLISH, IDENTIFIERS["es"][0], IDENTIFIERS["zh"][0]]
    with pytest.warns(UserWarning, match=r"2 of 3 texts are not in English \(es, zh\).*names, places and diagnoses"):
        out = redact(texts)
    assert out[0] == "My sister [NAME] lives in [LOCATION], email me at [EMAIL]"


def test_a_table_gets_language_and_redaction_columns_and_cells_without_text_say_so() -> None:
    frame = pd.DataFrame({"id": [1, 2, 3, 4], "text": [ENGLISH, IDENTIFIERS["es"][0], None, ""]})
    out = redact_frame(frame, text_column="text")
    assert list(out.columns) == ["id", "text", "language", "redaction"]
    assert out["language"].tolist()[:2] == ["en", "es"]
    unsupported = REDACTION_UNSUPPORTED_LANGUAGE
    assert out["redaction"].tolist() == [REDACTION_ALL, unsupported, REDACTION_NOT_TEXT, REDACTION_ALL]
    assert list(frame.columns) == ["id", "text"]


def test_a_table_that_already_has_a_language_column_keeps_it_and_gets_the_new_one_beside_it() -> None:
    frame = pd.DataFrame({"text": [IDENTIFIERS["es"][0]], "language": ["Spanish (self-reported)"]})
    out = redact_frame(frame, text_column="text")
    assert list(out.columns) == ["text", "language", f"language{RENAMED_SUFFIX}", "redaction"]
    assert out.iloc[0, 1:].tolist() == ["Spanish (self-reported)", "es", REDACTION_UNSUPPORTED_LANGUAGE]


def test_the_command_warns_even_when_quiet_and_marks_the_rows_in_the_file(tmp_path: Path) -> None:
    source, target = tmp_path / "posts.csv", tmp_path / "shared.csv"
    pd.DataFrame({"text": [ENGLISH, IDENTIFIERS["es"][0], IDENTIFIERS["zh"][0], "😭😭"]}).to_csv(source, index=False)
    result = CliRunner().invoke(app, ["redact", str(source), "-o", str(target), "-q"])
    assert result.exit_code == 0, result.output
    assert "warning: 2 of 4 texts are not in English (es, zh)" in result.stderr
    shared = pd.read_csv(target)
    assert shared["redaction"].tolist() == [
        REDACTION_ALL,
        REDACTION_UNSUPPORTED_LANGUAGE,
        REDACTION_UNSUPPORTED_LANGUAGE,
        REDACTION_ALL,
    ]
    assert "maria.lopez@gmail.com" not in shared["text"][1]


def test_the_command_says_nothing_more_when_every_row_is_in_a_language_the_recognisers_know(tmp_path: Path) -> None:
    source = tmp_path / "posts.csv"
    pd.DataFrame({"text": [ENGLISH, "ok"]}).to_csv(source, index=False)
    result = CliRunner().invoke(app, ["redact", str(source), "-o", str(tmp_path / "out.csv"), "-q"])
    assert result.exit_code == 0 and result.stderr == ""
