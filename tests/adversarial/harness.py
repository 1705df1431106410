"""The battery's harness: run a command as a user would, and judge the outcome by the four failures the battery
counts — data lost, a silently wrong result, a traceback, a hang.

Every case ends in one of two verdicts. `completed`: exit 0 and the output passes the case's own check (every row
out, every input cell as it came). `refused`: a one-line `disclosure: error:` naming the problem, a non-zero exit
and nothing left at the output path. Anything else fails the case: an exception that escapes (a traceback), a run
past `HANG_S` (a hang), or a check that finds rows missing or values changed.
"""

from __future__ import annotations

import signal
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pandas as pd
from click.testing import Result
from typer.testing import CliRunner

from disclosure.cli import app
from disclosure.io import open_table
from disclosure.schema import DETECTOR_LABELS

HANG_S = 60
"""A command that has not answered in this many seconds hangs (the slowest case here takes a few)."""

FAST = ["--model", "fast"]
"""The model every case scores with: the routes and the file handling do not depend on which."""

runner = CliRunner()


class Hang(Exception):
    """A command ran past `HANG_S`."""


@contextmanager
def within(seconds: int = HANG_S) -> Iterator[None]:
    """Raise `Hang` in the test if the block runs past `seconds`."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no answer in {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(args: Sequence[str], stdin: str | bytes | None = None) -> Result:
    """Run `disclosure ARGS` in process; an exception other than the exit is a traceback and fails the case. The
    warnings it gave a person are in `result.warned`."""
    with within(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = runner.invoke(app, [str(a) for a in args], input=stdin)
    result.warned = [str(w.message) for w in caught]  # type: ignore[attr-defined]
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback from disclosure {' '.join(map(str, args))}") from result.exception
    assert "Traceback" not in result.output
    return result


def refused(result: Result, *fragments: str, output: Path | None = None) -> None:
    """The command said no, in one line that holds `fragments`, and left nothing at `output`."""
    assert result.exit_code != 0, result.output
    assert "disclosure: error:" in result.output, result.output
    for fragment in fragments:
        assert fragment in result.output, (fragment, result.output)
    if output is not None:
        assert not output.exists(), f"{output} left behind after a refusal"


def completed(result: Result) -> None:
    assert result.exit_code == 0, result.output


def cells(path: Path | str, column: str = "text") -> list[object]:
    """The cells of `column` as the package reads them (text kept as text); empty cells as ''."""
    frame = open_table(str(path)).frame()
    return ["" if value is None or (isinstance(value, float) and pd.isna(value)) else value for value in frame[column]]


def scored_exactly(source: Path, output: Path, column: str = "text") -> pd.DataFrame:
    """Every input row came out, in order, with its text as it went in and a status and the detector columns."""
    written = open_table(str(output)).frame()
    assert cells(output, column) == cells(source, column), "text changed on the way through"
    assert {"status", *DETECTOR_LABELS} <= set(written.columns)
    assert written["status"].notna().all()
    return written
