"""The `disclosure` command line: argument parsing only; each command is one call into the Python API."""

from __future__ import annotations

import functools
import glob
import inspect
import signal
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from . import headers
from .constants import DEFAULT_BATCH_SIZE, DEFAULT_MODEL
from .dynamics.columns import DEFAULT_HELPER_ROLES, ConversationOptions, conversation_columns
from .errors import DisclosureError, InputError, message

if TYPE_CHECKING:
    from tqdm import tqdm

    from .io import InputTable

# `io` (pandas, NumPy, PyArrow) and tqdm are imported inside the commands, after `_require_input`: a missing file or
# column is refused before any of them loads.

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: Rich markup would read '[gpu]' in "pip install -e '.[gpu]'" as a style tag and drop it.
    rich_markup_mode=None,
    help="Measure, explain and model self-disclosure in text. Everything runs on this machine; nothing is sent "
    "anywhere.",
)

UtteranceFileArgument = Annotated[
    str, typer.Argument(help="Utterance file (CSV, TSV, JSONL, Parquet, Excel or text); '-' for stdin.")
]
ModelOption = Annotated[
    str,
    typer.Option(
        "--model",
        "-m",
        help="default (most accurate), balanced (about as accurate, ~5x faster), fast (for millions of posts), "
        "multilingual (15 languages, the multilingual extra: pip install -e '.[multilingual]'), or a folder made by "
        "'disclosure train' or 'disclosure recalibrate'.",
    ),
]
InputFormatOption = Annotated[
    str | None,
    typer.Option(
        "--input-format", help="Input format: csv, tsv, jsonl, parquet, xlsx or txt (default: from extension)."
    ),
]
OldInputFormatOption = Annotated[
    str | None, typer.Option("--format", hidden=True, help="Deprecated spelling of --input-format.")
]
TextColumnOption = Annotated[str, typer.Option("--text-column", help="Column holding the utterances.")]
ContextColumnOption = Annotated[
    str | None,
    typer.Option(
        "--context-column",
        help="Column holding the turn each utterance answers (empty where none): 'yes' or 'me too' is then read "
        "with it, as coders read it. `conversations` finds the previous turn itself.",
    ),
]
AnyLanguageOption = Annotated[
    bool,
    typer.Option(
        "--any-language",
        help="Also score text in languages the model does not support (English only, but for the multilingual "
        "model's 15), and text with no "
        "language in it (emoji, symbols, source code); the status says so. Without it such rows are kept with "
        "empty scores.",
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Only results and errors: no progress, no notes on what was written.")
]
OutputOption = Annotated[
    str,
    typer.Option("--output", "-o", help="Output file (.csv, .tsv, .jsonl, .parquet, .xlsx); '-' (default) for stdout."),
]
EncodingOption = Annotated[
    str, typer.Option("--encoding", help="Text encoding of the input (default: UTF-8, with or without a BOM).")
]
KeepFormulasOption = Annotated[
    bool,
    typer.Option(
        "--keep-formulas",
        help="Write CSV and TSV cells starting with =, +, -, @, a tab or a carriage return as they are (by default "
        "a leading ' stops spreadsheets running them).",
    ),
]
OldKeepFormulasOption = Annotated[
    bool, typer.Option("--keep-formulas", hidden=True, help="No longer needed: analyze writes every cell as it came.")
]
MeasuredInputArgument = Annotated[
    str, typer.Argument(help="Utterance file (raw or already analysed) or a ConvoKit corpus folder.")
]
ConversationColumnOption = Annotated[
    str | None, typer.Option("--conversation-column", help="Column with the conversation id (default: conversation).")
]
SpeakerColumnOption = Annotated[
    str | None, typer.Option("--speaker-column", help="Column with the speaker (default: speaker).")
]
RoleColumnOption = Annotated[
    str | None, typer.Option("--role-column", help="Column with each speaker's role (therapist, client, ...).")
]
TurnColumnOption = Annotated[
    str | None, typer.Option("--turn-column", help="Column with turn numbers or times (default: the file order).")
]
HelperRolesOption = Annotated[str, typer.Option("--helper-roles", help="Comma-separated roles monitored as helpers.")]
ResponseOption = Annotated[
    list[str] | None,
    typer.Option("--response", help="COLUMN=VALUE code of a reply to test as reinforcement (repeatable)."),
]
ConversationTextOption = Annotated[
    str | None, typer.Option("--text-column", help="Column holding the utterances (default: text).")
]
ConversationFormatOption = Annotated[
    str | None,
    typer.Option("--input-format", help="Input format (default: from extension; a folder is a ConvoKit corpus)."),
]
_HELPERS = ",".join(DEFAULT_HELPER_ROLES)
EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="Where to score: local (this process) or ray (actors on a Ray cluster; pip install -e '.[ray]'). A "
        "folder or glob of shards is written as a folder of Parquet parts and a manifest; rerun to finish an "
        "interrupted run.",
    ),
]
AddressOption = Annotated[
    str | None, typer.Option("--address", help="Ray cluster address (default: start Ray here, on all cores).")
]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", help="Scoring processes, each with the model loaded (default: all cores).")
]


