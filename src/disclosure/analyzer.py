"""`Analyzer`: load a model once, then add the measurement columns to tables of utterances, chunk by chunk."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .constants import DEFAULT_BATCH_SIZE, DEFAULT_MODEL, NO_LANGUAGE, SUPPORTED_LANGUAGES, UNDETERMINED_LANGUAGE
from .errors import InputError, message
from .io import collision_free, holds_surrogate, require_columns
from .measure.detectors import (
    load_detector,
    model_directory,
)
from .measure.explanation import check_explainable, explain_row
from .measure.language import identify
from .measure.registry import Measure, output_columns, registered
from .schema import (
    DETECTOR_LABELS,
    LIST_DTYPE,
    PRIVACY_SCAN_LIMIT,
    SCORED_STATUSES,
    STATUS_EMPTY,
    STATUS_FORCED_LANGUAGE,
    STATUS_INVALID_TEXT,
    STATUS_NO_LANGUAGE,
    STATUS_NOT_TEXT,
    STATUS_OK,
    STATUS_PRIVACY_CAPPED,
    STATUS_UNSUPPORTED_LANGUAGE,
)


def text_status(cell: object) -> str:
    """Why a cell can or cannot be scored: 'ok', 'empty text', 'not text' or invalid text (a lone surrogate)."""
    if not isinstance(cell, str):
        return STATUS_NOT_TEXT
    if holds_surrogate(cell):
        return STATUS_INVALID_TEXT
    return STATUS_OK if cell.strip() else STATUS_EMPTY


def language_status(
    status: str, language: str, *, any_language: bool = False, supported: Sequence[str] = SUPPORTED_LANGUAGES
) -> str:
    """A readable row's status once its language is known: not scored in a language outside `supported` (the
    model's languages), nor without language (emoji, symbols, code), unless `any_language`, and then scored with a
    status that still says so. Undetermined rows are scored."""
    if status != STATUS_OK or language in supported or language == UNDETERMINED_LANGUAGE:
        return status
    if any_language:
        return STATUS_FORCED_LANGUAGE
    return STATUS_NO_LANGUAGE if language == NO_LANGUAGE else STATUS_UNSUPPORTED_LANGUAGE


PIPELINE_ROWS = 256
"""Cells per piece when `Analyzer.measure` overlaps the encoder with the measures (see there)."""


class Encoded(NamedTuple):
    """What the encoder read of one call's cells (`Analyzer.encode`), for `Analyzer.measure_encoded` to finish."""

    status: list[str]
    """Each cell's status (see `schema`): whether and how it is scored."""
    language: list[str | None]
    """Each cell's language code (None where the cell could not be read)."""
    scored: list[int]
    """The positions of the cells that are scored."""
    texts: list[str]
    """Their texts."""
    probabilities: np.ndarray
    """The detector's probabilities, one row per scored cell."""
    embeddings: np.ndarray
    """Sentence vectors (no columns when the analyzer has no measures beyond the detector's)."""
    context: np.ndarray | None
    """The vectors of the scored cells' previous turns (None without measures)."""


