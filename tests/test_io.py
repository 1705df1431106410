"""Reading and writing tables: every input column comes out exactly as it went in, or the file is refused with
the line that is wrong; nothing half-written is ever left at the output path."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from disclosure import InputError
from disclosure.io import TableWriter, open_table, read_table


def copy_through(source: Path, target: Path, *, chunk_size: int = 4096, **options: object) -> None:
    """What every command does with the input's own columns: read in chunks, write them back."""
    table = open_table(source)
    with TableWriter(str(target), target.suffix.lstrip("."), types=table.arrow_types, **options) as writer:  # type: ignore[arg-type]
        for chunk in table.chunks(chunk_size):
            writer.write(chunk)


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_declared_list_column_survives_a_first_chunk_without_lists(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    with TableWriter(str(target), fmt, list_columns=["categories"]) as writer:
        writer.write(pd.DataFrame({"text": ["", " "], "categories": [np.nan, np.nan]}))
        writer.write(pd.DataFrame({"text": ["I am ill."], "categories": [["physical_health", "feelings"]]}))
    if fmt == "parquet":
        assert list(pd.read_parquet(target)["categories"].iloc[2]) == ["physical_health", "feelings"]
    elif fmt == "csv":
        assert pd.read_csv(target)["categories"].iloc[2] == "physical_health;feelings"
    else:
        assert pd.read_json(target, lines=True)["categories"].iloc[2] == ["physical_health", "feelings"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_csv_is_split_by_the_delimiter_its_header_uses(tmp_path: Path, delimiter: str) -> None:
    source = tmp_path / "in.csv"
    source.write_text(f'id{delimiter}text\n1{delimiter}"I moved, again; sadly."\n', encoding="utf-8")
    frame = read_table(source)
    assert list(frame.columns) == ["id", "text"]
    assert frame["text"].tolist() == ["I moved, again; sadly."]


def test_a_utf8_byte_order_mark_is_not_part_of_the_first_column_name(tmp_path: Path) -> None:
    source = tmp_path / "excel.csv"
    source.write_bytes("\ufefftext\nhello\n".encode())
    assert list(read_table(source).columns) == ["text"]


def test_text_in_another_encoding_is_refused_with_the_byte_offset_and_read_when_named(tmp_path: Path) -> None:
    source = tmp_path / "latin1.csv"
    source.write_bytes("text\ncaf\xe9 au lait\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"not UTF-8 text: the byte at offset 8 \(0xE9\)"):
        read_table(source)
    assert read_table(source, encoding="latin-1")["text"].tolist() == ["café au lait"]


def test_a_row_with_an_extra_field_is_refused_with_its_line_number(tmp_path: Path) -> None:
    source = tmp_path / "ragged.csv"
    source.write_text('id,text\n1,"two\nlines"\n2,fine\n3,too,many\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"Line 5 of .* has 3 field\(s\) but the header has 2"):
        open_table(source)


def test_a_header_that_names_a_column_twice_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "twice.csv"
    source.write_text("id,text,text\n1,a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="more than one column called text"):
        open_table(source)


def test_a_bad_json_line_is_refused_with_its_line_number(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text('{"text": "a"}\n\n{"text": "b"}\n{"text": oops}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"Line 4 of .* is not a JSON object"):
        open_table(source)


def test_jsonl_numbers_nulls_missing_keys_and_big_integers_pass_through_exactly(tmp_path: Path) -> None:
    lines = [
        '{"id": 9007199254740993, "x": 0.123456789, "tiny": 1e-9, "n": 1, "text": "a"}',
        '{"id": 2, "x": null, "tiny": 2.5, "text": "b"}',
        '{"id": 3, "x": 1.0, "n": null, "text": "c", "late": true}',
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    copy_through(source, tmp_path / "out.jsonl", chunk_size=1)
    back = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert back == [json.loads(line) for line in lines]


def test_jsonl_keys_first_seen_in_a_later_chunk_are_columns_of_the_whole_table(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "a"}\n{"text": "b"}\n{"text": "c", "extra": 7}\n', encoding="utf-8")
    copy_through(source, tmp_path / "out.csv", chunk_size=2)
    assert (tmp_path / "out.csv").read_bytes() == b"text,extra\r\na,\r\nb,\r\nc,7\r\n"


def test_a_jsonl_column_that_changes_type_is_refused_for_parquet_before_writing(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "a", "age": 30}\n{"text": "b", "age": "thirty"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="'age': int from line 1, str from line 2"):
        open_table(source).check_output_format("parquet", str(tmp_path / "out.parquet"))


def test_parquet_types_nullable_integers_and_exact_floats_pass_through(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": pa.array([9007199254740993, None, 3], pa.int64()),
            "x": pa.array([0.123456789, 1e-9, None], pa.float64()),
            "small": pa.array([1, 2, None], pa.int16()),
            "text": ["a", None, "c"],
        }
    )
    pq.write_table(table, tmp_path / "in.parquet")
    copy_through(tmp_path / "in.parquet", tmp_path / "out.parquet", chunk_size=1)
    assert pq.read_table(tmp_path / "out.parquet").select(table.column_names).equals(table)
    copy_through(tmp_path / "in.parquet", tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        "9007199254740993,0.123456789,1,a",
        ",1e-09,2,",
        "3,,,c",
    ]


def test_an_excel_workbook_goes_in_and_out_with_its_values_and_text_is_never_a_formula(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    frame = pd.DataFrame({"id": [1, 2], "text": ["I am tired.", "=1+1"], "score": [0.5, None]})
    with TableWriter(str(tmp_path / "in.xlsx"), "xlsx") as writer:
        writer.write(frame)
    copy_through(tmp_path / "in.xlsx", tmp_path / "out.xlsx")
    back = read_table(tmp_path / "out.xlsx")
    assert back["id"].tolist() == [1, 2]
    assert back["text"].tolist() == ["I am tired.", "=1+1"]
    assert back["score"].tolist() == [0.5, None]
    sheet = load_workbook(tmp_path / "out.xlsx").active
    assert sheet is not None and sheet["B3"].data_type == "s"  # text, which Excel shows and never runs


SPREADSHEET_OPENINGS = (
    b'text\r\n"=HYPERLINK(""http://x"")"\r\n+call\r\n-3.5\r\n@mike I miss you\r\n"\tcmd"\r\n"\r=1"\r\nplain\r\n'
)


@pytest.mark.parametrize("suffix", ["csv", "tsv"])
def test_research_tables_keep_every_cell_exactly_as_it_came(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(SPREADSHEET_OPENINGS)
    copy_through(source, tmp_path / f"out.{suffix}")
    assert read_table(tmp_path / f"out.{suffix}")["text"].tolist() == read_table(source)["text"].tolist()


def test_a_spreadsheet_safe_file_neutralises_formulas_tabs_and_carriage_returns(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(SPREADSHEET_OPENINGS)
    copy_through(source, tmp_path / "safe.csv", spreadsheet_safe=True)
    assert read_table(tmp_path / "safe.csv")["text"].tolist() == [
        '\'=HYPERLINK("http://x")',
        "'+call",
        "-3.5",
        "'@mike I miss you",
        "'\tcmd",
        "'\r=1",
        "plain",
    ]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "xlsx"])
def test_a_run_that_fails_midway_leaves_nothing_at_the_output_path(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    with pytest.raises(RuntimeError), TableWriter(str(target), fmt) as writer:
        writer.write(pd.DataFrame({"text": ["first chunk"]}))
        raise RuntimeError("the disk filled up")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_output_is_replaced_only_when_the_new_one_is_complete(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old results\n", encoding="utf-8")
    with pytest.raises(RuntimeError), TableWriter(str(target), "csv") as writer:
        writer.write(pd.DataFrame({"text": ["new"]}))
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old results\n"