_Command = TypeVar("_Command", bound=Callable[..., None])

_COLUMN_OPTIONS: dict[str, tuple[Any, object]] = {
    "conversation_column": (ConversationColumnOption, None),
    "speaker_column": (SpeakerColumnOption, None),
    "role_column": (RoleColumnOption, None),
    "turn_column": (TurnColumnOption, None),
    "text_column": (ConversationTextOption, None),
    "model": (ModelOption, DEFAULT_MODEL),
    "input_format": (ConversationFormatOption, None),
}
"""The options `conversations`, `compare` and `report` share: which model, and which input columns hold what."""

_HELPER_OPTIONS: dict[str, tuple[Any, object]] = {
    "helper_roles": (HelperRolesOption, _HELPERS),
    "response": (ResponseOption, None),
}
"""The options `conversations` and `report` add: who is a helper, and which reply codes are tested."""


def _conversation_inputs(*, helpers: bool) -> Callable[[_Command], _Command]:
    """Give a command the shared conversation options (and the helper options when `helpers`); it receives them
    as one keyword, `inputs`, spelt as the API's keywords (helper roles split at commas)."""
    shared = {**_COLUMN_OPTIONS, **(_HELPER_OPTIONS if helpers else {})}

    def decorate(command: _Command) -> _Command:
        own = inspect.signature(command, eval_str=True)
        parameters = [p for name, p in own.parameters.items() if name != "inputs"] + [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
            for name, (annotation, default) in shared.items()
        ]

        @functools.wraps(command)
        def with_inputs(**given: Any) -> None:
            inputs = {name: given.pop(name) for name in shared}
            if helpers:
                inputs["helper_roles"] = inputs["helper_roles"].split(",")
                inputs["responses"] = inputs.pop("response") or ()
            command(**given, inputs=inputs)

        with_inputs.__signature__ = own.replace(parameters=parameters)  # type: ignore[attr-defined]
        with_inputs.__annotations__ = {p.name: p.annotation for p in parameters}
        return with_inputs  # type: ignore[return-value]

    return decorate


def _option(parameter: str) -> str:
    """The flag that sets an API argument: every command spells `batch_size` as --batch-size."""
    return "--" + parameter.replace("_", "-")


def _fail(err: DisclosureError, code: int = 2) -> NoReturn:
    text = err.for_option(_option(err.parameter)) if err.parameter else str(err)
    typer.echo(f"disclosure: error: {text}", err=True)
    raise typer.Exit(code=code)


def _renamed_option(new: str | None, old: str | None, new_flag: str) -> str | None:
    """The value of an option also accepted under its old name --format, with a warning when the old name is used."""
    if old is None:
        return new
    typer.echo(f"warning: --format is deprecated here; use {new_flag}.", err=True)
    return new if new is not None else old


