"""The battery, commands: explain, conversations, compare, report, simulate, fit and evaluate given what a user
may give them; each completes with a correct result or is refused in one line (see `harness`)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from disclosure import simulate
from disclosure.model import to_utterances

from ..conftest import FIXTURES
from ..dynamics.planted_conversations import reciprocity_corpus, reinforcement_corpus
from .harness import FAST, cells, completed, refused, run

# Explain --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I was diagnosed with diabetes last year.",
        "ok",
        "I'm Sarah from Leeds, call me on 07700 900123.",
        "word " * 5000,
        "\x1b[31mred\x1b[0m and a bell\x07",
        "line one\nline two",
    ],
)
def test_explain_any_text_gets_every_measure_and_no_raw_control_characters(text: str) -> None:
    result = run(["explain", text, *FAST])
    completed(result)
    assert "Depth:" in result.stdout and "Privacy risk:" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


@pytest.mark.parametrize("text", ["😀", "مرحبا أنا حزين"])
def test_explain_text_in_no_supported_language_is_refused_with_the_way_to_score_it_anyway(text: str) -> None:
    refused(run(["explain", text, *FAST]), "--any-language")
    forced = run(["explain", text, *FAST, "--any-language"])
    completed(forced)
    assert "Depth:" in forced.stdout and "Language: '" in forced.stdout


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "a\ud800b"])
def test_explain_no_text_is_refused(text: str) -> None:
    refused(run(["explain", text, *FAST]))


def test_explain_unknown_model_is_refused_with_the_models_there_are() -> None:
    refused(run(["explain", "hello", "--model", "huge"]), "huge", "fast")


# Conversations --------------------------------------------------------------------------------------------------


def _measured(tmp_path: Path, frame: pd.DataFrame, name: str = "talk.csv") -> Path:
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def _peers(conversations: int = 8) -> pd.DataFrame:
    return reciprocity_corpus(0.5, conversations=conversations, exchanges=4)


CONVERSATION_CASES = {
    "ordinary": lambda: _peers(),
    "one speaker": lambda: _peers().assign(speaker="a"),
    "one row": lambda: _peers().iloc[:1],
    "unscored rows": lambda: _peers().assign(status=lambda f: np.where(np.arange(len(f)) % 3 == 0, "empty text", "ok")),
    "numeric ids": lambda: _peers().assign(conversation=lambda f: f["conversation"].str[1:].astype(int)),
    "shuffled with turns": lambda: (
        _peers().assign(turn=lambda f: f.groupby("conversation").cumcount()).sample(frac=1.0, random_state=1)
    ),
    "unicode ids": lambda: _peers().assign(conversation=lambda f: "会話-" + f["conversation"]),
    "nothing scored": lambda: _peers().assign(status="empty text"),
    "many tiny": lambda: reciprocity_corpus(0.5, conversations=400, exchanges=1),
    "helpers": lambda: reinforcement_corpus(0.5, conversations=6, exchanges=4).assign(role=lambda f: f["speaker"]),
}


@pytest.mark.parametrize("case", sorted(CONVERSATION_CASES))
def test_conversations_every_utterance_comes_out_once(tmp_path: Path, case: str) -> None:
    frame = CONVERSATION_CASES[case]()
    source = _measured(tmp_path, frame)
    turn = ["--turn-column", "turn"] if "turn" in frame.columns else []
    role = ["--role-column", "role"] if "role" in frame.columns else []
    result = run(["conversations", source, "--out-dir", tmp_path / "out", *turn, *role, "-q"])
    completed(result)
    utterances = pd.read_csv(tmp_path / "out" / "utterances.csv", dtype=str, keep_default_na=False)
    assert len(utterances) == len(frame)
    assert sorted(utterances["text"]) == sorted(frame["text"].astype(str))
    conversations = pd.read_csv(tmp_path / "out" / "conversations.csv", dtype=str)
    assert len(conversations) == frame["conversation"].nunique()


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda f: f.drop(columns="speaker"), "speaker"),
        (lambda f: f.assign(conversation=""), "conversation"),
        (lambda f: f.assign(turn="soon"), "soon"),
        (lambda f: f.drop(columns="text"), "text"),
    ],
)
def test_conversations_unusable_input_is_refused(tmp_path: Path, change: object, fragment: str) -> None:
    frame = change(_peers())  # type: ignore[operator]
    source = _measured(tmp_path, frame)
    turn = ["--turn-column", "turn"] if "turn" in frame.columns else []
    refused(run(["conversations", source, "--out-dir", tmp_path / "out", *turn, *FAST]), fragment)


def test_conversations_a_header_only_file_gives_empty_tables(tmp_path: Path) -> None:
    source = _measured(tmp_path, _peers().iloc[:0])
    completed(run(["conversations", source, "--out-dir", tmp_path / "out", *FAST, "-q"]))
    assert pd.read_csv(tmp_path / "out" / "utterances.csv").empty


def test_conversations_raw_text_is_scored_with_the_model(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "conversation": ["c1"] * 4 + ["c2"] * 2,
            "speaker": ["a", "b", "a", "b", "x", "y"],
            "text": ["I lost my job.", "Oh no, I'm sorry.", "Yes.", "Me too.", "", "Hello"],
        }
    )
    source = _measured(tmp_path, frame)
    completed(run(["conversations", source, "--out-dir", tmp_path / "out", *FAST, "-q"]))
    utterances = pd.read_csv(tmp_path / "out" / "utterances.csv", dtype=str, keep_default_na=False)
    assert utterances["text"].tolist() == frame["text"].tolist()
    assert utterances["status"].tolist()[4] == "empty text"


# Compare --------------------------------------------------------------------------------------------------------


def _grouped(groups: list[object]) -> pd.DataFrame:
    frame = _peers(conversations=12)
    frame["group"] = [groups[i % len(groups)] for i in frame.groupby(["conversation", "speaker"]).ngroup()]
    return frame


@pytest.mark.parametrize(
    "groups",
    [["women", "men"], ["a", "b", "c"], [1, 2], ["x", "", "y"], ["x", None, "y"], ["only one"], ["NaN", "null", "z"]],
    ids=["two", "three", "numbers", "empty string", "missing", "one group", "words like null"],
)
def test_compare_any_grouping_gives_groups_or_says_why_not(tmp_path: Path, groups: list[object]) -> None:
    source = _measured(tmp_path, _grouped(groups))
    output = tmp_path / "groups.csv"
    result = run(["compare", source, "--by", "group", "-o", output])
    if result.exit_code != 0:
        refused(result, output=output)
        return
    table = pd.read_csv(output, dtype=str, keep_default_na=False)
    named = {g for g in groups if isinstance(g, str) and g.strip()} | {str(g) for g in groups if isinstance(g, int)}
    assert set(table["group"]) <= named, "a missing value became a group"
    assert "" not in set(table["reference"])


def test_compare_an_unknown_column_is_refused_with_the_columns(tmp_path: Path) -> None:
    source = _measured(tmp_path, _grouped(["a", "b"]))
    refused(run(["compare", source, "--by", "gender"]), "gender", "speaker")


def test_compare_thousands_of_groups_answers_in_time(tmp_path: Path) -> None:
    frame = reciprocity_corpus(0.5, conversations=1500, exchanges=1)
    frame["group"] = frame["conversation"]
    source = _measured(tmp_path, frame)
    result = run(["compare", source, "--by", "group", "-q"])
    assert result.exit_code == 0 or "disclosure: error:" in result.output


# Report ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("by", [None, "group"])
def test_report_is_one_offline_html_file(tmp_path: Path, by: str | None) -> None:
    source = _measured(tmp_path, _grouped(["a", "b"]))
    output = tmp_path / "report.html"
    completed(run(["report", source, "-o", output, *(["--by", by] if by else []), "-q"]))
    page = output.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") or page.lstrip().lower().startswith("<!doctype html>")
    assert "http://" not in page.replace("http://www.w3.org", "")


@pytest.mark.parametrize(
    ("args", "fragment"), [(["-o", "report.pdf"], ".pdf"), (["-o", "report.html", "--by", "nope"], "nope")]
)
def test_report_unusable_options_are_refused(tmp_path: Path, args: list[str], fragment: str) -> None:
    source = _measured(tmp_path, _grouped(["a", "b"]))
    args = [str(tmp_path / a) if a.startswith("report") else a for a in args]
    refused(run(["report", source, *args]), fragment)


def test_report_a_single_conversation_of_one_speaker(tmp_path: Path) -> None:
    source = _measured(tmp_path, _peers().assign(speaker="a", conversation="c0"))
    completed(run(["report", source, "-o", tmp_path / "r.html", "-q"]))


# Simulate -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--dyads", "0"], "dyads"),
        (["--dyads", "-5"], "dyads"),
        (["--dyads", "1000000000"], "dyads"),
        (["--turns", "0"], "turns"),
        (["--param", "x=1"], "x"),
        (["--param", "initial_trust=1e308"], "initial_trust"),
        (["--param", "initial_trust=nan"], "initial_trust"),
        (["--param", "initial_trust"], "initial_trust"),
        (["--setting", "war"], "war"),
    ],
)
def test_simulate_impossible_settings_are_refused(tmp_path: Path, args: list[str], fragment: str) -> None:
    output = tmp_path / "sim.parquet"
    refused(run(["simulate", "-o", output, *args]), fragment, output=output)


@pytest.mark.parametrize("suffix", ["parquet", "csv", "jsonl", "xlsx"])
def test_simulate_writes_every_dyad_turn(tmp_path: Path, suffix: str) -> None:
    output = tmp_path / f"sim.{suffix}"
    completed(run(["simulate", "-o", output, "--dyads", "7", "--turns", "5", "-q"]))
    from disclosure.io import open_table

    assert len(open_table(str(output)).frame()) == 35


def test_simulate_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    outputs = [tmp_path / f"{n}.csv" for n in (1, 2)]
    for output in outputs:
        completed(run(["simulate", "-o", output, "--dyads", "20", "--turns", "6", "--seed", "9", "-q"]))
    assert outputs[0].read_bytes() == outputs[1].read_bytes()


def test_simulate_the_helping_setting(tmp_path: Path) -> None:
    completed(run(["simulate", "-o", tmp_path / "h.csv", "--dyads", "5", "--turns", "4", "--setting", "helping"]))


# Fit ------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fittable(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fit") / "utterances.csv"
    to_utterances(simulate(120, 12, seed=4)).to_csv(path, index=False)
    return path


def test_fit_estimates_from_simulated_conversations(tmp_path: Path, fittable: Path) -> None:
    output = tmp_path / "fit.json"
    completed(run(["fit", fittable, "-o", output, "--turn-column", "turn", "-q"]))
    body = json.loads(output.read_text())
    assert body["speaker_turns"] == 120 * 12


@pytest.mark.parametrize(
    ("change", "args", "fragment"),
    [
        (lambda f: f.iloc[:20], [], "turn"),
        (lambda f: f.drop(columns="reply_support"), [], "reply_support"),
        (lambda f: f, ["--conversation-column", "dyad"], "dyad"),
        (lambda f: f.assign(turn="later"), ["--turn-column", "turn"], "later"),
        (lambda f: f, ["--param", "sharing=1"], "sharing"),
    ],
)
def test_fit_unusable_input_is_refused(
    tmp_path: Path, fittable: Path, change: object, args: list[str], fragment: str
) -> None:
    source = _measured(tmp_path, change(pd.read_csv(fittable)))  # type: ignore[operator]
    output = tmp_path / "fit.json"
    refused(run(["fit", source, "-o", output, *args]), fragment, output=output)


# Evaluate -------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("coded") / "coded.csv"
    pd.read_csv(FIXTURES / "claff_test_sample.csv").head(60).to_csv(path, index=False)
    return path


def test_evaluate_agreement_with_human_codes(tmp_path: Path, coded: Path) -> None:
    output = tmp_path / "agreement.json"
    result = run(["evaluate", coded, "-l", "emotional=Emotional_disclosure", *FAST, "--json", output, "-q"])
    completed(result)
    assert json.loads(output.read_text())


@pytest.mark.parametrize(
    ("change", "label", "fragment"),
    [
        (lambda f: f, "emotional=Nope", "Nope"),
        (lambda f: f, "feelings=Emotional_disclosure", "feelings"),
        (lambda f: f, "Emotional_disclosure", "Emotional_disclosure"),
        (lambda f: f.assign(Emotional_disclosure="maybe"), "emotional=Emotional_disclosure", "maybe"),
        (lambda f: f.assign(Emotional_disclosure="2"), "emotional=Emotional_disclosure", "2"),
    ],
)
def test_evaluate_unusable_codes_are_refused(
    tmp_path: Path, coded: Path, change: object, label: str, fragment: str
) -> None:
    source = _measured(tmp_path, change(pd.read_csv(coded)))  # type: ignore[operator]
    refused(run(["evaluate", source, "-l", label, *FAST]), fragment)


def test_evaluate_yes_no_codes_are_read_as_codes(tmp_path: Path, coded: Path) -> None:
    frame = pd.read_csv(coded)
    frame["Emotional_disclosure"] = np.where(frame["Emotional_disclosure"] == 1, "yes", "no")
    source = _measured(tmp_path, frame)
    yes_no = run(["evaluate", source, "-l", "emotional=Emotional_disclosure", *FAST])
    numbers = run(["evaluate", coded, "-l", "emotional=Emotional_disclosure", *FAST])
    completed(yes_no)
    assert yes_no.stdout == numbers.stdout
    assert cells(source, "Emotional_disclosure")[:1] in (["yes"], ["no"])


def test_evaluate_codes_of_one_value_give_no_auroc_or_kappa_rather_than_a_number(tmp_path: Path, coded: Path) -> None:
    source = _measured(tmp_path, pd.read_csv(coded).assign(Emotional_disclosure=1))
    output = tmp_path / "agreement.json"
    completed(run(["evaluate", source, "-l", "emotional=Emotional_disclosure", *FAST, "--json", output, "-q"]))
    text = output.read_text()
    assert "NaN" not in text and "Infinity" not in text
    assert "null" in text
