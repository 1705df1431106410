"""Regenerate the screenshots in docs/figures: every view of the web app, its column glossary, its API docs page,
the conversation report and the simulation report, in headless Chromium.

    python docs/screenshots.py                 # the shipped default model
    python docs/screenshots.py --model fast    # quicker; the numbers differ, the pages do not

Needs the serve extra (FastAPI, uvicorn), Playwright (`pip install playwright`; no browser download: the Debian
`chromium` package is used) and the example files in examples/. The server runs on a free loopback port and the
page may reach nothing else; the reports are opened from files.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
FIGURES = REPO / "docs" / "figures"
EXAMPLES = REPO / "examples"
COLUMNS = ["--conversation-column", "session", "--turn-column", "turn", "--role-column", "role"]
VIEWPORT = {"width": 1280, "height": 900}

WRITTEN = "I'm 34 and I live in Leeds. I was diagnosed with depression last year and my partner left me."


def disclosure(*args: str) -> None:
    """Run one command of the installed package, as a user would."""
    subprocess.run([sys.executable, "-m", "disclosure", *args, "-q"], check=True)


def reports(model: str, work: Path) -> dict[str, Path]:
    """The conversation report of the example conversations and the report of a small simulation."""
    measured = work / "first-hour"
    examples = str(EXAMPLES / "conversations.csv")
    disclosure("conversations", examples, *COLUMNS, "--out-dir", str(measured), "--model", model)
    pages = {"report-conversations": work / "report.html", "report-simulation": work / "simulation.html"}
    utterances = str(measured / "utterances.csv")
    disclosure("report", utterances, *COLUMNS, "--by", "role", "-o", str(pages["report-conversations"]))
    disclosure(
        "simulate", "--dyads", "500", "-o", str(work / "sim.parquet"), "--report", str(pages["report-simulation"])
    )
    return pages


class Server:
    """The web app on a free loopback port, in a thread."""

    def __init__(self, model: str) -> None:
        import uvicorn

        from disclosure.serve import create_app

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(create_app(model), host="127.0.0.1", port=port, log_config=None)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 120
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise SystemExit("the server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def only_loopback(route: Any) -> None:
    """Let the page reach this machine only: a screenshot must show what an offline user sees."""
    if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost", None, ""):
        route.continue_()
    else:
        route.abort()


def shoot(page: Any, name: str) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(FIGURES / f"{name}.png"), full_page=True)
    print(f"wrote docs/figures/{name}.png")


def web_views(page: Any, url: str) -> None:
    """Each view with something in it, as the README describes it."""
    page.goto(url + "/")
    page.fill("#write-text", WRITTEN)
    page.wait_for_selector("#flags li[data-category='LOCATION']")
    shoot(page, "serve-write")

    page.click("#tab-session")
    page.set_input_files("#transcript-file", str(EXAMPLES / "session.csv"))
    page.wait_for_selector("#monitor tbody tr")
    shoot(page, "serve-session")

    page.click("#tab-whatif")
    page.wait_for_selector("#whatif-mean")
    page.wait_for_function("document.querySelector('#whatif-summary').textContent.includes('mean depth')")
    shoot(page, "serve-whatif")

    page.click("#tab-learn")
    page.click("#learn-layers button:has-text('core')")
    page.wait_for_selector("#quiz-options input")
    page.locator("#quiz-options input").first.check()
    page.click("#quiz-check")
    page.wait_for_selector("#quiz-feedback p.hint")
    shoot(page, "serve-learn")

    page.click("#glossary-box summary")
    page.wait_for_selector("#glossary dd[data-column='valence']")
    page.locator("#glossary-box").screenshot(path=str(FIGURES / "serve-glossary.png"))
    print("wrote docs/figures/serve-glossary.png")

    page.goto(url + "/docs")
    page.wait_for_load_state("networkidle")
    shoot(page, "serve-api-docs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="default")
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("needs the Debian chromium package (apt install chromium): no browser is downloaded")
    from playwright.sync_api import sync_playwright

    FIGURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        work = Path(folder)
        pages = reports(args.model, work)
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport=VIEWPORT)
        page.route("**/*", only_loopback)
        with Server(args.model) as server:
            web_views(page, server.url)
        for name, path in pages.items():
            page.goto(path.as_uri())
            shoot(page, name)
        browser.close()


if __name__ == "__main__":
    main()
