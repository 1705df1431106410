"""The HTML report: one self-contained file that renders in a real (headless) browser."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from disclosure.dynamics.compare import Comparison
from disclosure.dynamics.tables import ConversationTables
from disclosure.reports.dynamics import render

SECTIONS = (
    "What happened",
    "Penetration",
    "Reciprocity",
    "Helper self-disclosure monitor",
    "Groups by speaker",
)


def test_the_report_is_self_contained_with_every_figure_inline(
    measured: tuple[ConversationTables, Comparison],
) -> None:
    page = render(*measured)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "url(" not in page and "@import" not in page
    images = re.findall(r'<img [^>]*src="([^"]+)"', page)
    assert len(images) == 6 and all(src.startswith("data:image/png;base64,") for src in images)
    for title in SECTIONS:
        assert title in page


def test_the_report_names_the_helper_centred_conversation(
    measured: tuple[ConversationTables, Comparison],
) -> None:
    page = render(*measured)
    assert "self-centred" in page and "do not turn attention back to the client" in page


def test_every_column_of_every_table_is_explained_on_the_page(measured: tuple[ConversationTables, Comparison]) -> None:
    page = render(*measured)
    glossary = page[page.index("What the columns mean") :]
    explained = set(re.findall(r"<dt>([^<]+)</dt>", glossary))
    headers = set(re.findall(r"<th[^>]*>([^<]+)</th>", page[: page.index("What the columns mean")]))
    assert headers and headers <= explained, headers - explained
    assert "[0, 3]" in glossary  # a measured column comes with its range from schema.py


def test_numbers_are_right_aligned_and_prose_left_aligned(measured: tuple[ConversationTables, Comparison]) -> None:
    page = render(*measured)
    assert re.search(r'<td class="num">-?\d+\.\d{3}</td>', page)
    prose = re.findall(r"<td>([^<]{30,})</td>", page)  # reasons and notes: long text, in plain (left) cells
    assert prose and not any(re.fullmatch(r"[-\d.e+]+", cell) for cell in prose)
    assert "text-align:left" in page and ".num{text-align:right" in page


def test_the_tables_sort_and_filter_from_one_inline_script(measured: tuple[ConversationTables, Comparison]) -> None:
    page = render(*measured)
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts == [""]  # one script, inline: nothing to fetch, works from the file alone
    assert 'addEventListener("click", sort)' in page and 'type = "search"' in page


def test_the_same_tables_give_the_same_page(measured: tuple[ConversationTables, Comparison]) -> None:
    assert render(*measured) == render(*measured)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs the Debian chromium package")
def test_the_report_renders_offline_in_headless_chromium(
    measured: tuple[ConversationTables, Comparison], tmp_path: Path
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    page_file = tmp_path / "report.html"
    page_file.write_text(render(*measured), encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(page_file.as_uri())
        widths = page.evaluate("Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)")
        table = page.locator("table").first
        header = table.locator("th.num").first
        header.click()
        column = page.evaluate(
            "([t, h]) => Array.from(t.tBodies[0].rows).map(r => r.cells[h.cellIndex].textContent)",
            [table.element_handle(), header.element_handle()],
        )
        numbers = [float(v) for v in column if v]
        assert numbers == sorted(numbers) and header.get_attribute("aria-sort") == "ascending"
        headings = page.evaluate("Array.from(document.querySelectorAll('h2')).map(h => h.textContent)")
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        browser.close()
    assert [url for url in requested if not url.startswith(("file:", "data:"))] == []
    assert len(widths) == 6 and min(widths) > 300
    assert headings[:3] == [
        "What happened in these conversations",
        "Penetration: how deep the talk goes over time",
        "Reciprocity",
    ]
    assert (tmp_path / "report.png").stat().st_size > 50_000


@pytest.mark.slow
def test_report_stays_a_function_on_every_call_in_a_fresh_process(tmp_path: Path, planted: ModuleType) -> None:
    table = planted.reinforcement_corpus(1.0, conversations=3, exchanges=4)
    table.to_csv(tmp_path / "measured.csv", index=False)
    script = (
        "import disclosure\n"
        "disclosure.report('measured.csv', 'first.html')\n"
        "disclosure.report('measured.csv', 'second.html')\n"
        "from disclosure import report\n"
        "report('measured.csv', 'third.html')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert all((tmp_path / f"{name}.html").is_file() for name in ("first", "second", "third"))