def _print_version(asked: bool) -> None:
    if asked:
        from .environment import report as environment

        typer.echo(environment())
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version, Python, ONNX Runtime and which extras are installed, and exit.",
        ),
    ] = False,
) -> None:
    """The options before any command (the app's help is the Typer's own)."""


@app.command()
def analyze(
    input: UtteranceFileArgument,
    output: OutputOption = headers.STDIO,
    text_column: TextColumnOption = "text",
    context_column: ContextColumnOption = None,
    model: ModelOption = DEFAULT_MODEL,
    input_format: InputFormatOption = None,
    old_format: OldInputFormatOption = None,
    encoding: EncodingOption = headers.DEFAULT_ENCODING,
    output_format: Annotated[
        str | None, typer.Option("--output-format", help="Output format (default: from -o's extension).")
    ] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Utterances encoded together.")] = DEFAULT_BATCH_SIZE,
    quiet: QuietOption = False,
    detector_only: Annotated[
        bool, typer.Option("--detector-only", help="Only the five detector probabilities (faster: no theory columns).")
    ] = False,
    keep_formulas: OldKeepFormulasOption = False,
    device: Annotated[
        str,
        typer.Option(
            "--device",
            help="Where the model runs: cpu, or cuda (NVIDIA GPU; pip install -e '.[gpu]' in the disclosure source "
            "folder).",
        ),
    ] = "cpu",
    engine: EngineOption = "local",
    address: AddressOption = None,
    workers: WorkersOption = None,
    any_language: AnyLanguageOption = False,
) -> None:
    """Score every utterance for self-disclosure and support; all input columns pass through unchanged."""
    fmt = _renamed_option(input_format, old_format, "--input-format")
    if keep_formulas:
        typer.echo("note: --keep-formulas is no longer needed: analyze writes every input cell as it came.", err=True)
    _require_input(input, output, fmt, columns=[text_column, context_column], encoding=encoding)
    if engine != "local" or address is not None or _is_corpus(input):
        _analyze_corpus(
            input,
            output,
            engine=engine,
            address=address,
            workers=workers,
            model=model,
            batch_size=batch_size,
            theory=not detector_only,
            text_column=text_column,
            context_column=context_column,
            any_language=any_language,
            input_format=fmt,
            output_format=output_format,
            encoding=encoding,
            device=device,
            quiet=quiet,
        )
        return
    with _writing(output):
        from .scoring import open_job, write_scored

        job = open_job(
            input,
            output,
            text_column=text_column,
            context_column=context_column,
            input_format=fmt,
            output_format=output_format,
            encoding=encoding,
        )
        from .analyzer import cached_analyzer  # only now: a wrong path or column is refused before the model loads

        analyzer = cached_analyzer(model, batch_size, not detector_only, device, any_language)
        _note_renamed(analyzer.renamed(job.table.columns))
        with _progress(job.table, quiet) as progress:
            rows = write_scored(
                analyzer, job, context_column=context_column, on_chunk=lambda chunk: progress.update(len(chunk))
            )
        _wrote(rows, output, quiet)


def _is_corpus(input: str) -> bool:
    return input != headers.STDIO and (Path(input).is_dir() or glob.has_magic(input))


def _require_input(
    input: str,
    output: str | Path,
    fmt: str | None = None,
    *,
    columns: Sequence[str | None] = (),
    encoding: str = headers.DEFAULT_ENCODING,
) -> None:
    """Refuse a missing file, or a CSV or TSV header without one of `columns` (None: an option left unset), before
    any table library or model is imported; a folder, a glob or a ConvoKit corpus is checked by its reader."""
    if not _is_corpus(input):
        with _writing(output):
            headers.require_input(input, fmt, columns=[c for c in columns if c is not None], encoding=encoding)


def _require_conversations(input: str, output: str | Path, inputs: dict[str, Any], by: str | None = None) -> None:
    """`_require_input` for the conversation commands: the columns their options name (or the default names), and
    the column `by` that groups speakers."""
    options = {name: value for name, value in inputs.items() if name in ConversationOptions.__annotations__}
    columns = conversation_columns(False, **options).required()
    _require_input(input, output, inputs["input_format"], columns=[*columns, by])


