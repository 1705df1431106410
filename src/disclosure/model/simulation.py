"""Simulate many relationships at once: every dyad advances one turn per step, all dyads in one NumPy operation.

Two people take turns. At each turn the speaker chooses by the decision rule (`decision.py`) given their trust in
the partner and the partner's last disclosure; the partner answers supportively (response r = 1) with their own
responsiveness probability, or not (r = 0); and the speaker's trust moves towards the response::

    τ ← τ + learning_rate · (d / 3) · (r − τ)

so a supportive answer to a deep disclosure raises trust most, and a rejected one lowers it most (reinforcement;
Reis & Shaver 1988). Nothing else is scripted: breadth before depth, fast-then-slow deepening and the need for trust
before core disclosure follow from this rule.

In the `helping` setting person 1 is a therapist or helper who does not follow the rule: on each of their turns they
self-disclose with probability `helper_disclosure_rate` (at `helper_depth`), otherwise they respond to the client.
A client-focused disclosure hands the focus back and counts as a supportive response (r = 1); a helper-centred one
takes the turn for the helper and leaves the client's disclosure unanswered (r = 0).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import io
from ..constants import LAYERS
from ..errors import InputError, message
from ..schema import SIMULATION_COLUMNS
from .decision import OPTION_DEPTH, OPTION_VALENCE, choose, linear_utilities
from .parameters import Parameters

SETTINGS: tuple[str, ...] = ("peers", "helping")
"""`peers`: both people follow the decision rule. `helping`: person 1 is a helper (see module docstring)."""

COLUMNS: tuple[str, ...] = tuple(c.name for c in SIMULATION_COLUMNS)
"""One row per dyad-turn; `trust` is the speaker's trust before choosing, `partner_response` the partner's answer."""


MAX_DYAD_TURNS = 20_000_000
"""Rows one simulation builds (it is held in memory, about 50 bytes a row): larger runs are split by seed."""


def simulate(
    dyads: int = 1000,
    turns: int = 50,
    params: Parameters | None = None,
    *,
    seed: int = 0,
    setting: str = "peers",
) -> pd.DataFrame:
    """Simulate `dyads` conversations of `turns` turns each; one row per dyad-turn (see `COLUMNS`).

    The same seed and parameters always give the same table.
    """
    frame: pd.DataFrame = simulate_table(dyads, turns, params, seed=seed, setting=setting).to_pandas()
    return frame


def simulate_table(
    dyads: int, turns: int, params: Parameters | None = None, *, seed: int = 0, setting: str = "peers"
) -> pa.Table:
    """`simulate` as an Arrow table with compact types (what the CLI writes to Parquet)."""
    _check_size("dyads", dyads, 1)
    _check_size("turns", turns, 1)
    _check_size("seed", seed, 0)
    if dyads * turns > MAX_DYAD_TURNS:
        raise InputError.about("dyads", "too_many_dyad_turns", dyads=dyads, turns=turns, limit=MAX_DYAD_TURNS)
    if setting not in SETTINGS:
        raise InputError(message("unknown_setting", setting=setting, options=SETTINGS))
    params = params or Parameters()
    rng = np.random.default_rng(seed)
    people = np.arange(dyads)

    man = rng.random((dyads, 2)) < params.share_men
    mean = np.clip(params.responsiveness, 1e-6, 1 - 1e-6)
    concentration = max(params.responsiveness_concentration, 1e-6)
    responsiveness = rng.beta(mean * concentration, (1 - mean) * concentration, size=(dyads, 2))
    trust = np.full((dyads, 2), params.initial_trust)
    last_depth = np.zeros((dyads, 2), dtype=np.int8)
    helper_option = np.zeros(dyads, dtype=np.int64)  # the helper's next turn, drawn when the client speaks
    helper_disclosure = _helper_option(params)
    base, per_trust, per_partner_depth, per_man = linear_utilities(params)

    option = np.empty((turns, dyads), dtype=np.int64)
    trust_before = np.empty((turns, dyads), dtype=np.float32)
    response = np.empty((turns, dyads), dtype=np.float32)
    for turn in range(turns):
        speaker, listener = turn % 2, 1 - turn % 2
        trust_before[turn] = trust[:, speaker]
        uniform = rng.random((2, dyads))
        if setting == "helping" and speaker == 1:
            chosen = helper_option
            answer = uniform[1] < responsiveness[:, 0]
        else:
            u = (
                base
                + trust[:, speaker, None] * per_trust
                + last_depth[:, listener, None] * per_partner_depth
                + man[:, speaker, None] * per_man
            )
            chosen = choose(u, uniform[0])
            answer = uniform[1] < responsiveness[:, listener]
            if setting == "helping":
                helper_option, answer = _helper_turn(rng.random((2, dyads)), answer, helper_disclosure, params)
        depth = OPTION_DEPTH[chosen]
        trust[:, speaker] += params.learning_rate * (depth / 3.0) * (answer - trust[:, speaker])
        last_depth[:, speaker] = depth
        option[turn] = chosen
        response[turn] = answer
    return _table(option, trust_before, response, man, people, turns)


def _helper_option(params: Parameters) -> int:
    """The option a helper's disclosure takes: positive, at `helper_depth`."""
    return int(2 * round(params.helper_depth) - 1)


