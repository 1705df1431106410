"""The `disclosure` command line: argument parsing only; each command is one call into the Python API."""

from __future__ import annotations

import glob
import json
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import numpy as np
import pandas as pd
import typer
from tqdm import tqdm

from . import io
from .dynamics.turns import DEFAULT_HELPER_ROLES
from .errors import DisclosureError, InputError, message
from .schema import COLUMNS, LIST_DTYPE

if TYPE_CHECKING:
    from .dynamics.pipeline import ConversationOptions

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
    str | None, typer.Option("--format", help="Input format: csv, tsv, jsonl, parquet or txt (default: from extension).")
]
TextColumnOption = Annotated[str, typer.Option("--text-column", help="Column holding the utterances.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no closing line.")]
OutputOption = Annotated[
    str, typer.Option("--output", "-o", help="Output file (.csv, .tsv, .jsonl, .parquet, .xlsx); '-' (default) for stdout.")
]
EncodingOption = Annotated[
    str, typer.Option("--encoding", help="Text encoding of the input (default: UTF-8, with or without a BOM).")
]
KeepFormulasOption = Annotated[
    bool,
    typer.Option(
        "--keep-formulas",
        help="Write cells starting with =, +, - or @ as they are (by default a leading ' stops spreadsheets running them).",
    ),
]
MeasuredInputArgument = Annotated[
    str, typer.Argument(help="Utterance file (raw or already analysed) or a ConvoKit corpus folder.")
]
ConversationColumnOption = Annotated[
    str | None, typer.Option("--conversation-column", help="Column with the conversation id (default: conversation).")
]
SpeakerColumnOption = Annotated[str | None, typer.Option("--speaker-column", help="Column with the speaker (default: speaker).")]
RoleColumnOption = Annotated[str | None, typer.Option("--role-column", help="Column with each speaker's role (therapist, client, ...).")]
TurnColumnOption = Annotated[
    str | None, typer.Option("--turn-column", help="Column with turn numbers or times (default: the file order).")
]
HelperRolesOption = Annotated[
    str, typer.Option("--helper-roles", help="Comma-separated roles monitored as helpers.")
]
ResponseOption = Annotated[
    list[str] | None,
    typer.Option("--response", help="COLUMN=VALUE code of a reply to test as reinforcement (repeatable).")
]
ConversationTextOption = Annotated[str | None, typer.Option("--text-column", help="Column holding the utterances (default: text).")]
InputFormatOption = Annotated[
    str | None, typer.Option("--input-format", help="Input format (default: from extension; a folder is a ConvoKit corpus).")
]
_HELPERS = ",".join(DEFAULT_HELPER_ROLES)
EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="Where to score: local (this process) or ray (actors on a Ray cluster, disclosure[ray]). A folder or "
        "glob of shards is written as a folder of Parquet parts and a manifest; rerun to finish an interrupted run.",
    ),
]
AddressOption = Annotated[
    str | None, typer.Option("--address", help="Ray cluster address (default: start Ray here, on all cores).")
]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", help="Scoring processes, each with the model loaded (default: all cores).")
]


def _conversation_options(
    conversation: str | None,
    speaker: str | None,
    role: str | None,
    turn: str | None,
    text: str | None,
    helper_roles: str,
    responses: list[str] | None,
) -> ConversationOptions:
    """The API keywords for the options `conversations` and `report` share (helper roles come comma-separated)."""
    return {
        "conversation_column": conversation,
        "speaker_column": speaker,
        "role_column": role,
        "turn_column": turn,
        "text_column": text,
        "helper_roles": helper_roles.split(","),
        "responses": responses or (),
    }


def _fail(err: DisclosureError, code: int = 2) -> NoReturn:
    typer.echo(f"disclosure: error: {err}", err=True)
    raise typer.Exit(code=code)


