"""Training the theory heads from stored, cross-fitted vectors (what `train-theory --vectors` reads)."""

from pathlib import Path

import numpy as np
import pytest

from disclosure.errors import InputError
from disclosure.instrument.theory_training import read_vectors

from ..conftest import REPO


def _stored(tmp_path: Path) -> Path:
    path = tmp_path / "vectors.npz"
    np.savez(
        path,
        items=np.array(["a", "b", "c"]),
        vectors=np.arange(6, dtype=np.float16).reshape(3, 2),
        probabilities=np.array([[0.1], [0.2], [0.3]], dtype=np.float32),
    )
    return path


def test_stored_vectors_come_back_in_the_order_of_the_items_asked_for(tmp_path: Path) -> None:
    vectors, probabilities = read_vectors(_stored(tmp_path), ["c", "a"])
    assert vectors.tolist() == [[4.0, 5.0], [0.0, 1.0]]
    assert probabilities[:, 0].round(2).tolist() == [0.3, 0.1]


def test_an_item_without_a_stored_vector_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no vectors for the coded item.*zz"):
        read_vectors(_stored(tmp_path), ["a", "zz"])


def test_train_theory_without_annomi_refuses_and_says_which_items_it_would_leave_out(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from disclosure.cli import app
    from disclosure.instrument.coded_corpus import annomi_share

    coded = REPO / "data" / "coded"
    left_out, total = annomi_share(coded / "items.csv")
    assert 0 < left_out < total
    result = CliRunner().invoke(
        app, ["train-theory", "--coded", str(coded), "--model", "fast", "-o", str(tmp_path / "m")]
    )
    assert result.exit_code == 2
    assert f"{left_out:,} of the {total:,} coded items are AnnoMI" in result.stderr
    assert "--annomi" in result.stderr and "--without-annomi" in result.stderr
    assert not (tmp_path / "m").exists()