class Analyzer:
    """Scores utterances with one loaded model.

    Parameters
    ----------
    model : str or Path
        A shipped model name (see `shipped_models()`) or a directory made by `disclosure train`.
    batch_size : int
        Utterances encoded together; larger is faster up to memory limits.
    theory : bool
        Add the columns of every registered measure (`measure.registry`: the theory columns depth, breadth,
        valence, motive, system, privacy risk, and any measure registered beside them) after the detector's.
        Without them only `status` and the five detector probabilities are written, which is faster.
    device : str
        Where the detector's network runs: 'cpu', or 'cuda' (an NVIDIA GPU, with ONNX Runtime's GPU build from the
        `gpu` extra). The fast and multilingual tiers run on the CPU whatever it says.
    any_language : bool
        Score rows whose `language` the model does not support too (its detector's `languages`: English, or
        `constants.MULTILINGUAL_LANGUAGES` for the `multilingual` model), and rows with no language in them (emoji,
        symbols, source code); their status says so. By default they are kept with empty scores.

    Examples
    --------
    >>> analyzer = Analyzer()
    >>> analyzer.analyze(["I was diagnosed with diabetes last year.", "The bus is late."])  # doctest: +SKIP
    """

    def __init__(
        self,
        model: str | Path = DEFAULT_MODEL,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        theory: bool = True,
        device: str = "cpu",
        any_language: bool = False,
    ) -> None:
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
            raise InputError.about("batch_size", "bad_batch_size", value=batch_size)
        self.model = model
        self.batch_size = batch_size
        self.theory = theory
        self.device = device
        self.any_language = any_language
        self.detector = load_detector(model, device=device)
        self.measures: tuple[Measure, ...] = ()
        if theory:
            directory = model_directory(model)
            self.measures = tuple(measure.load(directory) for measure in registered())
        declared = output_columns(theory)
        self.columns: tuple[str, ...] = tuple(c.name for c in declared)
        """The columns this analyzer appends, in order."""
        self.list_columns: tuple[str, ...] = tuple(c.name for c in declared if c.dtype == LIST_DTYPE)
        """Those of them that hold lists (written as lists in Parquet and JSONL, ';'-joined in CSV and TSV)."""

    def measure(
        self, cells: Sequence[object], previous: Sequence[object] | None = None, *, any_language: bool | None = None
    ) -> pd.DataFrame:
        """The output columns (`columns`) for a sequence of text cells; unscorable cells get empty scores.

        `previous`, one cell per cell, is the turn each utterance answers (empty or missing where there is none):
        the theory columns read an utterance with it, so a bare "yes" to a personal question counts as the answer
        it is. A row's scores depend on its own text and its previous turn only, never on the other rows.
        `any_language`, when given, overrides the analyzer's own for this call (a server shares one analyzer).

        More than `PIPELINE_ROWS` cells are read in pieces of that size, two at a time: while the measures of one
        piece run (Python: the theory heads, the privacy scan), the encoder reads the next on another thread (ONNX
        Runtime leaves the interpreter free), so both cores work.
        """
        _check_aligned(cells, previous)
        starts = range(0, len(cells), PIPELINE_ROWS)
        if len(starts) <= 1:
            return self.measure_encoded(self.encode(cells, previous, any_language=any_language))
        pieces = [
            (cells[i : i + PIPELINE_ROWS], None if previous is None else previous[i : i + PIPELINE_ROWS])
            for i in starts
        ]
        encoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="disclosure-encoder")
        try:
            read = [encoder.submit(self.encode, piece, before, any_language=any_language) for piece, before in pieces]
            parts = [self.measure_encoded(done.result()) for done in read]
        finally:
            encoder.shutdown(wait=True, cancel_futures=True)
        return pd.concat(parts, ignore_index=True)

    def encode(
        self, cells: Sequence[object], previous: Sequence[object] | None = None, *, any_language: bool | None = None
    ) -> Encoded:
        """The first of `measure`'s two stages: each cell's status and language, and for the scored ones the
        detector's probabilities and sentence vectors (and their previous turns' vectors).

        This stage is the encoder's (ONNX Runtime, which leaves the interpreter free); `measure_encoded`, the
        second, is Python's. One thread may encode a call while another finishes the last one: that is how
        `measure` and the server keep two cores busy. Arguments as in `measure`.
        """
        _check_aligned(cells, previous)
        forced = self.any_language if any_language is None else any_language
        status = [text_status(cell) for cell in cells]
        readable = [i for i, s in enumerate(status) if s == STATUS_OK]
        language: list[str | None] = [None] * len(cells)
        for i, code in zip(readable, identify([str(cells[i]) for i in readable]), strict=True):
            language[i] = code
            status[i] = language_status(status[i], code, any_language=forced, supported=self.detector.languages)
        scored = [i for i, s in enumerate(status) if s in SCORED_STATUSES]
        texts = [str(cells[i]) for i in scored]
        if not self.measures:
            probabilities = self.detector.predict_proba(texts, batch_size=self.batch_size)
            return Encoded(status, language, scored, texts, probabilities, np.empty((len(texts), 0)), None)
        status = [
            STATUS_PRIVACY_CAPPED if s == STATUS_OK and len(str(cells[i])) > PRIVACY_SCAN_LIMIT else s
            for i, s in enumerate(status)
        ]
        before = _previous_turns(previous, scored)
        embeddings, probabilities, context = self.detector.embed_in_context(texts, before, batch_size=self.batch_size)
        return Encoded(status, language, scored, texts, probabilities, embeddings, context)

    def measure_encoded(self, encoded: Encoded) -> pd.DataFrame:
        """The second of `measure`'s two stages: the output columns (`columns`) of the cells `encode` read."""
        rows = len(encoded.status)
        everyone = len(encoded.scored) == rows
        detector = pd.DataFrame(
            encoded.probabilities,
            columns=list(DETECTOR_LABELS),
            index=pd.RangeIndex(rows) if everyone else encoded.scored,
        )
        measured = [detector] + [
            measure(encoded.texts, encoded.embeddings, detector, encoded.context).set_axis(detector.index)
            for measure in self.measures
        ]
        if not everyone:  # the unscored rows get empty scores
            measured = [table.reindex(range(rows)) for table in measured]
        read = pd.DataFrame({"status": encoded.status, "language": pd.Series(encoded.language, dtype=object)})
        out = pd.concat([read, *measured], axis=1)
        # Built once, in order: a table grown column by column costs more than the measures on a small batch.
        return out if tuple(out.columns) == self.columns else out[list(self.columns)]

    def analyze(
        self, data: Iterable[str] | pd.DataFrame, *, text_column: str = "text", context_column: str | None = None
    ) -> pd.DataFrame:
        """Return the input (a DataFrame, or a list of texts) with the measurement columns appended.

        Every input row comes out, in order; the input's columns are unchanged and the caller's
        DataFrame is never modified. A measurement whose name the input already uses is written with a
        suffix (see `renamed`), and a `UserWarning` says so. `context_column` names a column holding the turn each
        utterance answers (see `measure`).
        """
        frame = as_table(data, text_column)
        renamed = self.renamed(frame.columns)
        if renamed:
            warnings.warn(
                message("renamed_columns", columns=list(renamed), renamed=list(renamed.values())), stacklevel=2
            )
        return self.annotate(frame, text_column=text_column, source="the table", context_column=context_column)

    def renamed(self, columns: Iterable[object]) -> dict[str, str]:
        """The measurement columns that a table with `columns` already uses, and the names they are written as."""
        return collision_free(columns, self.columns)

    def annotate(
        self, frame: pd.DataFrame, *, text_column: str, source: str, context_column: str | None = None
    ) -> pd.DataFrame:
        """`frame` plus the output columns (renamed where `frame` uses their names); `source` names the input in
        error messages; `context_column`, if given, holds each utterance's previous turn."""
        require_columns(frame.columns, [text_column] + ([context_column] if context_column else []), source)
        duplicated = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
        if duplicated:
            raise InputError(message("duplicate_columns", source=source, columns=duplicated))
        cells = frame[text_column].tolist()
        previous = frame[context_column].tolist() if context_column else None
        measured = self.measure(cells, previous).rename(columns=self.renamed(frame.columns))
        measured.index = frame.index
        return pd.concat([frame, measured], axis=1)

    def pipe(
        self,
        chunks: Iterable[pd.DataFrame],
        *,
        text_column: str = "text",
        source: str = "the table",
        context_column: str | None = None,
    ) -> Iterator[pd.DataFrame]:
        """Annotate a stream of DataFrame chunks lazily (memory stays flat in the input size)."""
        for chunk in chunks:
            yield self.annotate(chunk, text_column=text_column, source=source, context_column=context_column)


