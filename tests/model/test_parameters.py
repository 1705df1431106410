"""The parameters: one place, each with a meaning, a source and a valid range."""

from __future__ import annotations

import pytest

from disclosure import InputError
from disclosure.model import Parameters
from disclosure.model.parameters import describe, names

from ..conftest import REPO


def test_every_parameter_has_a_meaning_and_a_source() -> None:
    rows = describe()
    assert [row["name"] for row in rows] == list(names())
    assert all(row["meaning"] and row["source"] for row in rows)


def test_overrides_from_the_command_line_change_only_the_named_parameters() -> None:
    changed = Parameters().with_overrides(["initial_trust=0.1", "future_contact = 0.2"])
    assert changed.initial_trust == 0.1 and changed.future_contact == 0.2
    assert changed.replace(initial_trust=0.25, future_contact=1.0) == Parameters()


def test_an_unknown_parameter_lists_the_parameters_that_exist() -> None:
    with pytest.raises(InputError, match=r"No model parameter 'trust'.*initial_trust"):
        Parameters().with_overrides(["trust=0.5"])


@pytest.mark.parametrize("spec", ["initial_trust", "initial_trust=high", "=0.3"])
def test_a_malformed_override_shows_the_expected_form(spec: str) -> None:
    with pytest.raises(InputError, match="NAME=NUMBER"):
        Parameters().with_overrides([spec])


def test_a_value_outside_its_range_is_refused_with_the_range() -> None:
    with pytest.raises(InputError, match=r"'initial_trust' must be a number from 0.0 to 1.0, got 1.5"):
        Parameters(initial_trust=1.5)


def test_exposure_grows_with_audience_and_vanishes_with_anonymity_or_no_future_contact() -> None:
    assert Parameters().exposure == pytest.approx(1.0)
    assert Parameters(audience=7).exposure == pytest.approx(3.0)
    assert Parameters(identifiability=0.0).exposure == 0.0
    assert Parameters(future_contact=0.0).exposure == 0.0


def test_docs_list_every_parameter_with_its_default() -> None:

    text = (REPO / "docs" / "model.md").read_text(encoding="utf-8")
    for row in describe():
        assert f"| `{row['name']}` | {row['group']} | {row['default']} |" in text, row["name"]