@app.command()
def analyze(
    input: Annotated[str, typer.Argument(help="Utterance file (CSV, TSV, JSONL, Parquet, Excel or text); '-' for stdin.")],
    output: OutputOption = io.STDIO,
    text_column: TextColumnOption = "text",
    model: ModelOption = "default",
    fmt: FormatOption = None,
    encoding: EncodingOption = io.DEFAULT_ENCODING,
    output_format: Annotated[
        str | None, typer.Option("--output-format", help="Output format (default: from -o's extension).")
    ] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Utterances encoded together.")] = 64,
    quiet: QuietOption = False,
    detector_only: Annotated[
        bool, typer.Option("--detector-only", help="Only the five detector probabilities (faster: no theory columns).")
    ] = False,
    keep_formulas: KeepFormulasOption = False,
    engine: EngineOption = "local",
    address: AddressOption = None,
    workers: WorkersOption = None,
) -> None:
    """Score every utterance for self-disclosure and support; all input columns pass through unchanged."""
    from .analyzer import cached_analyzer

    if engine != "local" or address is not None or _is_corpus(input):
        _analyze_corpus(
            input, output, engine=engine, address=address, workers=workers, model=model, batch_size=batch_size,
            theory=not detector_only, text_column=text_column, input_format=fmt, output_format=output_format,
            encoding=encoding, quiet=quiet,
        )
        return
    with _writing(output):
        table, out_fmt, text_column = _table_io(input, output, fmt, output_format, text_column, encoding)
        analyzer = cached_analyzer(model, batch_size, not detector_only)
        _note_renamed(analyzer.renamed(table.columns))
        lists = [c.name for c in COLUMNS if c.dtype == LIST_DTYPE]
        rounded = [analyzer.renamed(table.columns).get(c, c) for c in analyzer.columns]
        with io.TableWriter(
            output, out_fmt, list_columns=lists, rounded=rounded, types=table.arrow_types, keep_formulas=keep_formulas
        ) as writer, _progress(table, quiet) as progress:
            for scored in analyzer.pipe(table.chunks(), text_column=text_column, source=table.name):
                writer.write(scored)
                progress.update(len(scored))
        _wrote(writer.rows, output, quiet)


def _is_corpus(input: str) -> bool:
    return input != io.STDIO and (Path(input).is_dir() or glob.has_magic(input))


def _analyze_corpus(
    input: str, output: str, *, output_format: str | None, quiet: bool, **options: Any
) -> None:
    """`analyze` for a folder or glob of shards (or any input on Ray): Parquet parts and a manifest in a folder."""
    from .engines.corpus import analyze_corpus

    with _writing(output):
        if output == io.STDIO or output_format not in (None, "parquet"):
            raise InputError(message("corpus_output", path=output))
        with tqdm(unit=" utterances", disable=quiet, file=sys.stderr, mininterval=0.5) as progress:
            manifest = analyze_corpus(input, output, on_part=lambda part: progress.update(part.rows_out), **options)
    totals = manifest.as_json()["totals"]
    _wrote(totals["rows_out"], output, quiet)
    if manifest.failed:
        details = " ".join(f"'{shard.path}': {shard.error}" for shard in manifest.failed)
        _fail(InputError(message("failed_shards", n=len(manifest.failed), manifest=manifest.path, details=details)), 1)


@contextmanager
def _writing(output: str | Path) -> Iterator[None]:
    """Turn a refusal, a failed write or an interruption into one line for a person and a non-zero exit."""
    try:
        yield
    except DisclosureError as err:
        _fail(err)
    except KeyboardInterrupt:
        _fail(InputError(message("interrupted", path=output)), code=130)
    except OSError as err:
        _fail(InputError(message("write_failed", path=output, reason=err.strerror or err)))


def _table_io(
    input: str, output: str, fmt: str | None, output_format: str | None, text_column: str, encoding: str
) -> tuple[io.InputTable, str, str]:
    """The checked input, the output format and the text column (fixed for plain text), all settled before any
    model loads: a bad column, format or output path is refused at once."""
    table = io.open_table(input, fmt, encoding=encoding)
    out_fmt = io.output_format(output, output_format, default="csv" if table.fmt == "txt" else table.fmt)
    io.check_output(output, inputs=[input])
    table.check_output_format(out_fmt, output)
    column = io.TEXT_FILE_COLUMN if table.fmt == "txt" else text_column
    io.require_columns(table.columns, [column], table.name)
    return table, out_fmt, column


def _progress(table: io.InputTable, quiet: bool) -> tqdm[None]:
    """A progress bar over the input's rows, with the total (and so an ETA)."""
    return tqdm(total=table.rows, unit=" utterances", disable=quiet, file=sys.stderr, mininterval=0.5)


