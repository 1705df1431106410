"""The user guide keeps its promises to a newcomer: every path it reads data from says how to get that data."""

from __future__ import annotations

from .conftest import REPO


def test_every_page_that_reads_shared_data_says_how_to_get_it() -> None:
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    reading = [page for page in pages if "../shared/data" in page.read_text(encoding="utf-8")]
    assert reading
    for page in reading:
        assert "datasets.md" in page.read_text(encoding="utf-8") or page.name == "datasets.md", page.name


def test_the_datasets_page_names_where_each_corpus_comes_from() -> None:
    text = (REPO / "docs" / "datasets.md").read_text(encoding="utf-8")
    for corpus, source in (("claff-offmychest", "kj2013/claff-offmychest"), ("AnnoMI-simple.csv", "uccollab/AnnoMI")):
        assert corpus in text and source in text