def _analyze_corpus(input: str, output: str, *, output_format: str | None, quiet: bool, **options: Any) -> None:
    """`analyze` for a folder or glob of shards (or any input on Ray): Parquet parts and a manifest in a folder."""
    from .engines.corpus import analyze_corpus

    with _writing(output):
        if output == headers.STDIO or output_format not in (None, "parquet"):
            raise InputError(message("corpus_output", path=output))
        with _progress(None, quiet) as progress:
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


def _progress(table: InputTable | None, quiet: bool) -> tqdm[None]:
    """A progress bar over the input's rows, with the total (and so an ETA) when the input is one table."""
    from tqdm import tqdm

    rows = None if table is None else table.rows
    return tqdm(total=rows, unit=" utterances", disable=quiet, file=sys.stderr, mininterval=0.5)


def _note_renamed(renamed: dict[str, str]) -> None:
    if renamed:
        typer.echo(
            "note: " + message("renamed_columns", columns=list(renamed), renamed=list(renamed.values())), err=True
        )


def _say(text: str, quiet: bool) -> None:
    """Print a result line, unless -q asked for silence (errors and warnings are printed regardless)."""
    if not quiet and text:
        typer.echo(text)


def _wrote(rows: int, output: str | Path, quiet: bool) -> None:
    if not quiet:
        where = "standard output" if str(output) == headers.STDIO else f"'{output}'"
        typer.echo(f"Wrote {rows:,} row{'' if rows == 1 else 's'} to {where}.", err=True)


@app.command()
def train(
    data: Annotated[Path, typer.Option("--data", help="Folder holding CL-Aff OffMyChest train.csv.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model directory to write.")],
    layers: Annotated[int, typer.Option(help="Transformer layers kept (1-6); fewer is faster.")] = 6,
    epochs: Annotated[int, typer.Option(help="Passes over the training data.")] = 3,
    quantize: Annotated[bool, typer.Option(help="Score with an int8 ONNX graph (faster on CPU, smaller).")] = False,
    teacher: Annotated[
        str | None, typer.Option(help="A larger trained model to distil from (shipped name or directory).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed (training is deterministic).")] = 0,
    kind: Annotated[
        str,
        typer.Option(
            help="'transformer' (fine-tuned MiniLM), 'hashed_words' (the fast linear tier) or 'multilingual_sentence' "
            "(a frozen multilingual encoder; the multilingual extra)."
        ),
    ] = "transformer",
    quiet: QuietOption = False,
) -> None:
    """Train a detector on CL-Aff OffMyChest train.csv (the shipped models are made this way: docs/model-card.md)."""
    from .instrument.training import train as train_detector

    with _writing(output):
        detector = train_detector(
            data,
            output,
            kind=kind,
            layers=layers,
            epochs=epochs,
            quantize=quantize,
            teacher=teacher,
            seed=seed,
            verbose=not quiet,
        )
    thresholds = ", ".join(f"{label} {t:.2f}" for label, t in zip(detector.labels, detector.thresholds_, strict=True))
    _say(f"Wrote {output} (thresholds chosen on held-out training data: {thresholds})", quiet)


@app.command("export-onnx")
def export_onnx(
    model_dir: Annotated[Path, typer.Argument(help="A transformer model directory holding detector.safetensors.")],
    quiet: QuietOption = False,
) -> None:
    """Export a transformer model's ONNX graph (detector.onnx) again from its weights; needs the train extra."""
    from .measure.detectors.transformer import export_onnx as export

    try:
        written = export(model_dir)
    except DisclosureError as err:
        _fail(err)
    _say(f"Wrote {written}", quiet)


