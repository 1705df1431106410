"""The motivational model: why people disclose (decision rule), relationships over time (simulation), and its fit."""

from .fit import FitResult, fit
from .parameters import Parameters
from .simulation import simulate, to_utterances, write_simulation

__all__ = ["FitResult", "Parameters", "fit", "simulate", "to_utterances", "write_simulation"]