def _note_renamed(renamed: dict[str, str]) -> None:
    if renamed:
        typer.echo(
            "note: " + message("renamed_columns", columns=list(renamed), renamed=list(renamed.values())), err=True
        )


def _wrote(rows: int, output: str | Path, quiet: bool) -> None:
    if not quiet:
        where = "standard output" if str(output) == io.STDIO else f"'{output}'"
        typer.echo(f"Wrote {rows:,} row{'' if rows == 1 else 's'} to {where}.", err=True)


@app.command()
def train(
    data: Annotated[Path, typer.Option("--data", help="Folder holding CL-Aff OffMyChest train.csv.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model directory to write.")],
    layers: Annotated[int, typer.Option(help="Transformer layers kept (1-6); fewer is faster.")] = 6,
    epochs: Annotated[int, typer.Option(help="Passes over the training data.")] = 3,
    quantize: Annotated[bool, typer.Option(help="Score with int8 linear layers (faster on CPU).")] = False,
    teacher: Annotated[
        str | None, typer.Option(help="A larger trained model to distil from (shipped name or directory).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed (training is deterministic).")] = 0,
    kind: Annotated[
        str, typer.Option(help="'transformer' (fine-tuned MiniLM) or 'hashed_words' (the fast linear tier).")
    ] = "transformer",
) -> None:
    """Train a detector on CL-Aff OffMyChest train.csv (the shipped models are made this way: docs/model-card.md)."""
    from .analyzer import Detector, load_detector
    from .claff import read_split
    from .measure.detector import DisclosureDetector
    from .measure.hashed_words import HashedWordsDetector

    try:
        texts, labels = read_split(data, "train")
        mentor = load_detector(teacher) if teacher else None
        if kind not in ("transformer", "hashed_words"):
            raise InputError(f"--kind must be 'transformer' or 'hashed_words', got '{kind}'.")
    except DisclosureError as err:
        _fail(err)
    detector: Detector = (
        HashedWordsDetector(random_state=seed)
        if kind == "hashed_words"
        else DisclosureDetector(layers=layers, epochs=epochs, quantize=quantize, random_state=seed)
    )
    detector.fit(texts, labels, teacher=mentor, verbose=True)
    detector.save(output)
    thresholds = ", ".join(f"{label} {t:.2f}" for label, t in zip(detector.labels, detector.thresholds_))
    typer.echo(f"Wrote {output} (thresholds chosen on held-out training data: {thresholds})")


@app.command("train-theory")
def train_theory(
    coded: Annotated[Path, typer.Option("--coded", help="Folder of the coded corpus (items.csv, adjudicated.csv).")],
    annomi: Annotated[
        Path | None, typer.Option("--annomi", help="AnnoMI-simple.csv, for the AnnoMI items' texts.")
    ] = None,
    model: ModelOption = "default",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Model directory to write (default: the model's own).")
    ] = None,
) -> None:
    """Train a model's theory heads on the coded corpus's training split (the shipped heads are made this way)."""
    from .measure.theory_training import train_theory as fit_heads

    try:
        written = fit_heads(
            model, items=coded / "items.csv", codes=coded / "adjudicated.csv", annomi=annomi, output=output
        )
    except DisclosureError as err:
        _fail(err)
    typer.echo(f"Wrote the theory heads to {written}")


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
    json_output: Annotated[Path | None, typer.Option("--json", help="Also write the results as JSON.")] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Also draw a reliability diagram (PNG).")] = None,
) -> None:
    """Agreement with human codes: accuracy, macro-F1, AUROC, Cohen's kappa and calibration error (ECE)."""
    from .analyzer import cached_analyzer
    from .evaluation import agreement, reliability_curve, reliability_figure
    from .schema import DETECTOR_LABELS

    try:
        _checked_output(json_output, [input], "the results", ("json",))
        _checked_output(plot, [input], "the diagram", ("png",))
        frame, pairs = _coded_file(input, fmt, label, text_column)
        analyzer = cached_analyzer(model, 64, False)
        scored = analyzer.annotate(frame, text_column=text_column, source=f"'{input}'")
        rows, curves = [], {}
        for ours, field in pairs:
            keep = scored["status"] == "ok"
            truth = _binary(frame.loc[keep, field], field)
            cut = float(analyzer.detector.thresholds_[DETECTOR_LABELS.index(ours)]) if threshold == "model" else _number(threshold)
            probability = scored.loc[keep, ours].to_numpy(float)
            rows.append(agreement(ours, truth, probability, cut).as_dict())
            curves[ours] = reliability_curve(truth, probability)
    except DisclosureError as err:
        _fail(err)
    table = pd.DataFrame(rows).set_index("column")
    typer.echo(table.to_string(float_format=lambda v: f"{v:.3f}"))
    with _writing(json_output or plot or ""):
        if json_output is not None:
            io.write_text(json_output, json.dumps(rows, indent=2) + "\n")
        if plot is not None:
            with io.atomic_path(plot) as temporary:
                reliability_figure(curves).savefig(temporary, format="png", dpi=110, bbox_inches="tight")