@app.command("train-theory")
def train_theory(
    coded: Annotated[Path, typer.Option("--coded", help="Folder of the coded corpus (items.csv, adjudicated.csv).")],
    annomi: Annotated[
        Path | None, typer.Option("--annomi", help="AnnoMI-simple.csv, for the AnnoMI items' texts.")
    ] = None,
    model: ModelOption = DEFAULT_MODEL,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Model directory to write (default: the model's own).")
    ] = None,
    vectors: Annotated[
        Path | None,
        typer.Option("--vectors", help="Cross-fitted vectors of the coded items (.npz), instead of the model's own."),
    ] = None,
    rated: Annotated[
        Path | None,
        typer.Option("--rated", help="CSV of people's ratings of other texts (text, kind, target, area) to train on."),
    ] = None,
    without_annomi: Annotated[
        bool,
        typer.Option(
            "--without-annomi", help="Train without the AnnoMI items on purpose (otherwise --annomi is required)."
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Train a model's theory heads on the coded corpus's training split (the shipped heads are made this way)."""
    from .instrument.coded_corpus import annomi_share
    from .instrument.theory_training import train_theory as fit_heads

    try:
        items = coded / "items.csv"
        left_out, total = annomi_share(items) if annomi is None and items.is_file() else (0, 0)
        if left_out and not without_annomi:
            raise InputError.about("annomi", "needs_annomi", left_out=left_out, total=total, kept=total - left_out)
        if left_out:
            typer.echo(f"warning: {left_out:,} AnnoMI items of {total:,} left out (--without-annomi).", err=True)
        written = fit_heads(
            model,
            items=coded / "items.csv",
            codes=coded / "adjudicated.csv",
            annomi=annomi,
            output=output,
            vectors=vectors,
            rated=rated,
        )
    except DisclosureError as err:
        _fail(err)
    _say(f"Wrote the theory heads to {written}", quiet)


@app.command()
def evaluate(
    input: Annotated[str, typer.Argument(help="File with texts and human labels.")],
    label: Annotated[
        list[str], typer.Option("--label", "-l", help="COLUMN=FIELD: our column, the field with human 0/1 codes.")
    ],
    text_column: TextColumnOption = "text",
    model: ModelOption = DEFAULT_MODEL,
    input_format: InputFormatOption = None,
    old_format: OldInputFormatOption = None,
    threshold: Annotated[
        str, typer.Option(help="Decision threshold: a number, or 'model' for each label's shipped threshold.")
    ] = "0.5",
    json_output: Annotated[Path | None, typer.Option("--json", help="Also write the results as JSON.")] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Also draw a reliability diagram (PNG).")] = None,
    quiet: QuietOption = False,
) -> None:
    """Agreement with human codes: accuracy, macro-F1, AUROC, Cohen's kappa and calibration error (ECE)."""
    fmt = _renamed_option(input_format, old_format, "--input-format")
    _require_input(input, json_output or plot or "", fmt, columns=[text_column])
    from . import io
    from .instrument.human_codes import evaluate as agreement_with

    with _writing(json_output or plot or ""):
        io.check_output_file(json_output, [input], "the results", ("json",))
        io.check_output_file(plot, [input], "the diagram", ("png",))
        result = agreement_with(
            input, label, text_column=text_column, model=model, input_format=fmt, threshold=threshold
        )
        _say(result.table().to_string(float_format=lambda v: f"{v:.3f}"), quiet and json_output is not None)
        if json_output is not None:
            io.write_text(json_output, result.to_json())
        if plot is not None:
            with io.atomic_path(plot) as temporary:
                result.figure().savefig(temporary, format="png", dpi=110, bbox_inches="tight")


@app.command()
def recalibrate(
    input: Annotated[str, typer.Argument(help="File with texts and your hand codes (a random sample of your corpus).")],
    label: Annotated[
        list[str], typer.Option("--label", "-l", help="COLUMN=FIELD: our column, the field with your 0/1 codes.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="New model folder to write.")],
    text_column: TextColumnOption = "text",
    model: ModelOption = DEFAULT_MODEL,
    input_format: InputFormatOption = None,
    old_format: OldInputFormatOption = None,
    quiet: QuietOption = False,
) -> None:
    """Refit a model's probabilities and thresholds to hand codes of your own corpus (weights unchanged)."""
    fmt = _renamed_option(input_format, old_format, "--input-format")
    _require_input(input, output, fmt, columns=[text_column])
    from .instrument.human_codes import recalibrate_to_codes

    with _writing(output):
        result = recalibrate_to_codes(input, label, output, text_column=text_column, model=model, input_format=fmt)
    for row in result.rows:
        _say(
            f"{row['column']}: prevalence {row['prevalence']:.3f}, temperature {row['temperature']:.2f}, "
            f"offset {row['offset']:+.2f}, threshold {row['threshold']:.2f}",
            quiet,
        )
    _say(f"Wrote {result.path}: use it with --model {result.path}", quiet)


@app.command()
def columns(quiet: QuietOption = False) -> None:
    """Print the reference of every output column (the content of docs/columns.md; -q changes nothing)."""
    from .schema import to_markdown

    typer.echo(to_markdown(), nl=False)


@app.command()
@_conversation_inputs(helpers=True)
def conversations(
    input: Annotated[
        str,
        typer.Argument(
            help="Utterance file (one row per utterance), a folder or glob of such files (shards), or a ConvoKit "
            "corpus folder."
        ),
    ],
    out_dir: Annotated[
        Path, typer.Option("--out-dir", help="Folder for utterances, speakers, conversations, effects.")
    ],
    output_format: Annotated[
        str | None, typer.Option("--output-format", help="Output tables: csv, tsv, jsonl or parquet (default: csv).")
    ] = None,
    old_format: Annotated[
        str | None, typer.Option("--format", hidden=True, help="Deprecated spelling of --output-format.")
    ] = None,
    convokit_out: Annotated[
        Path | None, typer.Option("--convokit-out", help="Also write a ConvoKit corpus with the measures as metadata.")
    ] = None,
    engine: EngineOption = "local",
    address: AddressOption = None,
    workers: WorkersOption = None,
    quiet: QuietOption = False,
    *,
    inputs: dict[str, Any],
) -> None:
    """Reciprocity, penetration, reinforcement and the helper monitor per utterance, speaker and conversation."""
    _require_conversations(input, out_dir, inputs)
    from . import io
    from .dynamics.corpus_files import is_corpus as is_convokit
    from .dynamics.pipeline import conversations as measure

    with _writing(out_dir):
        fmt = _renamed_option(output_format, old_format, "--output-format")
        out_fmt = io.output_format(headers.STDIO, fmt, default="csv")
        if engine != "local" or address is not None or (_is_corpus(input) and not is_convokit(input)):
            from .engines.corpus_conversations import conversations_corpus  # the engines load the model's modules

            tables = conversations_corpus(input, out_dir, engine=engine, address=address, workers=workers, **inputs)
        else:
            tables = measure(input, **inputs)
        _note_renamed(tables.renamed)
        written = tables.write(out_dir, out_fmt)
        if convokit_out is not None:
            from .dynamics.corpus_files import write_corpus

            written.append(write_corpus(tables, convokit_out))
    for conversation, note in tables.notes.items():
        typer.echo(f"note: conversation {conversation}: {note}", err=True)
    _say("\n".join(tables.effects["summary"]), quiet)
    _say("Wrote " + ", ".join(map(str, written)), quiet)


@app.command()
@_conversation_inputs(helpers=False)
def compare(
    input: MeasuredInputArgument,
    by: Annotated[str, typer.Option("--by", help="Column that defines the groups (e.g. gender, role).")],
    valence: Annotated[
        bool, typer.Option("--valence", help="Also test group x valence (positive vs negative).")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Also write the group table (.csv, .tsv, .jsonl, .parquet, .xlsx)."),
    ] = None,
    quiet: QuietOption = False,
    *,
    inputs: dict[str, Any],
) -> None:
    """Group differences in disclosure rate, depth, breadth and motive, clustered by speaker, with 95% CIs."""
    _require_conversations(input, output or "", inputs, by)
    from . import io
    from .dynamics.pipeline import compare as compare_groups

    with _writing(output or ""):
        out_fmt = io.check_output_file(output, [input], "the group table", headers.TABLE_FORMATS)
        result = compare_groups(input, by, valence=valence, **inputs)
        _say("\n".join(result.summary), quiet and output is not None)
        if output is not None and out_fmt is not None:
            with io.TableWriter(str(output), out_fmt) as writer:
                writer.write(result.groups)


@app.command()
@_conversation_inputs(helpers=True)
def report(
    input: MeasuredInputArgument,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")],
    by: Annotated[str | None, typer.Option("--by", help="Also compare groups by this column.")] = None,
    quiet: QuietOption = False,
    *,
    inputs: dict[str, Any],
) -> None:
    """One self-contained HTML report (works offline, can be emailed): trajectories, onion, reciprocity, monitor."""
    _require_conversations(input, output, inputs, by)
    from . import io
    from .reports.dynamics import report as write_report

    with _writing(output):
        io.check_output_file(output, [input], "the report", ("html",))
        path = write_report(input, output, by=by, **inputs)
    _say(f"Wrote {path}", quiet)


@app.command()
def simulate(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Table to write, one row per dyad-turn (.parquet, .csv, .tsv, .jsonl, .xlsx)."
        ),
    ],
    dyads: Annotated[int, typer.Option("--dyads", help="Number of simulated relationships.")] = 1000,
    turns: Annotated[int, typer.Option("--turns", help="Turns per conversation.")] = 50,
    param: Annotated[
        list[str] | None, typer.Option("--param", help="NAME=VALUE, repeatable (see docs/model.md).")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same table.")] = 0,
    setting: Annotated[str, typer.Option("--setting", help="peers, or helping (person B is a helper).")] = "peers",
    report_path: Annotated[Path | None, typer.Option("--report", help="Also write an HTML summary.")] = None,
    quiet: QuietOption = False,
) -> None:
    """Simulate conversations with the motivational model of disclosure (reward vs cost, trust over time)."""
    from . import io
    from .model import Parameters, write_simulation
    from .reports.simulation_page import write_simulation_report

    with _writing(output):
        io.check_output_file(output, [], "the simulation", headers.TABLE_FORMATS, default="parquet")
        io.check_output_file(report_path, [], "the summary", ("html",))
        params = Parameters().with_overrides(param or ())
        table = write_simulation(output, dyads, turns, params, seed=seed, setting=setting)
        if report_path is not None:
            write_simulation_report(report_path, table.to_pandas(), params, seed=seed, setting=setting)
    _say(f"Wrote {output} ({table.num_rows:,} dyad-turns)" + (f" and {report_path}" if report_path else ""), quiet)


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
    quiet: QuietOption = False,
) -> None:
    """Estimate the model's motives, costs and trust dynamics from measured conversations (maximum likelihood)."""
    _require_input(input, output, columns=[conversation_column, speaker_column, turn_column, gender_column])
    from . import io

    with _writing(output):
        io.check_output_file(output, [input], "the estimates", ("json",))
        from .model import fit as fit_model
        from .model.parameters import overrides

        result = fit_model(
            input,
            conversation_column=conversation_column,
            speaker_column=speaker_column,
            turn_column=turn_column,
            gender_column=gender_column,
            fixed=overrides(param or ()),
        )
        io.write_text(output, result.to_json())
    _say(result.table().to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-"), quiet)
    _say("\n".join(result.notes), quiet)
    unidentified = ", ".join(result.not_identified) or "none"
    _say(
        f"Wrote {output} ({result.speaker_turns:,} speaker turns; converged: {result.converged}; "
        f"not identified by these conversations: {unidentified})",
        quiet,
    )


@app.command()
def redact(
    input: UtteranceFileArgument,
    output: OutputOption = headers.STDIO,
    text_column: TextColumnOption = "text",
    input_format: InputFormatOption = None,
    old_format: OldInputFormatOption = None,
    encoding: EncodingOption = headers.DEFAULT_ENCODING,
    quiet: QuietOption = False,
    keep_formulas: KeepFormulasOption = False,
    mode: Annotated[
        str,
        typer.Option(
            help="placeholder ([NAME]), pseudonym ([PERSON_4821], the same person the same number across the "
            "file) or abstract (less specific words: 'Bristol' -> 'England')."
        ),
    ] = "placeholder",
    audience: Annotated[
        str, typer.Option(help="Who will read it: public, community, friends or professional.")
    ] = "public",
    salt: Annotated[
        str | None,
        typer.Option(
            help="Secret key for pseudonyms: the same salt gives the same pseudonyms. Without it a random "
            "salt is drawn for this run."
        ),
    ] = None,
) -> None:
    """Replace names, places, contact details, diagnoses and other risky spans (placeholders, pseudonyms or
    less specific words)."""
    fmt = _renamed_option(input_format, old_format, "--input-format")
    _require_input(input, output, fmt, columns=[text_column], encoding=encoding)
    from .scoring import open_job, write_redacted

    with _writing(output):
        job = open_job(input, output, text_column=text_column, input_format=fmt, encoding=encoding)
        # The recognisers load after the input is read: a missing file or column is refused at once.
        from .measure.redaction import Pseudonyms

        pseudonyms = Pseudonyms(salt)
        with _progress(job.table, quiet) as progress:
            written = write_redacted(
                job,
                mode=mode,
                audience=audience,
                pseudonyms=pseudonyms,
                spreadsheet_safe=not keep_formulas,
                on_chunk=lambda chunk: progress.update(len(chunk)),
            )
        _wrote(written.rows, output, quiet)
        if written.unsupported_language:  # said even with -q: the file is not safe to share as it is
            typer.echo(
                "warning: "
                + message(
                    "partial_redaction",
                    count=f"{written.unsupported_language:,}",
                    total=f"{written.rows:,}",
                    languages=list(written.languages),
                ),
                err=True,
            )
        if mode == "pseudonym" and pseudonyms.random_salt and not quiet:
            typer.echo(
                "Pseudonyms used a random salt for this run only: give --salt to get the same ones again.", err=True
            )


@app.command()
def explain(
    text: Annotated[str, typer.Argument(help="One utterance, in quotes.")],
    model: ModelOption = DEFAULT_MODEL,
    any_language: AnyLanguageOption = False,
    quiet: QuietOption = False,
) -> None:
    """Show every column for one utterance and the words and examples behind it (the result is all it prints, so
    -q changes nothing)."""
    from .analyzer import cached_analyzer
    from .analyzer import explain as explain_text

    try:
        typer.echo(explain_text(text, cached_analyzer(model), any_language=any_language))
    except DisclosureError as err:
        _fail(err)


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (default: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    model: ModelOption = "default",
    token: Annotated[
        str | None,
        typer.Option(
            "--token", envvar="DISCLOSURE_TOKEN", help="Bearer token callers must send (required off this machine)."
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """The HTTP API (docs at /docs) and the web app at / : write and reflect, session monitor, what if, learn."""
    try:
        from .serve import serve as run_server
    except ImportError:
        _fail(
            InputError(
                "'disclosure serve' needs the serve extra: pip install -e '.[serve]' in the disclosure source folder."
            )
        )
    try:
        run_server(host, port, model=model, token=token, quiet=quiet)
    except DisclosureError as err:
        _fail(err)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _warning_line(
    message: Warning | str, category: type[Warning], filename: str, lineno: int, line: str | None = None
) -> str:
    return f"warning: {message}\n"


def main() -> None:
    """Console-script entry point; SIGTERM stops a run as Ctrl-C does, so no partial output is left behind; warnings
    are one line for a person (no source path)."""
    signal.signal(signal.SIGTERM, _stop)
    warnings.formatwarning = _warning_line
    app()
