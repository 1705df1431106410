"""The web app in headless Chromium, with the page's network cut to every host but this server's."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from server_under_test import LiveServer

from disclosure.serve.quiz import QUESTIONS

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None, reason="needs the Debian chromium package")

SCREENSHOTS = Path(__file__).parents[2] / "out" / "serve-screenshots"
"""Where the tests keep a screenshot of each view (ignored by git; docs/figures holds the README's copies)."""

SESSION = Path(__file__).parents[2] / "examples" / "session.csv"
"""A six-turn counselling session written for the examples (the therapist discloses about themselves)."""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        yield launched
        launched.close()


class Page:
    """A page on the app whose requests to any other host are aborted and recorded; errors in its scripts too."""

    def __init__(self, browser: Any, server: LiveServer) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.elsewhere: list[str] = []
        self.script_errors: list[str] = []
        self.page.route("**/*", self._only_this_server)
        self.page.on("pageerror", lambda error: self.script_errors.append(str(error)))
        self.page.goto(server.url + "/")

    def _only_this_server(self, route: Any) -> None:
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.elsewhere.append(route.request.url)
            route.abort()

    def shoot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    def close(self) -> None:
        self.page.close()
        assert self.elsewhere == [], f"the page tried to reach other hosts: {self.elsewhere}"
        assert self.script_errors == []


@pytest.fixture()
def app_page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    page = Page(browser, live_server)
    yield page.page
    page.close()


def test_write_and_reflect_scores_the_text_flags_spans_and_accepts_an_abstraction(app_page: Any) -> None:
    page = app_page
    page.fill("#write-text", "I'm 34 and I live in Leeds. I was diagnosed with depression last year.")
    page.wait_for_selector("#flags li[data-category='LOCATION']")
    assert "Self-disclosure" in page.text_content("#write-scores")
    assert page.locator("#categories li").count() >= 1
    assert page.locator("#onion circle").count() == 4
    assert page.locator("#write-marked mark").count() == 3
    page.screenshot(path=str(_shot("write")))

    page.locator("#flags li[data-category='LOCATION'] button.accept").click()
    expect(page.locator("#write-text")).to_have_value(
        "I'm 34 and I live in England. I was diagnosed with depression last year."
    )
    expect(page.locator("#flags")).not_to_contain_text("Leeds")  # the city is gone; the country may still be flagged

    page.select_option("#audience", "professional")  # a diagnosis told to one's therapist is no overshare
    expect(page.locator("#flags li[data-category='HEALTH_CONDITION']")).to_have_count(0)

    page.select_option("#audience", "public")
    page.wait_for_selector("#flags li[data-category='HEALTH_CONDITION']")
    page.focus("#confidence")
    page.keyboard.press("End")  # only flags the assistant is fully sure of: none here
    assert page.text_content("#confidence-value") == "1.00"
    expect(page.locator("#flags li")).to_have_count(0)


def test_write_and_reflect_says_plainly_which_language_a_text_is_in_and_why_it_is_not_scored(app_page: Any) -> None:
    page = app_page
    notice, scores = page.locator("#write-scores .not-scored"), page.locator("#write-scores")
    page.fill("#write-text", "Me siento muy sola desde que perdí mi trabajo. Escríbeme a maria.lopez@gmail.com")
    expect(notice).to_contain_text("Not scored: this text reads as Spanish (es)")
    expect(notice).to_contain_text("English only")
    expect(page.locator("#flags-language")).to_be_visible()
    page.wait_for_selector("#flags li[data-category='EMAIL_ADDRESS']")
    assert "Self-disclosure" not in scores.text_content()
    assert page.locator("#onion circle[fill='#2458a6']").count() == 0
    page.screenshot(path=str(_shot("write-not-english")))

    page.fill("#write-text", "😭😭😭")
    expect(notice).to_contain_text("no language to read here (emoji, numbers, symbols or source code)")
    expect(page.locator("#flags-language")).to_be_hidden()

    page.fill("#write-text", "I lost my job last week and I feel so alone.")
    expect(page.locator("#write-scores dd[data-measure='Language']")).to_contain_text("English (en)")
    expect(notice).to_have_count(0)
    expect(page.locator("#flags-language")).to_be_hidden()


def test_the_session_monitor_marks_a_turn_in_another_language_as_not_scored(app_page: Any, tmp_path: Path) -> None:
    page = app_page
    page.click("#tab-session")
    transcript = tmp_path / "session.csv"
    transcript.write_text(
        "speaker,role,text\nT,therapist,How has your week been?\nC,client,Je me sens très seul depuis mon divorce.\n"
        "C,client,I moved here alone and I miss my kids.\n",
        encoding="utf-8",
    )
    page.set_input_files("#transcript-file", str(transcript))
    expect(page.locator("#session-status")).to_contain_text("3 utterances")
    cells = page.locator("#session-turns tbody td.not-scored")
    expect(cells).to_have_count(1)
    expect(cells).to_contain_text("French (fr)")
    assert page.locator("#session-turns tbody tr").nth(1).locator("td.not-scored").count() == 1


def test_html_typed_into_the_page_stays_text(app_page: Any) -> None:
    page = app_page
    page.fill("#write-text", 'I live in Leeds <img src=x onerror="window.pwned=1"> <b>bold</b>')
    page.wait_for_selector("#write-marked mark")
    assert page.locator("#write-marked img, #write-marked b").count() == 0
    assert "<img src=x" in page.text_content("#write-marked")
    assert page.evaluate("window.pwned") is None


def test_the_session_monitor_takes_an_uploaded_transcript_and_a_new_turn_live(app_page: Any) -> None:
    page = app_page
    page.keyboard.press("Tab")
    page.focus("#tab-write")
    page.keyboard.press("ArrowRight")  # the tabs work from the keyboard
    assert page.get_attribute("#tab-session", "aria-selected") == "true"
    page.set_input_files("#transcript-file", str(SESSION))
    expect(page.locator("#session-status")).to_contain_text("6 utterances")
    assert page.locator("#trajectory polyline").count() == 2
    assert page.locator("#monitor tbody tr").count() == 1
    assert "T:" in page.text_content("#transitions")

    page.fill("#turn-speaker", "T")
    page.fill("#turn-role", "therapist")
    page.fill("#turn-text", "That sounds really heavy. What is a bad day like for you?")
    page.press("#turn-text", "Enter")
    expect(page.locator("#session-status")).to_contain_text("7 utterances")
    assert page.locator("#session-turns tbody tr").count() == 7
    assert page.locator("#trajectory circle").count() == 7
    page.screenshot(path=str(_shot("session")), full_page=True)

    page.fill("#turn-speaker", "C")
    page.fill("#turn-text", "<b>ok</b> <img src=x>")
    page.press("#turn-text", "Enter")
    expect(page.locator("#session-status")).to_contain_text("8 utterances")
    assert page.locator("#session-turns b, #session-turns img").count() == 0
    assert "<b>ok</b> <img src=x>" in page.text_content("#session-turns")


def test_what_if_redraws_the_trajectories_when_a_slider_moves(app_page: Any) -> None:
    page = app_page
    page.click("#tab-whatif")
    page.wait_for_selector("#whatif-mean")
    before = page.get_attribute("#whatif-mean", "points")
    page.focus("#slider-responsiveness")
    page.keyboard.press("Home")  # partners who never answer supportively
    expect(page.locator("#whatif-mean")).not_to_have_attribute("points", before)
    assert page.text_content("#slider-responsiveness-value") == "0.00"
    assert "mean depth" in page.text_content("#whatif-summary")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(_shot("whatif")))