def _check_aligned(cells: Sequence[object], previous: Sequence[object] | None) -> None:
    """Refuse previous turns that are not one per cell."""
    if previous is not None and len(previous) != len(cells):
        raise InputError(message("context_misaligned", texts=len(cells), previous=len(previous)))


def _previous_turns(previous: Sequence[object] | None, scored: list[int]) -> list[str]:
    """For each scored row, the text of its previous turn (aligned by `Analyzer.encode`), or '' where there is none
    or it cannot be read."""
    if previous is None:
        return [""] * len(scored)
    return [str(previous[i]) if text_status(previous[i]) == STATUS_OK else "" for i in scored]


def as_table(data: Iterable[str] | pd.DataFrame, text_column: str) -> pd.DataFrame:
    """`data` as a DataFrame: a DataFrame as it is, an ordered sequence of texts as the column `text_column`.

    Refused: a single string, a dict (its keys would be scored as texts) and unordered collections such as a
    set (rows would come out in a different order on each run).
    """
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, Mapping):
        raise InputError(message("dict_input"))
    if isinstance(data, (set, frozenset)):
        raise InputError(message("unordered_input", got=type(data).__name__))
    if isinstance(data, (str, bytes)) or not isinstance(data, Iterable):
        raise InputError(message("not_text_input", got=type(data).__name__))
    return pd.DataFrame({text_column: pd.Series(list(data), dtype=object)})