def _helper_turn(
    uniform: np.ndarray, supportive: np.ndarray, disclosure_option: int, params: Parameters
) -> tuple[np.ndarray, np.ndarray]:
    """The helper's next turn (option) and the response it gives the client's disclosure (1 or 0)."""
    discloses = uniform[0] < params.helper_disclosure_rate
    centred = uniform[1] < params.helper_centred
    option = np.where(discloses, disclosure_option, 0)
    answer = np.where(discloses, ~centred, supportive)
    return option, answer


def _table(
    option: np.ndarray,
    trust: np.ndarray,
    response: np.ndarray,
    man: np.ndarray,
    people: np.ndarray,
    turns: int,
) -> pa.Table:
    dyads = len(people)
    by_dyad = option.T.ravel()  # rows ordered by dyad, then turn
    speaker = np.tile((np.arange(turns) % 2).astype(np.int8), dyads)
    depth = OPTION_DEPTH[by_dyad]
    columns = {
        "dyad": pa.array(np.repeat(people.astype(np.int32), turns)),
        "turn": pa.array(np.tile(np.arange(turns, dtype=np.int16), dyads)),
        "speaker": pa.array(speaker),
        "man": pa.array(man[np.repeat(people, turns), speaker]),
        "disclosed": pa.array(depth > 0),
        "depth": pa.array(depth),
        "layer": pa.DictionaryArray.from_arrays(pa.array(depth), pa.array(LAYERS)),
        "valence": pa.array(OPTION_VALENCE[by_dyad]),
        "trust": pa.array(trust.T.ravel()),
        "partner_response": pa.array(response.T.ravel()),
    }
    return pa.table(columns)


def write_simulation(
    output: str | Path,
    dyads: int,
    turns: int,
    params: Parameters | None = None,
    *,
    seed: int = 0,
    setting: str = "peers",
) -> pa.Table:
    """Simulate and write the table in the format of `output`'s extension (Parquet, CSV, TSV, JSONL or Excel);
    return it (for a summary page: `reports.simulation_page`). The file appears only once it is complete."""
    fmt = io.output_format(str(output), None, default="parquet")
    params = params or Parameters()
    table = simulate_table(dyads, turns, params, seed=seed, setting=setting)
    if fmt == "parquet":
        with io.atomic_path(output) as temporary:
            pq.write_table(table, str(temporary), compression="zstd", compression_level=1)
    else:
        with io.TableWriter(str(output), fmt) as writer:
            for batch in table.to_batches(max_chunksize=65536):
                writer.write(batch.to_pandas())
    return table


def _check_size(name: str, value: int, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise InputError.about(name, "bad_simulation_size", low=low, value=value)


def to_utterances(simulated: pd.DataFrame) -> pd.DataFrame:
    """A simulated table in the format of `disclosure conversations` (one utterance per turn), for `fit`.

    The measured probabilities are the simulated events (1.0 or 0.0); `text` is empty; `gender` says man/woman.
    """
    disclosed = simulated["disclosed"].to_numpy(bool)
    return pd.DataFrame(
        {
            "conversation": simulated["dyad"].to_numpy(),
            "speaker": np.where(simulated["speaker"].to_numpy() == 0, "A", "B"),
            "turn": simulated["turn"].to_numpy(),
            "text": "",
            "gender": np.where(simulated["man"].to_numpy(bool), "man", "woman"),
            "status": "ok",
            "disclosure": disclosed.astype(float),
            "depth": simulated["depth"].to_numpy(float),
            "layer": simulated["layer"].astype(str).to_numpy(),
            "valence": simulated["valence"].to_numpy(float),
            "reply_support": simulated["partner_response"].to_numpy(float),
        }
    )