def test_what_if_shows_the_published_targets_and_moving_a_slider_updates_the_models_values(app_page: Any) -> None:
    from disclosure.model.calibration import TARGETS, TARGETS_READING

    page = app_page
    page.click("#tab-whatif")
    page.wait_for_selector("#whatif-targets tbody tr")
    rows = page.locator("#whatif-targets tbody tr")
    assert [rows.nth(i).get_attribute("data-target") for i in range(rows.count())] == [t.name for t in TARGETS]
    assert page.text_content("#whatif-targets-reading") == TARGETS_READING
    first = page.locator(f"#whatif-targets tr[data-target='{TARGETS[0].name}']")
    assert f"{TARGETS[0].published:.2f} ± {TARGETS[0].uncertainty:.3f}" in first.text_content()
    before = first.locator("td.model").text_content()
    assert page.locator("#whatif-targets tr.missed").count() == 0
    assert f"{len(TARGETS)} of {len(TARGETS)} published effects" in page.text_content("#whatif-summary")

    page.focus("#slider-audience")
    page.keyboard.press("End")  # posting to a hundred people: the privacy cost rises with the audience
    expect(first.locator("td.model")).not_to_have_text(before)
    assert float(first.locator("td.model").text_content()) < float(before)
    assert page.locator("#whatif-targets tr.missed").count() > 0
    expect(page.locator("#whatif-summary")).not_to_contain_text(f"{len(TARGETS)} of {len(TARGETS)} published")


