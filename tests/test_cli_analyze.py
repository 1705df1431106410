"""`disclosure analyze`: formats in and out, pass-through, row accounting, errors and determinism."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from disclosure.cli import app
from disclosure.constants import NO_LANGUAGE
from disclosure.schema import (
    COLUMNS,
    DETECTOR_LABELS,
    STATUS_NO_LANGUAGE,
    STATUS_OK,
    STATUS_PRIVACY_CAPPED,
    STATUS_UNSUPPORTED_LANGUAGE,
)

from .conftest import REPO

OUTPUT_COLUMNS = [c.name for c in COLUMNS]
runner = CliRunner()

ROWS = pd.DataFrame(
    {
        "id": ["007", "008", "009", "010"],
        "speaker": ["ana", "NA", "ben", "ana"],
        "text": [
            "I was diagnosed with depression last year.",
            "",
            "   ",
            "The train leaves at nine.",
        ],
    }
)


def run(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def write(frame: pd.DataFrame, path: Path) -> Path:
    fmt = path.suffix
    if fmt == ".csv":
        frame.to_csv(path, index=False)
    elif fmt == ".tsv":
        frame.to_csv(path, index=False, sep="\t")
    elif fmt == ".jsonl":
        frame.to_json(path, orient="records", lines=True)
    elif fmt == ".parquet":
        frame.to_parquet(path, index=False)
    return path


def read(path: Path) -> pd.DataFrame:
    if path.suffix in (".csv", ".tsv"):
        return pd.read_csv(
            path,
            sep="," if path.suffix == ".csv" else "\t",
            dtype={"id": str, "speaker": str},
            keep_default_na=False,
            na_values={label: [""] for label in DETECTOR_LABELS},
        )
    if path.suffix == ".jsonl":
        return pd.read_json(path, lines=True, dtype={"id": str, "speaker": str})
    return pd.read_parquet(path)


@pytest.mark.parametrize("in_ext", [".csv", ".tsv", ".jsonl", ".parquet"])
@pytest.mark.parametrize("out_ext", [".csv", ".tsv", ".jsonl", ".parquet"])
def test_every_table_format_in_and_out_keeps_rows_columns_and_order(tmp_path: Path, in_ext: str, out_ext: str) -> None:
    source = write(ROWS, tmp_path / f"in{in_ext}")
    target = tmp_path / f"out{out_ext}"
    code, _, err = run("analyze", str(source), "-o", str(target), "--quiet")
    assert code == 0, err
    out = read(target)
    assert list(out.columns) == list(ROWS.columns) + OUTPUT_COLUMNS
    assert len(out) == len(ROWS)
    assert out["id"].astype(str).tolist() == ["007", "008", "009", "010"]
    assert out["status"].tolist() == ["ok", "empty text", "empty text", "ok"]
    assert out.loc[[1, 2], list(DETECTOR_LABELS)].isna().all().all()
    assert out.loc[[0, 3], list(DETECTOR_LABELS)].apply(lambda c: c.between(0, 1)).all().all()


def test_csv_pass_through_is_textually_unchanged(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text('id,speaker,text\n007,NA,"I love pizza, honestly."\n0010,,Hello\n', encoding="utf-8")
    code, _, err = run("analyze", str(source), "-o", str(tmp_path / "out.csv"), "--quiet")
    assert code == 0, err
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,speaker,text," + ",".join(OUTPUT_COLUMNS)
    assert lines[1].startswith('007,NA,"I love pizza, honestly.",ok,')
    assert lines[2].startswith("0010,,Hello,ok,")


SPREADSHEET_OPENINGS = ["@mike I miss you", "=1+1 is what I told her", "+44 7700 900123", "-3", "\tindented", "\r=x"]


@pytest.mark.parametrize("ext", [".csv", ".tsv", ".jsonl", ".parquet"])
def test_input_cells_a_spreadsheet_would_run_come_out_unchanged(tmp_path: Path, ext: str) -> None:
    from disclosure.io import TableWriter, read_table

    rows = pd.DataFrame({"note": SPREADSHEET_OPENINGS, "text": SPREADSHEET_OPENINGS})
    source = tmp_path / f"in{ext}"
    with TableWriter(str(source), ext.lstrip(".")) as writer:
        writer.write(rows)
    target = tmp_path / f"out{ext}"
    code, _, err = run("analyze", str(source), "-o", str(target), "--model", "fast", "--detector-only", "-q")
    assert code == 0, err
    back = read_table(target)
    assert back["note"].tolist() == SPREADSHEET_OPENINGS
    assert back["text"].tolist() == SPREADSHEET_OPENINGS


OPENINGS_AS_TYPED = {
    "csv": 'note,text\n@mike,"@mike I miss you"\n"=1+1","=1+1 is what I told her"\n+44,"+44 7700 900123"\n'
    '-3,-3\n"\tx","\tindented"\n"\r=x","\r=x"\n',
    "tsv": "note\ttext\n@mike\t@mike I miss you\n=1+1\t=1+1 is what I told her\n+44\t+44 7700 900123\n"
    '-3\t-3\n"\tx"\t"\tindented"\n"\r=x"\t"\r=x"\n',
    "jsonl": "".join(json.dumps({"note": opening[:4], "text": opening}) + "\n" for opening in SPREADSHEET_OPENINGS),
}
"""Input files as a person or another tool writes them, cells opening with @ = + - TAB and CR."""


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl"])
def test_each_input_cell_comes_out_byte_for_byte_before_the_measurements(tmp_path: Path, fmt: str) -> None:
    import csv
    import io

    source, target = tmp_path / f"in.{fmt}", tmp_path / f"out.{fmt}"
    source.write_bytes(OPENINGS_AS_TYPED[fmt].encode("utf-8"))
    code, _, err = run("analyze", str(source), "-o", str(target), "--model", "fast", "--detector-only", "-q")
    assert code == 0, err
    if fmt == "jsonl":
        records_in = source.read_text(encoding="utf-8").splitlines()
        records_out = target.read_text(encoding="utf-8").splitlines()
        assert all(out.startswith(record[:-1] + ", ") for record, out in zip(records_in, records_out, strict=True))
        return
    # Cells are compared as the csv module splits them from the raw bytes (no newline translation, no types): a
    # quoted CR or TAB must come back as it went in; only quotes the cell does not need may differ.
    delimiter = "\t" if fmt == "tsv" else ","
    rows_in, rows_out = (
        list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline=""), delimiter=delimiter))
        for path in (source, target)
    )
    assert [row[:2] for row in rows_out] == rows_in


def test_parquet_input_columns_come_out_as_the_same_arrow_arrays(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"note": [o[:4] for o in SPREADSHEET_OPENINGS], "text": SPREADSHEET_OPENINGS})
    pq.write_table(table, tmp_path / "in.parquet")
    code, _, err = run(
        "analyze",
        str(tmp_path / "in.parquet"),
        "-o",
        str(tmp_path / "out.parquet"),
        "--model",
        "fast",
        "--detector-only",
        "-q",
    )
    assert code == 0, err
    back = pq.read_table(tmp_path / "out.parquet").select(["note", "text"])
    assert back.schema == table.schema and back.equals(table)


def test_plain_text_input_scores_one_utterance_per_line(tmp_path: Path) -> None:
    source = tmp_path / "lines.txt"
    source.write_text("I am scared of losing my job.\n\nNice weather today.\n", encoding="utf-8")
    code, out, err = run("analyze", str(source), "--quiet")
    assert code == 0, err
    table = pd.read_csv(__import__("io").StringIO(out), keep_default_na=False)
    assert table["text"].tolist() == ["I am scared of losing my job.", "", "Nice weather today."]
    assert table["status"].tolist() == ["ok", "empty text", "ok"]


def test_stdin_to_stdout_with_format_option() -> None:
    code, out, err = run("analyze", "-", "--format", "tsv", "--quiet", input="n\ttext\n1\tI feel so alone.\n")
    assert code == 0, err
    assert out.splitlines()[0].split("\t") == ["n", "text", *OUTPUT_COLUMNS]
    assert len(out.splitlines()) == 2


def test_jsonl_cells_that_are_not_text_keep_their_row_with_a_reason(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    rows = [{"text": "I got the job!"}, {"text": None}, {"text": 42}, {"text": ["a"]}, {"text": "Ok."}]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    code, out, err = run("analyze", str(source), "--quiet")
    assert code == 0, err
    back = [json.loads(line) for line in out.splitlines()]
    assert [r["status"] for r in back] == ["ok", "not text", "not text", "not text", "ok"]
    assert back[2]["text"] == 42 and back[1]["disclosure"] is None


@pytest.mark.slow
def test_memory_stays_flat_because_input_is_streamed_in_chunks(tmp_path: Path) -> None:
    peaks = {}
    for rows in (20_000, 200_000):
        source = tmp_path / f"in{rows}.csv"
        source.write_text("text\n" + "I like tea and I am worried about my exams.\n" * rows, encoding="utf-8")
        measure = (
            "import resource, sys\n"
            "from disclosure.cli import main\n"
            "sys.argv = ['disclosure', 'analyze', sys.argv[1], '-o', sys.argv[2], '--model', 'fast', "
            "'--detector-only', '-q']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", measure, str(source), str(tmp_path / f"out{rows}.csv")],
            capture_output=True,
            text=True,
            check=True,
        )
        peaks[rows] = int(done.stdout.split()[-1]) / 1024  # MiB
    assert peaks[200_000] < peaks[20_000] + 60, peaks


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["analyze", "no/such/file.csv"], "No file at 'no/such/file.csv'"),
        (
            ["analyze", "{src}", "--text-column", "txt"],
            "No column 'txt' in '{src}'. Columns that exist: id, speaker, text.",
        ),
        (
            ["analyze", "{src}", "--input-format", "xls"],
            "Unknown format 'xls'. Choose one of: csv, tsv, jsonl, parquet, xlsx, txt.",
        ),
        (["analyze", "{src}", "--model", "nonexistent"], "No model 'nonexistent'."),
        (["analyze", "{src}", "--batch-size", "0"], "--batch-size must be a whole number of at least 1, got 0."),
        (["analyze", "{src}", "-o", "{tmp}/out.txt"], "Plain text cannot hold the score columns."),
        (["analyze", "{empty}"], "is empty: there are no utterances to analyse."),
        (["analyze", "{garbage}"], "Could not read"),
        (
            ["analyze", "{unknown_ext}"],
            "Cannot tell the format of '{unknown_ext}' from its extension. Name it with --input-format",
        ),
    ],
)
def test_bad_input_gives_one_clear_line_and_nonzero_exit(tmp_path: Path, args: list[str], expected: str) -> None:
    paths = {
        "src": str(write(ROWS, tmp_path / "in.csv")),
        "tmp": str(tmp_path),
        "empty": str(tmp_path / "empty.csv"),
        "garbage": str(tmp_path / "garbage.parquet"),
        "unknown_ext": str(tmp_path / "data.xyz"),
    }
    Path(paths["empty"]).write_text("", encoding="utf-8")
    Path(paths["garbage"]).write_bytes(b"this is not parquet at all")
    Path(paths["unknown_ext"]).write_text("text\nhello\n", encoding="utf-8")
    filled = [a.format(**paths) for a in args]
    code, _, err = run(*filled, "--quiet") if filled[0] == "analyze" else run(*filled)
    assert code != 0
    assert err.startswith("disclosure: error: ")
    assert expected.format(**paths) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.slow
def test_console_script_runs_the_bundled_example_end_to_end(tmp_path: Path) -> None:
    example = REPO / "examples" / "utterances.csv"
    target = tmp_path / "scored.csv"
    done = subprocess.run(
        [sys.executable, "-m", "disclosure", "analyze", str(example), "-o", str(target), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    scored = pd.read_csv(target)
    assert len(scored) == len(pd.read_csv(example))
    assert scored.loc[scored["status"] == "ok", "disclosure"].between(0, 1).all()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--text-column", "txt", "-o", "{tmp}/out.csv"], "No column 'txt'"),
        (["-o", "{tmp}/out.doc"], "Cannot tell the format of"),
        (["-o", "{src}"], "is also the input"),
        (["-o", "{tmp}/missing/out.csv"], "does not exist"),
        (["-o", "{tmp}"], "is a folder"),
        (["-o", "{tmp}/out.xlsx", "--output-format", "csv"], "ends in '.xlsx' but would be written as csv"),
    ],
)
def test_a_bad_column_format_or_output_path_is_refused_before_the_model_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], expected: str
) -> None:
    def no_model(*args: object) -> None:
        raise AssertionError("the model was loaded before the options were checked")

    monkeypatch.setattr("disclosure.analyzer.cached_analyzer", no_model)
    paths = {"src": str(write(ROWS, tmp_path / "in.csv")), "tmp": str(tmp_path)}
    code, _, err = run("analyze", paths["src"], *[a.format(**paths) for a in args], "--quiet")
    assert code == 2
    assert expected in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_an_xlsx_output_is_an_excel_workbook(tmp_path: Path) -> None:
    source = write(ROWS, tmp_path / "in.csv")
    code, _, err = run("analyze", str(source), "-o", str(tmp_path / "out.xlsx"), "--quiet", "--model", "fast")
    assert code == 0, err
    out = pd.read_excel(tmp_path / "out.xlsx", dtype={"id": str})
    assert out["id"].tolist() == ["007", "008", "009", "010"]
    assert out["status"].tolist() == ["ok", "empty text", "empty text", "ok"]


def test_an_input_column_called_status_is_kept_and_the_user_is_told(tmp_path: Path) -> None:
    source = write(ROWS.assign(status=["mine"] * 4), tmp_path / "in.csv")
    code, _, err = run("analyze", str(source), "-o", str(tmp_path / "out.csv"), "--model", "fast", "--detector-only")
    assert code == 0, err
    out = read(tmp_path / "out.csv")
    assert out["status"].tolist() == ["mine"] * 4
    assert out["status_measured"].tolist() == ["ok", "empty text", "empty text", "ok"]
    assert "written as status_measured" in err


def test_the_progress_bar_has_a_total_and_a_closing_line_says_what_was_written_where(tmp_path: Path) -> None:
    source = write(ROWS, tmp_path / "in.csv")
    target = tmp_path / "out.csv"
    code, _, err = run("analyze", str(source), "-o", str(target), "--model", "fast", "--detector-only")
    assert code == 0, err
    assert "4/4" in err
    assert err.strip().splitlines()[-1] == f"Wrote 4 rows to '{target}'."


def test_writing_to_a_full_disk_fails_cleanly(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    source = write(ROWS, tmp_path / "in.csv")
    code, _, err = run(
        "analyze", str(source), "-o", "/dev/full", "--output-format", "csv", "--quiet", "--model", "fast"
    )
    assert code == 2
    assert "Could not write '/dev/full' (No space left on device)" in err


@pytest.mark.slow
def test_sigkill_during_analyze_leaves_no_partial_output_file(tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    source.write_text("text\n" + "I was diagnosed with diabetes and I feel scared.\n" * 100_000, encoding="utf-8")
    target = tmp_path / "out.csv"
    run_analyze = [sys.executable, "-m", "disclosure", "analyze", str(source), "-o", str(target), "--model", "fast"]
    process = subprocess.Popen(run_analyze, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in iter(process.stderr.readline, ""):  # wait until rows are being written
        if "utterances" in line and " 0/" not in line:
            break
    while not any(p.name.endswith(".partial") for p in tmp_path.iterdir()) and process.poll() is None:
        time.sleep(0.01)
    process.kill()
    process.wait()
    process.stderr.close()
    assert not target.exists()


@pytest.mark.slow
def test_output_is_byte_identical_across_processes(tmp_path: Path) -> None:
    source = write(ROWS, tmp_path / "in.csv")
    for n in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "disclosure", "analyze", str(source), "-o", str(tmp_path / f"out{n}.csv"), "-q"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "out0.csv").read_bytes() == (tmp_path / "out1.csv").read_bytes()


@pytest.mark.slow
def test_a_five_megabyte_cell_is_scored_promptly_and_its_status_names_the_privacy_cap(tmp_path: Path) -> None:
    """A cell of 5 MB of prose, theory columns on: every measure is capped or windowed, so the run ends in seconds
    (it used to run for over 15 minutes), every row comes back, and the long row's status says privacy read only
    its beginning."""
    sentence = "I told my sister about the diagnosis, and I live at 12 Elm Street; call me on 555-123-4567. "
    long_text = (sentence * (5_000_000 // len(sentence) + 1))[:5_000_000]
    source = write(pd.DataFrame({"id": ["long", "short"], "text": [long_text, "I feel alone."]}), tmp_path / "in.csv")
    out = tmp_path / "out.csv"
    done = subprocess.run(
        [sys.executable, "-m", "disclosure", "analyze", str(source), "-o", str(out), "-q"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out, keep_default_na=False)
    assert table["id"].tolist() == ["long", "short"]
    assert table["text"][0] == long_text
    assert table["status"].tolist() == [STATUS_PRIVACY_CAPPED, STATUS_OK]
    assert table["privacy_risk"][0] != ""


def test_any_language_scores_rows_the_default_leaves_empty(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    pd.DataFrame(
        {"text": ["I lost my job and I feel so alone.", "Me siento muy sola desde que perdí mi trabajo."]}
    ).to_csv(source, index=False)
    for flags, spanish_scored in (((), False), (("--any-language",), True)):
        code, out, _ = run("analyze", str(source), "-o", str(tmp_path / "out.csv"), "--detector-only", "-q", *flags)
        assert code == 0, out
        scored = pd.read_csv(tmp_path / "out.csv")
        assert scored["language"].tolist() == ["en", "es"]
        assert pd.notna(scored.loc[1, "disclosure"]) == spanish_scored
        assert scored.loc[1, "status"].startswith("ok") == spanish_scored


def test_a_mixed_language_csv_comes_out_with_every_row_flagged_by_its_own_language(tmp_path: Path) -> None:
    rows = {
        "I lost my job and I feel so alone.": ("en", STATUS_OK),
        "Me siento muy sola desde que perdí mi trabajo.": ("es", STATUS_UNSUPPORTED_LANGUAGE),
        "Je me sens très seul depuis que j'ai perdu mon emploi.": ("fr", STATUS_UNSUPPORTED_LANGUAGE),
        "Ich fühle mich seit Monaten sehr einsam.": ("de", STATUS_UNSUPPORTED_LANGUAGE),
        "Eu me sinto muito sozinha desde que perdi meu emprego.": ("pt", STATUS_UNSUPPORTED_LANGUAGE),
        "我最近一直很抑郁，不想活了。": ("zh", STATUS_UNSUPPORTED_LANGUAGE),  # noqa: RUF001 (Chinese punctuation)
        "أشعر بالوحدة منذ أن فقدت وظيفتي.": ("ar", STATUS_UNSUPPORTED_LANGUAGE),
        "😭😭😭": (NO_LANGUAGE, STATUS_NO_LANGUAGE),
        "for i in range(10): print(i)": (NO_LANGUAGE, STATUS_NO_LANGUAGE),
        "My sister moved to Leeds and I miss her.": ("en", STATUS_OK),
    }
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    pd.DataFrame({"id": [f"r{i}" for i in range(len(rows))], "text": list(rows)}).to_csv(source, index=False)
    code, _, err = run("analyze", str(source), "-o", str(target), "-q")
    assert code == 0, err
    out = pd.read_csv(target, keep_default_na=False, na_values={c: [""] for c in OUTPUT_COLUMNS[2:]})
    assert out["text"].tolist() == list(rows)
    assert list(zip(out["language"], out["status"], strict=True)) == list(rows.values())
    unscored = out["status"] != STATUS_OK
    assert out.loc[unscored, OUTPUT_COLUMNS[2:]].isna().all().all()
    assert out.loc[~unscored, "disclosure"].notna().all()
