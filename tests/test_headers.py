"""The first check of every command: a missing file or a header without the asked-for column is refused from the
first line, and whatever the first line cannot settle is left to the full reader (`io.open_table`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure import io
from disclosure.errors import InputError
from disclosure.headers import require_input


def test_a_missing_file_is_refused_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"No file at '.*absent\.csv'"):
        require_input(str(tmp_path / "absent.csv"))


@pytest.mark.parametrize(("name", "header"), [("a.csv", "id,txt"), ("b.csv", "id;txt"), ("c.tsv", "id\ttxt")])
def test_a_header_without_the_column_is_refused_naming_the_columns_that_exist(
    tmp_path: Path, name: str, header: str
) -> None:
    path = tmp_path / name
    path.write_text(f"{header}\n{header.replace('id', '1').replace('txt', 'hello')}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"No column 'text' .* Columns that exist: id, txt"):
        require_input(str(path), columns=["text"])
    require_input(str(path), columns=["txt", "id"])


def test_the_format_given_overrides_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "turns.dat"
    path.write_text("id\ttxt\n1\thello\n", encoding="utf-8")
    require_input(str(path), columns=["text"])  # an unknown extension is the reader's to settle
    with pytest.raises(InputError, match="No column 'text'"):
        require_input(str(path), "tsv", columns=["text"])


def test_json_lines_are_left_to_the_reader_because_a_later_line_can_add_the_column(tmp_path: Path) -> None:
    path = tmp_path / "turns.jsonl"
    path.write_text('{"id": 1}\n{"id": 2, "text": "hello"}\n', encoding="utf-8")
    require_input(str(path), columns=["text"])
    assert "text" in io.open_table(path).columns


def test_a_header_that_cannot_be_decoded_is_left_to_the_reader_that_says_where(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("id,caf\xe9\n1,x\n".encode("latin-1"))
    require_input(str(path), columns=["text"])
    with pytest.raises(InputError, match=r"offset 6 \(0xE9\)"):
        io.open_table(path)