def test_what_if_has_a_slider_for_every_parameter_of_the_setting_and_each_moves_the_lines(app_page: Any) -> None:
    from disclosure.model.parameters import describe

    page = app_page
    page.click("#tab-whatif")
    page.wait_for_selector("#whatif-mean")
    for section in page.locator("#sliders details").all():
        if section.is_visible() and not section.evaluate("details => details.open"):
            section.locator("summary").click()
    shown = page.locator("#sliders input[type=range]:visible")
    names = {shown.nth(i).get_attribute("data-parameter") for i in range(shown.count())}
    assert names == {p["name"] for p in describe() if p["group"] not in ("helping", "paradigm")}
    for name in sorted(names):
        before = (page.get_attribute("#whatif-mean", "points"), page.get_attribute("#whatif-trust", "points"))
        summary = page.text_content("#whatif-summary")
        slider = page.locator(f"#slider-{name}")
        default = slider.input_value()
        slider.focus()
        page.keyboard.press("Home" if float(default) == float(slider.get_attribute("max") or 0) else "End")
        if name == "learning_rate":  # the check: Trust gain 0.90 -> 1.00
            assert (default, page.text_content("#slider-learning_rate-value")) == ("0.9", "1.00")
        expect(page.locator("#whatif-summary")).not_to_have_text(summary)
        after = (page.get_attribute("#whatif-mean", "points"), page.get_attribute("#whatif-trust", "points"))
        assert after != before, name
        slider.evaluate("(input, value) => { input.value = value; input.dispatchEvent(new Event('input')); }", default)
        expect(page.locator("#whatif-summary")).to_have_text(summary)


def test_the_reading_explains_each_number_with_its_scale_and_the_risk_moves_with_the_audience(app_page: Any) -> None:
    page = app_page
    page.fill("#write-text", "I was diagnosed with bipolar disorder and my partner left me. I live in Leeds.")
    page.wait_for_selector("#flags li[data-category='LOCATION']")
    scores = page.locator("#write-scores")
    expect(scores.locator("dd[data-measure='Valence'] .value")).to_contain_text("on −1 to +1")
    assert "negative (−1) or positive (+1)" in scores.locator("dd[data-measure='Valence']").text_content()
    motive = scores.locator("dd[data-measure='Motive'] .value").text_content()
    assert "_" not in motive and motive[0].isupper()
    risk = scores.locator("dd[data-measure='Privacy risk']")
    assert " of 1 — " in risk.locator(".value").text_content() and "Why:" in risk.text_content()
    public = risk.locator(".value").text_content()
    page.select_option("#audience", "community")
    expect(risk.locator(".value")).not_to_have_text(public)
    assert "community" in risk.text_content()
    community = risk.locator(".value").text_content()
    page.select_option("#audience", "professional")
    expect(risk.locator(".value")).not_to_have_text(community)


def test_the_glossary_explains_every_column_from_the_schema(app_page: Any) -> None:
    from disclosure.schema import TABLES

    page = app_page
    page.click("#glossary-box summary")
    names = {c.name for columns in TABLES.values() for c in columns}
    expect(page.locator("#glossary dd[data-column]")).to_have_count(sum(len(c) for c in TABLES.values()))
    shown = set(page.locator("#glossary dt").all_text_contents())
    assert shown == names
    assert (
        "[-1, 1]" in page.locator("#glossary dd[data-column='valence']").first.text_content()
    )  # the utterance table's


def test_the_quiz_can_be_finished_and_scores_the_answers(app_page: Any) -> None:
    page = app_page
    page.click("#tab-learn")
    page.click("#learn-layers button:has-text('core')")
    assert "Inner core" in page.text_content("#layer-meaning")
    for n, question in enumerate(QUESTIONS):
        expect(page.locator("#quiz-prompt")).to_contain_text(f"Question {n + 1} of")
        answer = question.key if n else next(o for o in question.options if o != question.key)
        page.check(f"#quiz-options input[value='{answer}']")
        page.click("#quiz-check")
        page.wait_for_selector("#quiz-feedback p.hint")
        assert "tool" in page.text_content("#quiz-feedback") or "assistant" in page.text_content("#quiz-feedback")
        if n == 0:
            page.screenshot(path=str(_shot("learn")))
        if n + 1 < len(QUESTIONS):
            page.click("#quiz-next")
    assert page.text_content("#quiz-score") == f"You scored {len(QUESTIONS) - 1} of {len(QUESTIONS)}."


def test_the_api_docs_page_is_served_from_this_machine(browser: Any, live_server: LiveServer) -> None:
    page = Page(browser, live_server)
    page.page.goto(live_server.url + "/docs")
    page.page.wait_for_selector("h2:has-text('POST /analyze')")
    page.close()


def _shot(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