@app.command()
def recalibrate(
    input: Annotated[str, typer.Argument(help="File with texts and your hand codes (a random sample of your corpus).")],
    label: Annotated[
        list[str], typer.Option("--label", "-l", help="COLUMN=FIELD: our column, the field with your 0/1 codes.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="New model folder to write.")],
    text_column: TextColumnOption = "text",
    model: ModelOption = "default",
    fmt: FormatOption = None,
) -> None:
    """Refit a model's probabilities and thresholds to hand codes of your own corpus (weights unchanged)."""
    from .analyzer import text_status
    from .recalibration import recalibrate as refit
    from .schema import DETECTOR_LABELS

    try:
        frame, pairs = _coded_file(input, fmt, label, text_column)
        coded = frame[[text_status(cell) == "ok" for cell in frame[text_column]]]
        codes = {ours: _binary(coded[field], field) for ours, field in pairs}
        written = refit(coded[text_column].tolist(), codes, output, model=model)
    except DisclosureError as err:
        _fail(err)
    config = json.loads((written / "config.json").read_text(encoding="utf-8"))
    for ours, _ in pairs:
        j = DETECTOR_LABELS.index(ours)
        typer.echo(
            f"{ours}: prevalence {codes[ours].mean():.3f}, temperature {config['temperature'][j]:.2f}, "
            f"offset {config['offset'][j]:+.2f}, threshold {config['thresholds'][j]:.2f}"
        )
    typer.echo(f"Wrote {written}: use it with --model {written}")


def _coded_file(
    path: str, fmt: str | None, label: list[str], text_column: str
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """A file of texts with human codes, and its (our column, code field) pairs, checked before anything is scored."""
    from .schema import DETECTOR_LABELS

    pairs = [_label_pair(spec, DETECTOR_LABELS) for spec in label]
    table = io.open_table(path, fmt)
    io.require_columns(table.columns, [text_column, *(field for _, field in pairs)], table.name)
    return table.frame(), pairs


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
    return np.asarray(coded.to_numpy(int), dtype=np.int64)


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


@app.command()
def conversations(
    input: Annotated[str, typer.Argument(help="Utterance file (one row per utterance) or a ConvoKit corpus folder.")],
    out_dir: Annotated[Path, typer.Option("--out-dir", help="Folder for utterances, speakers, conversations, effects.")],
    conversation_column: ConversationColumnOption = None,
    speaker_column: SpeakerColumnOption = None,
    role_column: RoleColumnOption = None,
    turn_column: TurnColumnOption = None,
    text_column: ConversationTextOption = None,
    helper_roles: HelperRolesOption = _HELPERS,
    response: ResponseOption = None,
    model: ModelOption = "default",
    input_format: InputFormatOption = None,
    output_format: Annotated[str, typer.Option("--format", help="Output tables: csv, tsv, jsonl or parquet.")] = "csv",
    convokit_out: Annotated[
        Path | None, typer.Option("--convokit-out", help="Also write a ConvoKit corpus with the measures as metadata.")
    ] = None,
    engine: EngineOption = "local",
    address: AddressOption = None,
    workers: WorkersOption = None,
) -> None:
    """Reciprocity, penetration, reinforcement and the helper monitor per utterance, speaker and conversation."""
    from .dynamics.pipeline import conversations as measure
    from .engines.conversations import conversations_corpus

    with _writing(out_dir):
        out_fmt = io.output_format(io.STDIO, output_format, default="csv")
        options = _conversation_options(
            conversation_column, speaker_column, role_column, turn_column, text_column, helper_roles, response
        )
        if engine != "local" or address is not None:
            tables = conversations_corpus(
                input, out_dir, engine=engine, address=address, workers=workers, model=model,
                input_format=input_format, **options,
            )
        else:
            tables = measure(input, model=model, input_format=input_format, **options)
        _note_renamed(tables.renamed)
        written = tables.write(out_dir, out_fmt)
        if convokit_out is not None:
            from .dynamics.corpus_files import write_corpus

            written.append(write_corpus(tables, convokit_out))
    for conversation, note in tables.notes.items():
        typer.echo(f"note: conversation {conversation}: {note}", err=True)
    typer.echo("\n".join(tables.effects["summary"]))
    typer.echo("Wrote " + ", ".join(map(str, written)))


@app.command()
def compare(
    input: MeasuredInputArgument,
    by: Annotated[str, typer.Option("--by", help="Column that defines the groups (e.g. gender, role).")],
    valence: Annotated[bool, typer.Option("--valence", help="Also test group x valence (positive vs negative).")] = False,
    conversation_column: ConversationColumnOption = None,
    speaker_column: SpeakerColumnOption = None,
    role_column: RoleColumnOption = None,
    turn_column: TurnColumnOption = None,
    text_column: ConversationTextOption = None,
    model: ModelOption = "default",
    input_format: InputFormatOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also write the group table (.csv, .tsv, .jsonl, .parquet, .xlsx).")
    ] = None,
) -> None:
    """Group differences in disclosure rate, depth, breadth and motive, clustered by speaker, with 95% CIs."""
    from .dynamics.pipeline import compare as compare_groups

    with _writing(output or ""):
        out_fmt = _checked_output(output, [input], "the group table", io.TABLE_FORMATS)
        result = compare_groups(
            input, by, valence=valence, conversation_column=conversation_column, speaker_column=speaker_column,
            role_column=role_column, turn_column=turn_column, text_column=text_column, model=model,
            input_format=input_format,
        )
        typer.echo("\n".join(result.summary))
        if output is not None and out_fmt is not None:
            with io.TableWriter(str(output), out_fmt) as writer:
                writer.write(result.groups)


def _checked_output(
    output: Path | None, inputs: list[str], what: str, formats: tuple[str, ...], default: str | None = None
) -> str | None:
    """The format of an output file (`default` for a name without extension), refused before any work when its
    name ends in an extension of none of `formats` or it cannot be written there."""
    if output is None:
        return None
    fmt = _OUTPUT_SUFFIXES.get(output.suffix.lower()) if output.suffix else default
    if fmt not in formats:
        options = [suffix for suffix, f in _OUTPUT_SUFFIXES.items() if f in formats]
        raise InputError(message("unsupported_output", what=what, path=output, options=options))
    io.check_output(output, inputs=inputs)
    return fmt


_OUTPUT_SUFFIXES = {**io.EXTENSIONS, ".html": "html", ".htm": "html", ".json": "json", ".png": "png"}
"""Every output a command writes, by file extension: tables, the HTML report, the fitted parameters, a figure."""


@app.command()
def report(
    input: MeasuredInputArgument,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")],
    by: Annotated[str | None, typer.Option("--by", help="Also compare groups by this column.")] = None,
    conversation_column: ConversationColumnOption = None,
    speaker_column: SpeakerColumnOption = None,
    role_column: RoleColumnOption = None,
    turn_column: TurnColumnOption = None,
    text_column: ConversationTextOption = None,
    helper_roles: HelperRolesOption = _HELPERS,
    response: ResponseOption = None,
    model: ModelOption = "default",
    input_format: InputFormatOption = None,
) -> None:
    """One self-contained HTML report (works offline, can be emailed): trajectories, onion, reciprocity, monitor."""
    from .reports.dynamics import report as write_report

    with _writing(output):
        _checked_output(output, [input], "the report", ("html",))
        options = _conversation_options(
            conversation_column, speaker_column, role_column, turn_column, text_column, helper_roles, response
        )
        path = write_report(input, output, by=by, model=model, input_format=input_format, **options)
    typer.echo(f"Wrote {path}")


@app.command()
def simulate(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Table to write, one row per dyad-turn (.parquet, .csv, .tsv, .jsonl, .xlsx).")
    ],
    dyads: Annotated[int, typer.Option("--dyads", help="Number of simulated relationships.")] = 1000,
    turns: Annotated[int, typer.Option("--turns", help="Turns per conversation.")] = 50,
    param: Annotated[
        list[str] | None, typer.Option("--param", help="NAME=VALUE, repeatable (see docs/model.md).")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same table.")] = 0,
    setting: Annotated[str, typer.Option("--setting", help="peers, or helping (person B is a helper).")] = "peers",
    report_path: Annotated[Path | None, typer.Option("--report", help="Also write an HTML summary.")] = None,
) -> None:
    """Simulate conversations with the motivational model of disclosure (reward vs cost, trust over time)."""
    from .model import Parameters, write_simulation

    with _writing(output):
        _checked_output(output, [], "the simulation", io.TABLE_FORMATS, default="parquet")
        _checked_output(report_path, [], "the summary", ("html",))
        rows = write_simulation(
            output, dyads, turns, Parameters().with_overrides(param or ()), seed=seed, setting=setting,
            report=report_path,
        )
    typer.echo(f"Wrote {output} ({rows:,} dyad-turns)" + (f" and {report_path}" if report_path else ""))


@app.command()
def fit(
    input: Annotated[str, typer.Argument(help="Utterance table written by 'disclosure conversations'.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSON file for the estimates.")],
    conversation_column: Annotated[str, typer.Option("--conversation-column")] = "conversation",
    speaker_column: Annotated[str, typer.Option("--speaker-column")] = "speaker",
    turn_column: Annotated[
        str | None, typer.Option("--turn-column", help="Orders utterances (default: file order).")
    ] = None,
    gender_column: Annotated[
        str | None, typer.Option("--gender-column", help="man/woman per utterance: also fits the gender term.")
    ] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", help="NAME=VALUE for the parameters held fixed (situation).")
    ] = None,
) -> None:
    """Estimate the model's motives, costs and trust dynamics from measured conversations (maximum likelihood)."""
    from .model import Parameters
    from .model import fit as fit_model

    with _writing(output):
        _checked_output(output, [input], "the estimates", ("json",))
        result = fit_model(
            input, conversation_column=conversation_column, speaker_column=speaker_column, turn_column=turn_column,
            gender_column=gender_column, fixed=Parameters().with_overrides(param or ()),
        )
        io.write_text(output, result.to_json())
    typer.echo(result.table().to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-"))
    typer.echo("\n".join(result.notes))
    unidentified = ", ".join(result.not_identified) or "none"
    typer.echo(
        f"Wrote {output} ({result.speaker_turns:,} speaker turns; converged: {result.converged}; "
        f"not identified by these conversations: {unidentified})"
    )


@app.command()
def redact(
    input: Annotated[str, typer.Argument(help="Utterance file (CSV, TSV, JSONL, Parquet, Excel or text); '-' for stdin.")],
    output: OutputOption = io.STDIO,
    text_column: TextColumnOption = "text",
    fmt: FormatOption = None,
    encoding: EncodingOption = io.DEFAULT_ENCODING,
    quiet: QuietOption = False,
    keep_formulas: KeepFormulasOption = False,
) -> None:
    """Replace names, places, contact details, diagnoses and other risky spans with typed placeholders."""
    from .measure.redaction import redact_frame

    with _writing(output):
        table, out_fmt, text_column = _table_io(input, output, fmt, None, text_column, encoding)
        with io.TableWriter(
            output, out_fmt, types=table.arrow_types, keep_formulas=keep_formulas
        ) as writer, _progress(table, quiet) as progress:
            for chunk in table.chunks():
                writer.write(redact_frame(chunk, text_column=text_column, source=table.name))
                progress.update(len(chunk))
        _wrote(writer.rows, output, quiet)


@app.command()
def explain(
    text: Annotated[str, typer.Argument(help="One utterance, in quotes.")],
    model: ModelOption = "default",
) -> None:
    """Show every column for one utterance and the words and examples behind it."""
    from .analyzer import Analyzer
    from .measure.explanation import explain as explain_text

    try:
        typer.echo(explain_text(text, Analyzer(model)))
    except DisclosureError as err:
        _fail(err)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point; SIGTERM stops a run as Ctrl-C does, so no partial output is left behind."""
    signal.signal(signal.SIGTERM, _stop)
    app()
