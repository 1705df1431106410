"""The user guide keeps its promises to a newcomer: every path it reads data from says how to get that data, and
every screenshot (of every web view and both reports, made by docs/screenshots.py) is shown on a page."""

from __future__ import annotations

import re

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


def test_every_figure_in_docs_is_shown_on_a_page() -> None:
    pages = " ".join(page.read_text(encoding="utf-8") for page in [REPO / "README.md", *(REPO / "docs").glob("*.md")])
    figures = sorted((REPO / "docs" / "figures").glob("*.png"))
    assert figures
    assert [f.name for f in figures if f"figures/{f.name}" not in pages] == []


def test_the_screenshot_script_visits_every_view_of_the_web_app_and_both_reports() -> None:
    page = (REPO / "src" / "disclosure" / "serve" / "static" / "index.html").read_text(encoding="utf-8")
    script = (REPO / "docs" / "screenshots.py").read_text(encoding="utf-8")
    views = re.findall(r'id="tab-([a-z]+)"', page)
    assert len(views) >= 4
    assert [view for view in views if f'"serve-{view}"' not in script] == []
    assert '"report-conversations"' in script and '"report-simulation"' in script


def test_every_install_hint_names_an_extra_of_this_source_folder() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    sources = [REPO / "README.md", *(REPO / "docs").glob("*.md"), *(REPO / "src" / "disclosure").rglob("*.py")]
    hints = [
        hint for source in sources for hint in re.findall(r"pip install[^\n]*", source.read_text(encoding="utf-8"))
    ]
    assert [hint for hint in hints if "disclosure[" in hint] == []  # no package called 'disclosure' on the index
    named = {extra for hint in hints for group in re.findall(r"\.\[([a-z,]+)\]", hint) for extra in group.split(",")}
    assert {"gpu", "ray", "serve", "train"} <= named <= set(project["optional-dependencies"]), named
