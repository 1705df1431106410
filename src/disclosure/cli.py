"""The `disclosure` command line: argument parsing only; each command is one call into the Python API."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import numpy as np
import pandas as pd
import typer
from tqdm import tqdm

from . import io
from .errors import DisclosureError, InputError, message

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Measure, explain and model self-disclosure in text. Everything runs on this machine; nothing is sent anywhere.",
)

ModelOption = Annotated[
    str, typer.Option("--model", "-m", help="Shipped model name (default, ...) or a directory made by 'disclosure train'.")
]
FormatOption = Annotated[
    Optional[str], typer.Option("--format", help="Input format: csv, tsv, jsonl, parquet or txt (default: from extension).")
]
TextColumnOption = Annotated[str, typer.Option("--text-column", help="Column holding the utterances.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


def _fail(err: DisclosureError) -> None:
    typer.echo(f"disclosure: error: {err}", err=True)
    raise typer.Exit(code=2)


@app.command()
def analyze(
    input: Annotated[str, typer.Argument(help="Utterance file (CSV, TSV, JSONL, Parquet or text); '-' for stdin.")],
    output: Annotated[str, typer.Option("--output", "-o", help="Output file; '-' (default) for stdout.")] = io.STDIO,
    text_column: TextColumnOption = "text",
    model: ModelOption = "default",
    fmt: FormatOption = None,
    output_format: Annotated[
        Optional[str], typer.Option("--output-format", help="Output format (default: from -o's extension).")
    ] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Utterances encoded together.")] = 64,
    quiet: QuietOption = False,
) -> None:
    """Score every utterance for self-disclosure and support; all input columns pass through unchanged."""
    from .analyzer import cached_analyzer

    try:
        in_fmt = io.detect_format(input, fmt, default="csv")
        out_fmt = io.detect_format(output, output_format, default="csv" if in_fmt == "txt" else in_fmt)
        if in_fmt == "txt":
            text_column = io.TEXT_FILE_COLUMN
        chunks = io.read_chunks(input, in_fmt)
        first = next(chunks)
        analyzer = cached_analyzer(model, batch_size)
        source = "standard input" if input == io.STDIO else f"'{input}'"
        with io.TableWriter(output, out_fmt) as writer, tqdm(
            unit=" utterances", disable=quiet, file=sys.stderr, mininterval=0.5
        ) as progress:
            for table in analyzer.pipe(_chain(first, chunks), text_column=text_column, source=source):
                writer.write(table)
                progress.update(len(table))
    except DisclosureError as err:
        _fail(err)


def _chain(first: pd.DataFrame, rest: "io.Iterator[pd.DataFrame]") -> "io.Iterator[pd.DataFrame]":
    yield first
    yield from rest


@app.command()
def train(
    data: Annotated[Path, typer.Option("--data", help="Folder holding CL-Aff OffMyChest train.csv.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model directory to write.")],
    layers: Annotated[int, typer.Option(help="Transformer layers kept (1-6); fewer is faster.")] = 6,
    epochs: Annotated[int, typer.Option(help="Passes over the training data.")] = 3,
    quantize: Annotated[bool, typer.Option(help="Score with int8 linear layers (faster on CPU).")] = False,
    teacher: Annotated[
        Optional[str], typer.Option(help="A larger trained model to distil from (shipped name or directory).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed (training is deterministic).")] = 0,
) -> None:
    """Train a detector on CL-Aff OffMyChest train.csv (the shipped models are made this way: docs/model-card.md)."""
    from .analyzer import load_detector
    from .claff import read_split
    from .measure.detector import DisclosureDetector

    try:
        texts, labels = read_split(data, "train")
        mentor = load_detector(teacher) if teacher else None
    except DisclosureError as err:
        _fail(err)
    detector = DisclosureDetector(layers=layers, epochs=epochs, quantize=quantize, random_state=seed)
    detector.fit(texts, labels, teacher=mentor, verbose=True)
    detector.save(output)
    typer.echo(f"Wrote {output} (thresholds {dict(zip(detector.labels, detector.thresholds_.round(2)))})")


@app.command()
def evaluate(
    input: Annotated[str, typer.Argument(help="File with texts and human labels.")],
    label: Annotated[
        list[str], typer.Option("--label", "-l", help="COLUMN=FIELD: our column, the field with human 0/1 codes.")
    ],
    text_column: TextColumnOption = "text",
    model: ModelOption = "default",
    fmt: FormatOption = None,
    threshold: Annotated[
        str, typer.Option(help="Decision threshold: a number, or 'model' for each label's shipped threshold.")
    ] = "0.5",
    json_output: Annotated[Optional[Path], typer.Option("--json", help="Also write the results as JSON.")] = None,
) -> None:
    """Agreement with human codes: accuracy, macro-F1, AUROC, Cohen's kappa and calibration error (ECE)."""
    from .analyzer import cached_analyzer
    from .evaluation import agreement
    from .schema import DETECTOR_LABELS

    try:
        pairs = [_label_pair(spec, DETECTOR_LABELS) for spec in label]
        frame = pd.concat(list(io.read_chunks(input, io.detect_format(input, fmt))), ignore_index=True)
        analyzer = cached_analyzer(model, 64)
        scored = analyzer.annotate(frame, text_column=text_column, source=f"'{input}'")
        rows = []
        for ours, field in pairs:
            if field not in frame.columns:
                raise InputError(message("unknown_column", column=field, source=f"'{input}'", columns=list(frame.columns)))
            keep = scored["status"] == "ok"
            truth = _binary(frame.loc[keep, field], field)
            cut = float(analyzer.detector.thresholds_[DETECTOR_LABELS.index(ours)]) if threshold == "model" else _number(threshold)
            rows.append(agreement(ours, truth, scored.loc[keep, ours].to_numpy(float), cut).as_dict())
    except DisclosureError as err:
        _fail(err)
    table = pd.DataFrame(rows).set_index("column")
    typer.echo(table.to_string(float_format=lambda v: f"{v:.3f}"))
    if json_output is not None:
        json_output.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


def _label_pair(spec: str, options: tuple[str, ...]) -> tuple[str, str]:
    ours, sep, field = spec.partition("=")
    if not sep or ours not in options or not field:
        raise InputError(message("bad_label_spec", spec=spec, options=options))
    return ours, field


def _binary(values: pd.Series, field: str) -> np.ndarray:
    mapping = {"1": 1, "0": 0, "yes": 1, "no": 0, "true": 1, "false": 0, "1.0": 1, "0.0": 0}
    coded = values.astype(str).str.strip().str.lower().map(mapping)
    if coded.isna().any():
        raise InputError(message("bad_label_values", field=field, values=sorted(set(values[coded.isna()].astype(str)))[:5]))
    return coded.to_numpy(int)


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise InputError(f"--threshold must be a number between 0 and 1 or 'model', got '{text}'.")
    return value


@app.command()
def columns() -> None:
    """Print the reference of every output column (the content of docs/columns.md)."""
    from .schema import to_markdown

    typer.echo(to_markdown(), nl=False)


def main() -> None:
    """Console-script entry point."""
    app()
