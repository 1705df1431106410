"""The battery, files: odd inputs in every format, every output, redaction and determinism; each case completes
with every row and cell intact or is refused in one line (see `harness`)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from .harness import FAST, cells, completed, refused, run, scored_exactly

TEXTS: dict[str, list[str]] = {
    "plain": ["I lost my job last week.", "The bus is late.", "We moved to Leeds in May."],
    "empty cells": ["", "a text beside empty ones", " "],
    "scripts": ["Ich habe Angst 😟", "مرحبا، أنا حزين جدا", "我很难过", "नमस्ते"],
    "NUL": ["before\x00after", "ordinary"],
    "long cell": ["I worry. " * 25_000, "short"],
    "formula-like": ["=1+1", "+44 7700 900123", "-2 days", "@home now"],
    "number-like": ["007", "1e5", "NaN", "null", "True", "-0"],
    "quotes and separators": ['He said "hi", then left', "a,b,c", "semi;colon", "tab\there"],
    "one row": ["only one utterance"],
    "emoji only": ["😀😀😀", "🙂"],
    "markup": ["<script>alert(1)</script>", "**bold** _it_", "\\n literally"],
    "zero-width and bidi": ["a\u200bb", "\u202eevil", "\ufeffBOM inside"],
}
NEWLINES = {"newline in a cell": ["line one\nline two", "x"], "carriage return": ["\rstarts with CR", "y"]}
FORMATS = ("csv", "tsv", "jsonl", "parquet", "xlsx", "txt")


def write_input(path: Path, fmt: str, texts: list[str]) -> None:
    """`texts` as the `text` column of a file in `fmt`, with an id column that looks like a number."""
    frame = pd.DataFrame({"id": [f"{i:03d}" for i in range(len(texts))], "text": texts})
    if fmt in ("csv", "tsv"):
        frame.to_csv(path, sep="," if fmt == "csv" else "\t", index=False, quoting=csv.QUOTE_ALL)
    elif fmt == "jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in frame.to_dict("records")), "utf-8")
    elif fmt == "parquet":
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    elif fmt == "xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["id", "text"])
        for row in frame.itertuples(index=False):
            sheet.append(list(row))
        for cell in sheet["B"][1:]:
            cell.data_type = "s"  # text cells, even those that start with '='
        book.save(path)
    else:
        path.write_text("".join(t + "\n" for t in texts), encoding="utf-8")


def _analyze(tmp_path: Path, fmt: str, texts: list[str]) -> tuple[Path, Path, object]:
    source = tmp_path / f"in.{fmt}"
    write_input(source, fmt, texts)
    output = tmp_path / "out.csv"
    return source, output, run(["analyze", source, "-o", output, *FAST, "--detector-only", "-q"])


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("variant", sorted(TEXTS))
def test_input_every_format_passes_odd_text_through_and_scores_it(tmp_path: Path, fmt: str, variant: str) -> None:
    texts = TEXTS[variant]
    if fmt == "xlsx":  # a sheet holds no NUL and at most 32,767 characters a cell: no such file to read
        texts = [t.replace("\x00", "")[:32_767] for t in texts]
    source, output, result = _analyze(tmp_path, fmt, texts)
    if fmt == "txt" and any(not t.strip() for t in texts):
        texts = [t for t in texts if t.strip()] if cells(source) != texts else texts
    completed(result)  # type: ignore[arg-type]
    written = scored_exactly(source, output, "text")
    assert len(written) == len(cells(source))
    if fmt != "txt":
        assert cells(source) == texts, "the reader changed the text"
        assert cells(output, "id") == [f"{i:03d}" for i in range(len(texts))]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "parquet", "xlsx"])
@pytest.mark.parametrize("variant", sorted(NEWLINES))
def test_input_line_breaks_inside_a_cell_stay_in_the_cell(tmp_path: Path, fmt: str, variant: str) -> None:
    if fmt == "xlsx" and variant == "carriage return":
        pytest.skip("openpyxl writes a bare CR into the sheet's XML, which every XML reader reads as a line feed")
    source, output, result = _analyze(tmp_path, fmt, NEWLINES[variant])
    completed(result)  # type: ignore[arg-type]
    scored_exactly(source, output)
    assert cells(source) == NEWLINES[variant]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "parquet", "xlsx"])
def test_input_header_only_gives_a_header_only_output(tmp_path: Path, fmt: str) -> None:
    _source, output, result = _analyze(tmp_path, fmt, [])
    if result.exit_code == 0:  # type: ignore[attr-defined]
        assert open_rows(output) == 0
    else:
        refused(result, output=output)  # type: ignore[arg-type]


def open_rows(path: Path) -> int:
    from disclosure.io import open_table

    return len(open_table(str(path)).frame())


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("in.csv", b"", ""),
        ("in.csv", b"id,body\n1,hello\n", "body"),
        ("in.csv", b"text,text\na,b\n", "text"),
        ("in.csv", b"\xff\xfe\x00garbage", ""),
        ("in.jsonl", b'{"text": "a"}\n{"text": \n', ""),
        ("in.jsonl", b'["not", "an", "object"]\n', ""),
        ("in.jsonl", b'{"text": "ok"}\n{"other": 1}\n', ""),
        ("in.parquet", b"PAR1 not really", ""),
        ("in.xlsx", b"PK\x03\x04 not a workbook", ""),
        ("in.docx", b"whatever", "docx"),
        ("in.csv", "text\n\udcff\n".encode("utf-8", "surrogateescape"), ""),
    ],
)
def test_input_that_cannot_be_read_is_refused_or_read_whole(
    tmp_path: Path, name: str, content: bytes, fragment: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    output = tmp_path / "out.csv"
    result = run(["analyze", source, "-o", output, *FAST, "--detector-only", "-q"])
    if result.exit_code == 0:
        assert open_rows(output) == open_rows(source)
    else:
        refused(result, fragment, output=output)


def test_input_missing_file_is_refused(tmp_path: Path) -> None:
    refused(run(["analyze", tmp_path / "nope.csv", "-o", tmp_path / "o.csv", *FAST]), "nope.csv")


def test_input_from_standard_input(tmp_path: Path) -> None:
    result = run(["analyze", "-", "--input-format", "csv", *FAST, "--detector-only", "-q"], stdin="text\nhello\nbye\n")
    completed(result)
    assert result.stdout.count("\n") == 3 and "hello" in result.stdout and "bye" in result.stdout


def test_input_xlsx_with_a_second_sheet_says_which_sheet_it_read(tmp_path: Path) -> None:
    source = tmp_path / "two.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["text"])
    book.active.append(["first sheet"])
    other = book.create_sheet("more")
    other.append(["text"])
    other.append(["second sheet"])
    book.save(source)
    output = tmp_path / "out.csv"
    result = run(["analyze", source, "-o", output, *FAST, "--detector-only"])
    if result.exit_code == 0:
        assert any("only the first" in w and "more" in w for w in result.warned)  # type: ignore[attr-defined]
        assert cells(output) == ["first sheet"]
    else:
        refused(result, "sheet", output=output)


# Output ---------------------------------------------------------------------------------------------------------

OUTPUTS = ("csv", "tsv", "jsonl", "parquet", "xlsx")


@pytest.mark.parametrize("out_fmt", OUTPUTS)
@pytest.mark.parametrize("variant", ["plain", "formula-like", "number-like", "scripts", "quotes and separators"])
def test_output_every_format_holds_every_row_and_cell(tmp_path: Path, out_fmt: str, variant: str) -> None:
    source = tmp_path / "in.csv"
    write_input(source, "csv", TEXTS[variant])
    output = tmp_path / f"out.{out_fmt}"
    completed(run(["analyze", source, "-o", output, *FAST, "--detector-only", "-q"]))
    scored_exactly(source, output)


@pytest.mark.parametrize("out_fmt", ["csv", "tsv", "jsonl"])
def test_output_to_standard_output(tmp_path: Path, out_fmt: str) -> None:
    source = tmp_path / "in.csv"
    write_input(source, "csv", TEXTS["plain"])
    result = run(["analyze", source, "--output-format", out_fmt, *FAST, "--detector-only", "-q"])
    completed(result)
    assert all(text in result.stdout for text in TEXTS["plain"])


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("in.csv", "in.csv"),
        ("missing/dir/out.csv", "missing"),
        ("out.foo", ".foo"),
        ("out.txt", ""),
        ("a_folder", ""),
        ("x" * 300 + ".csv", ""),
    ],
)
def test_output_that_cannot_be_written_is_refused_before_scoring(tmp_path: Path, target: str, fragment: str) -> None:
    source = tmp_path / "in.csv"
    write_input(source, "csv", TEXTS["plain"])
    (tmp_path / "a_folder").mkdir()
    output = tmp_path / target
    before = source.read_bytes()
    result = run(["analyze", source, "-o", output, *FAST, "--detector-only", "-q"])
    refused(result, fragment)
    assert source.read_bytes() == before


def test_output_a_240_character_name_is_written(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    write_input(source, "csv", TEXTS["plain"])
    output = tmp_path / ("n" * 236 + ".csv")
    completed(run(["analyze", source, "-o", output, *FAST, "--detector-only", "-q"]))
    scored_exactly(source, output)


def test_output_an_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    write_input(source, "csv", TEXTS["plain"])
    output = tmp_path / "out.csv"
    output.write_text("old,content\n" * 1000)
    completed(run(["analyze", source, "-o", output, *FAST, "--detector-only", "-q"]))
    assert "old,content" not in output.read_text()
    scored_exactly(source, output)


@pytest.mark.parametrize("column", ["status", "disclosure", "text_status"])
def test_output_an_input_column_named_like_a_measure_is_kept_beside_it(tmp_path: Path, column: str) -> None:
    source = tmp_path / "in.csv"
    pd.DataFrame({"text": ["I am sad.", "Fine."], column: ["mine 1", "mine 2"]}).to_csv(source, index=False)
    output = tmp_path / "out.csv"
    completed(run(["analyze", source, "-o", output, *FAST, "--detector-only", "-q"]))
    assert cells(output, column) == ["mine 1", "mine 2"]


# Redact ---------------------------------------------------------------------------------------------------------

REDACT_TEXT = ["My name is Sarah Jones and I live at 12 High Street, Leeds.", "Call me on 07700 900123.", ""]


@pytest.mark.parametrize("mode", ["placeholder", "pseudonym", "abstract"])
@pytest.mark.parametrize("audience", ["public", "community", "friends", "professional"])
def test_redact_every_mode_and_audience_keeps_every_row(tmp_path: Path, mode: str, audience: str) -> None:
    source = tmp_path / "in.csv"
    write_input(source, "csv", REDACT_TEXT)
    output = tmp_path / "out.csv"
    result = run(["redact", source, "-o", output, "--mode", mode, "--audience", audience, "--salt", "s", "-q"])
    completed(result)
    redacted = cells(output)
    assert len(redacted) == 3 and redacted[2] == ""
    assert cells(output, "id") == ["000", "001", "002"]
    if audience == "public":
        assert "07700 900123" not in redacted[1]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--mode", "shred"], "shred"),
        (["--audience", "everyone"], "everyone"),
        (["--text-column", "body"], "body"),
    ],
)
def test_redact_unknown_options_are_refused_with_the_choices(tmp_path: Path, args: list[str], fragment: str) -> None:
    source = tmp_path / "in.csv"
    write_input(source, "csv", REDACT_TEXT)
    refused(run(["redact", source, "-o", tmp_path / "out.csv", *args]), fragment, output=tmp_path / "out.csv")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "xlsx", "txt"])
def test_redact_every_format_keeps_rows_and_other_columns(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / f"in.{fmt}"
    write_input(source, fmt, [*REDACT_TEXT[:2], "nothing to hide here"])
    output = tmp_path / f"out.{'csv' if fmt == 'txt' else fmt}"
    completed(run(["redact", source, "-o", output, "-q"]))
    assert len(cells(output)) == len(cells(source))


def test_redact_a_spreadsheet_bound_csv_neutralises_formulas(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    write_input(source, "csv", ["=HYPERLINK(1)", "\tTAB", "\rCR", "plain"])
    output = tmp_path / "out.csv"
    completed(run(["redact", source, "-o", output, "-q"]))
    assert [c[:1] for c in cells(output)[:3]] == ["'", "'", "'"]


# Determinism ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("out_fmt", ["csv", "jsonl", "parquet"])
def test_determinism_the_same_input_gives_byte_identical_output(tmp_path: Path, out_fmt: str) -> None:
    source = tmp_path / "in.csv"
    write_input(source, "csv", TEXTS["plain"] + TEXTS["scripts"])
    outputs = [tmp_path / f"{n}.{out_fmt}" for n in (1, 2)]
    for output in outputs:
        completed(run(["analyze", source, "-o", output, *FAST, "-q"]))
    assert outputs[0].read_bytes() == outputs[1].read_bytes()


def test_determinism_pseudonyms_with_a_salt_repeat(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    write_input(source, "csv", REDACT_TEXT)
    outputs = [tmp_path / f"{n}.csv" for n in (1, 2)]
    for output in outputs:
        completed(run(["redact", source, "-o", output, "--mode", "pseudonym", "--salt", "k", "-q"]))
    assert outputs[0].read_bytes() == outputs[1].read_bytes()


def test_determinism_batch_size_does_not_change_a_value(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    write_input(source, "csv", TEXTS["plain"] + TEXTS["scripts"] + TEXTS["markup"])
    outputs = [tmp_path / f"{n}.csv" for n in (1, 64)]
    for size, output in zip((1, 64), outputs, strict=True):
        completed(run(["analyze", source, "-o", output, *FAST, "--batch-size", size, "-q"]))
    assert outputs[0].read_bytes() == outputs[1].read_bytes()


def test_determinism_row_order_does_not_change_a_rows_values(tmp_path: Path) -> None:
    texts = TEXTS["plain"] + TEXTS["scripts"]
    forward, backward = tmp_path / "f.csv", tmp_path / "b.csv"
    write_input(forward, "csv", texts)
    pd.read_csv(forward, dtype=str).iloc[::-1].to_csv(backward, index=False)
    for source in (forward, backward):
        completed(run(["analyze", source, "-o", source.with_suffix(".out.csv"), *FAST, "-q"]))
    a = pd.read_csv(forward.with_suffix(".out.csv"), dtype=str).set_index("id")
    b = pd.read_csv(backward.with_suffix(".out.csv"), dtype=str).set_index("id").loc[a.index]
    pd.testing.assert_frame_equal(a, b)
