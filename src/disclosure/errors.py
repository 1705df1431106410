"""The exceptions `disclosure` raises and the one catalogue of messages they carry.

Hierarchy::

    DisclosureError              anything this package refuses to do, with a message for a person
    ├── InputError               the input file or table cannot be used as given
    └── ModelError               a model directory is missing, incomplete or incompatible

Every message says what was expected, what was found, and what to do instead, in words a
psychologist running the tool on their own data understands. The CLI prints the message on one
line and exits with a non-zero status; it never shows a traceback for these.
"""

from __future__ import annotations

from collections.abc import Iterable


class DisclosureError(Exception):
    """Base class: a request `disclosure` cannot carry out, with a message for a person."""


class InputError(DisclosureError, ValueError):
    """The input (file, table, column or option) cannot be used as given."""


class ModelError(DisclosureError):
    """A model directory is missing, incomplete or was written by an incompatible version."""


def _listing(names: Iterable[object]) -> str:
    shown = [str(n) for n in names]
    return ", ".join(shown) if shown else "(none)"


MESSAGES: dict[str, str] = {
    "missing_file": "No file at '{path}'. Check the path, or use '-' to read from standard input.",
    "unknown_format": "Cannot tell the format of '{path}' from its extension. Use --format with one of: {options}.",
    "unsupported_format": "Unknown format '{fmt}'. Choose one of: {options}.",
    "unreadable": "Could not read '{path}' as {fmt}: {reason}",
    "empty_file": "'{path}' is empty: there are no utterances to analyse.",
    "unknown_column": "No column '{column}' in {source}. Columns that exist: {columns}.",
    "not_text_input": "Expected a list of texts or a pandas DataFrame, got {got}.",
    "bad_batch_size": "--batch-size must be a whole number of at least 1, got {value}.",
    "text_output": "Plain text cannot hold the score columns. Write to .csv, .tsv, .jsonl or .parquet instead.",
    "unknown_model": "No model '{name}'. Use one of the shipped models ({options}) or a directory made by 'disclosure train'.",
    "incomplete_model": "'{path}' is not a complete disclosure model: {reason}",
    "bad_label_spec": "Labels are given as COLUMN=FIELD (for example emotional=Emotional_disclosure), got '{spec}'. "
    "COLUMN is one of: {options}.",
    "bad_label_values": "Column '{field}' must hold human labels 0 or 1 (yes/no, true/false), found {values}.",
    "no_training_data": "No CL-Aff training file at '{path}'. Point --data at the folder that holds train.csv.",
    "too_few_codes": "To recalibrate '{label}' we need at least {minimum} hand-coded utterances that show it and {minimum} "
    "that do not; the sample has {positives} and {negatives}. Code more utterances, or leave '{label}' out.",
    "codes_misaligned": "There are {texts} texts but {codes} codes for '{label}': give one code per text.",
    "output_exists": "'{path}' already exists and is not empty. Choose a new folder for the recalibrated model.",
    "not_fitted": "This {name} has not been trained yet: call fit(texts, labels) first or load a trained model.",
    "bad_response_spec": "Reply codes are given as COLUMN=VALUE (for example main_therapist_behaviour=reflection), "
    "got '{spec}'.",
    "no_conversation_id": "{n} row(s) have no conversation id in column '{column}' (rows {rows}, counting the first data "
    "row as 1). Give every utterance the id of the conversation it belongs to.",
    "bad_turn_values": "Column '{column}' must hold turn numbers or times (like 12 or 00:01:30), found {examples}. "
    "Leave out --turn-column to use the file order.",
    "not_measured": "{source} lacks the measurement column(s) {columns}. Run it through 'disclosure analyze' first, "
    "or pass the raw utterances so they can be scored.",
    "output_clash": "{source} already has column(s) {columns}, which the conversation measures add. Rename them first.",
    "needs_valence": "--valence compares positive and negative disclosure, but {source} has no 'valence' column. "
    "Use a model that measures valence, or leave out --valence.",
    "one_group": "Column '{column}' has only one group ({groups}) among scored utterances: there is nothing to compare.",
    "not_convokit": "'{path}' is not a ConvoKit corpus directory: {reason}",
    "unknown_parameter": "No model parameter '{name}'. Parameters: {options}.",
    "bad_parameter_spec": "Parameters are given as NAME=NUMBER (for example initial_trust=0.1), got '{spec}'. "
    "NAME is one of: {options}.",
    "bad_parameter_value": "Model parameter '{name}' must be a number from {low} to {high}, got {value}.",
    "bad_simulation_size": "{name} must be a whole number of at least {low}, got {value}.",
    "unknown_setting": "Unknown setting '{setting}'. Choose one of: {options}.",
    "too_little_to_fit": "Only {found} speaker turns could be used; fitting the model needs at least {needed}. "
    "Check that the table holds whole conversations with the columns of 'disclosure conversations'.",
    "missing_measures": "{source} lacks the column(s) {columns} that 'disclosure conversations' writes. "
    "Columns that exist: {existing}.",
}


def message(key: str, **fields: object) -> str:
    """Return the catalogue message `key` filled with `fields` (lists are joined for reading)."""
    filled = {k: _listing(v) if isinstance(v, (list, tuple, set)) else v for k, v in fields.items()}
    return MESSAGES[key].format(**filled)
