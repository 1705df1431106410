"""The command line maps flags to API calls: the API's refusals come out in flag names, old spellings still work."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from disclosure.cli import app

from .conftest import FIXTURES

runner = CliRunner()


def _run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_input_format_names_the_input_and_the_old_format_flag_still_does_with_a_warning() -> None:
    tsv = "n\ttext\n1\tI feel so alone.\n"
    code, out, err = _run("analyze", "-", "--input-format", "tsv", "--quiet", "--model", "fast", input=tsv)
    assert code == 0, err
    assert "deprecated" not in err
    code, old_out, err = _run("analyze", "-", "--format", "tsv", "--quiet", "--model", "fast", input=tsv)
    assert code == 0, err
    assert old_out == out
    assert "--format is deprecated here; use --input-format" in err


def test_conversations_old_format_flag_still_names_the_output_tables(tmp_path: Path) -> None:
    measured = pd.DataFrame(
        {
            "conversation": ["c1"] * 4,
            "speaker": ["a", "b", "a", "b"],
            "text": ["I feel sad.", "I am sorry.", "I lost my job.", "That is hard."],
            "status": "ok",
            "disclosure": [0.9, 0.1, 0.8, 0.2],
            "informational": [0.2, 0.1, 0.8, 0.1],
            "emotional": [0.9, 0.1, 0.3, 0.1],
            "emotional_support": [0.0, 0.8, 0.0, 0.7],
            "informational_support": [0.0, 0.1, 0.0, 0.1],
        }
    )
    source = tmp_path / "measured.csv"
    measured.to_csv(source, index=False)
    code, _, err = _run("conversations", str(source), "--out-dir", str(tmp_path / "new"), "--output-format", "tsv")
    assert code == 0, err
    assert (tmp_path / "new" / "speakers.tsv").is_file() and "deprecated" not in err
    code, _, err = _run("conversations", str(source), "--out-dir", str(tmp_path / "old"), "--format", "tsv")
    assert code == 0, err
    assert (tmp_path / "old" / "speakers.tsv").read_bytes() == (tmp_path / "new" / "speakers.tsv").read_bytes()
    assert "--format is deprecated here; use --output-format" in err


def test_refusals_about_an_argument_name_its_flag(tmp_path: Path) -> None:
    cases = {
        ("simulate", "--dyads", "0", "-o", str(tmp_path / "s.parquet")): "--dyads must be a whole number of at least 1",
        ("train", "--data", str(tmp_path), "-o", str(tmp_path / "m"), "--kind", "svm"): "--kind must be one of",
        ("train", "--data", str(tmp_path), "-o", str(tmp_path / "m"), "--kind", "hashed_words"): "Point --data at",
        (
            "evaluate",
            str(FIXTURES / "claff_test_sample.csv"),
            "-l",
            "emotional=Emotional_disclosure",
            "--threshold",
            "2",
        ): "--threshold must be a number between 0 and 1 or 'model', got '2'.",
    }
    for args, expected in cases.items():
        code, _, err = _run(*args)
        assert code == 2, (args, err)
        assert err.startswith("disclosure: error: ") and expected in err, (args, err)
        assert "'dyads'" not in err and "'kind'" not in err and "'threshold'" not in err


def test_version_says_what_is_installed_and_how_to_add_what_is_missing() -> None:
    from disclosure import __version__
    from disclosure.environment import EXTRAS

    code, out, _ = _run("--version")
    assert code == 0
    assert out.startswith(f"disclosure {__version__} (Python ")
    for extra in EXTRAS:
        assert f"  {extra} " in out
    assert "installed (" in out or "missing: pip install -e '.[" in out


def test_every_command_takes_quiet() -> None:
    import typer.main

    command = typer.main.get_command(app)
    for name, sub in command.commands.items():  # type: ignore[attr-defined]
        flags = {flag for parameter in sub.params for flag in parameter.opts}
        assert {"-q", "--quiet"} <= flags, name


def test_evaluate_and_recalibrate_offer_no_context_column_because_the_detectors_read_no_context() -> None:
    """They took --context-column and ignored it: the probabilities they judge do not depend on the previous turn."""
    import typer.main

    from disclosure.analyzer import cached_analyzer
    from disclosure.schema import DETECTOR_LABELS

    analyzer = cached_analyzer("fast")
    texts = ["yes", "me too, I lost my job last year"]
    alone = analyzer.measure(texts)[list(DETECTOR_LABELS)]
    answering = analyzer.measure(texts, ["Did you ever feel lonely?", "I lost my job."])[list(DETECTOR_LABELS)]
    pd.testing.assert_frame_equal(alone, answering)
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    for name in ("evaluate", "recalibrate"):
        assert "--context-column" not in {flag for parameter in commands[name].params for flag in parameter.opts}
    assert "--context-column" in {flag for parameter in commands["analyze"].params for flag in parameter.opts}


def test_help_keeps_square_brackets_and_names_the_model_tiers() -> None:
    from disclosure.measure.detectors import shipped_models

    _, out, _ = _run("analyze", "--help")
    assert "'.[gpu]'" in out and "'.[ray]'" in out
    flat = " ".join(out.split())
    tiers = [name for name in shipped_models() if name != "minilm"]
    assert tiers and all(f"{tier} (" in flat for tier in tiers), tiers


def test_quiet_leaves_only_errors(tmp_path: Path) -> None:
    code, out, err = _run("simulate", "--dyads", "3", "--turns", "4", "-o", str(tmp_path / "sim.csv"), "-q")
    assert code == 0 and out == "" and err == ""
    code, out, _ = _run("simulate", "--dyads", "3", "--turns", "4", "-o", str(tmp_path / "sim2.csv"))
    assert code == 0 and out.startswith("Wrote ")


_LOADED_AT_EXIT = """
import atexit, sys
heavy = ("pandas", "numpy", "pyarrow", "scipy", "onnxruntime", "tokenizers", "sklearn", "matplotlib", "spacy")
atexit.register(lambda: print("loaded:", [m for m in heavy if m in sys.modules], file=sys.stderr))
from disclosure.cli import app
app(sys.argv[1:])
"""


@pytest.mark.slow  # sixteen fresh interpreters
def test_a_missing_file_or_column_is_reported_before_any_table_library_or_model_loads(tmp_path: Path) -> None:
    import subprocess
    import sys

    wrong = tmp_path / "wrong.csv"
    wrong.write_text("id,speaker,txt\n1,a,hello\n", encoding="utf-8")
    for source, refusal in ((tmp_path / "absent.csv", "No file at"), (wrong, "No column")):
        commands = [
            ["analyze", str(source)],
            ["redact", str(source)],
            ["conversations", str(source), "--out-dir", str(tmp_path / "out")],
            ["compare", str(source), "--by", "speaker"],
            ["report", str(source), "-o", str(tmp_path / "r.html")],
            ["fit", str(source), "-o", str(tmp_path / "f.json")],
            ["evaluate", str(source), "-l", "emotional=EMO"],
            ["recalibrate", str(source), "-l", "emotional=EMO", "-o", str(tmp_path / "m")],
        ]
        for command in commands:
            done = subprocess.run([sys.executable, "-c", _LOADED_AT_EXIT, *command], capture_output=True, text=True)
            assert done.returncode == 2, (command, done.stderr)
            assert refusal in done.stderr, (command, done.stderr)
            assert "loaded: []" in done.stderr, (command, done.stderr)