def cached_analyzer(
    model: str | Path = DEFAULT_MODEL,
    batch_size: int = DEFAULT_BATCH_SIZE,
    theory: bool = True,
    device: str = "cpu",
    any_language: bool = False,
) -> Analyzer:
    """One `Analyzer` per (model, batch size, theory, device, any_language) per process, shared by every part of the
    package, so repeated calls load the model and its theory heads once. A model directory whose files change (retrained
    heads, say) is loaded afresh."""
    directory = model_directory(model)
    files = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in directory.iterdir() if p.is_file()))
    return _loaded_analyzer(str(model), files, batch_size, theory, device, any_language)


@lru_cache(maxsize=4)
def _loaded_analyzer(
    model: str,
    files: tuple[tuple[str, int, int], ...],
    batch_size: int,
    theory: bool,
    device: str,
    any_language: bool,
) -> Analyzer:
    """`files` (name, modification time, size) is part of the cache key only, so changed files miss the cache."""
    return Analyzer(model, batch_size=batch_size, theory=theory, device=device, any_language=any_language)


def analyze(
    data: Iterable[str] | pd.DataFrame,
    *,
    text_column: str = "text",
    model: str | Path = DEFAULT_MODEL,
    batch_size: int = DEFAULT_BATCH_SIZE,
    device: str = "cpu",
    context_column: str | None = None,
    any_language: bool = False,
) -> pd.DataFrame:
    """Measure self-disclosure in each utterance; see `Analyzer.analyze` (and `Analyzer` for `any_language`). The
    model is loaded once per process."""
    analyzer = cached_analyzer(model, batch_size, device=device, any_language=any_language)
    return analyzer.analyze(data, text_column=text_column, context_column=context_column)


def explain(text: str, analyzer: Analyzer, previous: str | None = None, *, any_language: bool | None = None) -> str:
    """A plain-language report of every column for `text` (read as the answer to `previous`, if given) and the
    evidence behind each, from its row as `analyzer` scores it: the sentence is scored once. A text in a language
    the measures were not validated on is refused unless `any_language` (default: the analyzer's own)."""
    check_explainable(text)
    if not analyzer.measures:
        raise InputError(message("no_measures_to_explain"))
    row = analyzer.measure([text], None if previous is None else [previous], any_language=any_language).iloc[0]
    return explain_row(text, row)
