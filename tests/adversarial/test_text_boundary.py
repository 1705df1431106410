"""Text at the boundary: NUL, lone surrogates and bytes that are not UTF-8, in every reader and writer and in
`explain`, give a per-row status or one clear `InputError`, never a traceback and never another row's loss."""

from __future__ import annotations

import io as stdio
import json
import sys
import warnings
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from disclosure import Analyzer, InputError
from disclosure.analyzer import explain
from disclosure.io import XLSX_MAX_CELL, TableWriter, open_table
from disclosure.measure.redaction import redact_frame
from disclosure.schema import STATUS_INVALID_TEXT, STATUS_OK

NEIGHBOUR = "I was diagnosed with diabetes last year."
"""An ordinary text beside the odd one: it must come out scored whatever its neighbour holds."""


@pytest.fixture(scope="module")
def fast() -> Analyzer:
    return Analyzer("fast", theory=False)


def _write(path: Path, fmt: str, texts: list[str]) -> None:
    if fmt in ("csv", "tsv"):
        pd.DataFrame({"text": texts}).to_csv(path, sep="," if fmt == "csv" else "\t", index=False)
    elif fmt == "jsonl":
        path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    elif fmt == "parquet":
        pq.write_table(pa.table({"text": texts}), path)
    elif fmt == "xlsx":
        book = openpyxl.Workbook()
        book.active.append(["text"])
        for text in texts:
            book.active.append([text])
        book.save(path)
    else:
        path.write_text("\n".join(texts) + "\n", encoding="utf-8")


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "parquet", "txt"])
def test_a_nul_passes_through_every_reader_unchanged_and_is_scored(tmp_path: Path, fmt: str, fast: Analyzer) -> None:
    path = tmp_path / f"in.{fmt}"
    _write(path, fmt, ["before\x00after", NEIGHBOUR])
    frame = open_table(path).frame()
    assert frame["text"].tolist() == ["before\x00after", NEIGHBOUR]
    scored = fast.analyze(frame)
    assert scored["status"].tolist() == [STATUS_OK, STATUS_OK]


def test_a_nul_from_standard_input_passes_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", stdio.TextIOWrapper(stdio.BytesIO(b"text\nbefore\x00after\nI am sad.\n")))
    assert open_table("-").frame()["text"].tolist() == ["before\x00after", "I am sad."]


def test_a_lone_surrogate_in_jsonl_is_kept_unscored_and_its_neighbour_is_scored(tmp_path: Path, fast: Analyzer) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "half \\ud83d of a pair"}\n' + json.dumps({"text": NEIGHBOUR}) + "\n", encoding="utf-8")
    scored = fast.analyze(open_table(path).frame())
    assert scored["status"].tolist() == [STATUS_INVALID_TEXT, STATUS_OK]
    assert scored["text"][0] == "half \ud83d of a pair"
    assert pd.isna(scored["disclosure"][0]) and scored["disclosure"][1] > 0.5


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_lone_surrogate_is_written_back_as_its_escape(tmp_path: Path, fmt: str, fast: Analyzer) -> None:
    out = tmp_path / f"out.{fmt}"
    with TableWriter(str(out), fmt) as writer:
        writer.write(fast.analyze(["half \ud83d", NEIGHBOUR]))
    assert "\\ud83d" in out.read_text(encoding="utf-8")


def test_a_lone_surrogate_cannot_go_into_parquet_and_the_error_names_its_row(tmp_path: Path, fast: Analyzer) -> None:
    out = tmp_path / "out.parquet"
    with (
        pytest.raises(InputError, match=r"Row 2 of .*column 'text'.*lone surrogate"),
        TableWriter(str(out), "parquet") as writer,
    ):
        writer.write(fast.analyze([NEIGHBOUR, "half \ud83d"]))
    assert not out.exists()


def test_redact_leaves_a_lone_surrogate_as_it_is_and_redacts_its_neighbour() -> None:
    frame = pd.DataFrame({"text": pd.Series(["half \ud83d", "Call me on 07700 900123."], dtype=object)})
    out = redact_frame(frame, text_column="text")
    assert out["text"][0] == "half \ud83d"
    assert "07700 900123" not in out["text"][1]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "txt"])
def test_bytes_that_are_not_utf8_are_refused_with_their_offset(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"in.{fmt}"
    body = {"jsonl": b'{"text": "caf\xe9"}\n', "txt": b"caf\xe9\n"}.get(fmt, b"text\ncaf\xe9\n")
    path.write_bytes(body)
    with pytest.raises(InputError, match=r"is not UTF-8 text: the byte at offset \d+ \(0xE9\)"):
        open_table(path).frame()


def test_a_parquet_string_column_holding_bytes_that_are_not_utf8_is_refused(tmp_path: Path) -> None:
    raw = pa.array([b"ok \xff bad", b"fine"], pa.binary())
    pq.write_table(pa.table({"text": pa.Array.from_buffers(pa.string(), 2, raw.buffers())}), tmp_path / "in.parquet")
    with pytest.raises(InputError, match="Invalid UTF8"):
        open_table(tmp_path / "in.parquet").frame()


@pytest.mark.parametrize("odd", ["\x00", "\x1b", "\ufffe", "\uffff", "\ud83d"])
def test_characters_an_excel_sheet_cannot_hold_are_replaced_with_a_warning_naming_the_row(
    tmp_path: Path, odd: str
) -> None:
    out = tmp_path / "out.xlsx"
    with pytest.warns(UserWarning, match=r"1 cell\(s\) .* row 2 'text'"), TableWriter(str(out), "xlsx") as writer:
        writer.write(pd.DataFrame({"text": pd.Series(["plain", f"a{odd}b"], dtype=object)}))
    assert openpyxl.load_workbook(out).active["A3"].value == "a\ufffdb"


def test_an_ordinary_excel_output_gives_no_warning(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with TableWriter(str(tmp_path / "out.xlsx"), "xlsx") as writer:
            writer.write(pd.DataFrame({"text": ["plain", "tab\tand\nnewline"]}))


def test_a_cell_longer_than_excel_holds_is_refused_not_cut(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    long = "x" * (XLSX_MAX_CELL + 1)
    with (
        pytest.raises(InputError, match=r"Row 2 .*column 'text', holds 32,768 characters"),
        TableWriter(str(out), "xlsx") as writer,
    ):
        writer.write(pd.DataFrame({"text": ["short", long]}))
    assert not out.exists()


def test_a_cell_exactly_as_long_as_excel_holds_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    with TableWriter(str(out), "xlsx") as writer:
        writer.write(pd.DataFrame({"text": ["x" * XLSX_MAX_CELL]}))
    assert len(openpyxl.load_workbook(out).active["A2"].value) == XLSX_MAX_CELL


@pytest.fixture(scope="module")
def theory() -> Analyzer:
    return Analyzer("fast")


def test_explain_refuses_a_lone_surrogate_from_bytes_that_are_not_utf8(theory: Analyzer) -> None:
    argument = b"caf\xe9".decode("utf-8", "surrogateescape")  # what Python makes of such bytes in sys.argv
    with pytest.raises(InputError, match="lone surrogate"):
        explain(argument, theory)


@pytest.mark.parametrize("sequence", ["\x1b[31m", "\x1b]0;title\x07", "\x9b2J", "\r", "\x08"])
def test_explain_shows_terminal_control_sequences_escaped(sequence: str, theory: Analyzer) -> None:
    shown = explain(f"I was {sequence}diagnosed with cancer.", theory)
    assert sequence not in shown
    assert f"\\x{ord(sequence[0]):02x}" in shown
