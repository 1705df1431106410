"""disclosure: measure, explain and model self-disclosure in real language, offline.

Public API::

    analyze(texts_or_dataframe, ...)  -> pandas.DataFrame   score utterances
    Analyzer(model=...)                                    load a model once, score many tables
    DisclosureDetector                                     the trainable detector (scikit-learn style)
    redact(texts, mode=, audience=) / explain(text, analyzer)  privacy redaction; plain-language evidence per column
    privacy_spans(text, audience=)    -> list[PrivacySpan]  what the privacy assistant flags, why, and a rewrite
    disclosure.serve.serve(host, port, model=)            the HTTP API and the local web app (extra 'serve')
    recalibrate(texts, codes, output, model=...) -> Path   refit a model's probabilities to your own coded sample
    export_onnx(model_dir)            -> Path               export a retrained model's ONNX graph (train extra)
    simulate(dyads, turns, params)    -> pandas.DataFrame   the motivational model over time
    fit(utterances)                   -> FitResult          estimate its parameters from conversations
    conversations(table_or_path, ...) -> ConversationTables utterances, speakers, conversations, effects
    compare(table_or_path, by, ...)   -> Comparison         group differences (and group x valence), with CIs
    report(table_or_path, output)     -> Path               one self-contained HTML report
    analyze_corpus(shards, out, engine="ray") -> Manifest   a corpus of shards, resumable, locally or on Ray
    conversations_corpus(shards, out, engine="ray")         conversations spread over shards
"""

import importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from .constants import __version__ as __version__
from .errors import DisclosureError, InputError, ModelError

if _TYPE_CHECKING:  # the same names as _LAZY, for type checkers (a test holds the two equal)
    from .analyzer import Analyzer as Analyzer
    from .analyzer import analyze as analyze
    from .analyzer import explain as explain
    from .dynamics.compare import Comparison as Comparison
    from .dynamics.pipeline import compare as compare
    from .dynamics.pipeline import conversations as conversations
    from .dynamics.tables import ConversationTables as ConversationTables
    from .engines.corpus import analyze_corpus as analyze_corpus
    from .engines.corpus_conversations import conversations_corpus as conversations_corpus
    from .instrument.recalibration import recalibrate as recalibrate
    from .measure.detectors import shipped_models as shipped_models
    from .measure.detectors.transformer import DisclosureDetector as DisclosureDetector
    from .measure.detectors.transformer import export_onnx as export_onnx
    from .measure.privacy import PrivacySpan as PrivacySpan
    from .measure.privacy import privacy_spans as privacy_spans
    from .measure.redaction import redact as redact
    from .measure.redaction import redact_frame as redact_frame
    from .measure.theory import TheoryMeasure as TheoryMeasure
    from .model import fit as fit
    from .model import simulate as simulate
    from .reports.dynamics import report as report

_LAZY = {
    "Analyzer": ".analyzer",
    "analyze": ".analyzer",
    "explain": ".analyzer",
    "shipped_models": ".measure.detectors",
    "Comparison": ".dynamics.compare",
    "compare": ".dynamics.pipeline",
    "conversations": ".dynamics.pipeline",
    "ConversationTables": ".dynamics.tables",
    "analyze_corpus": ".engines.corpus",
    "conversations_corpus": ".engines.corpus_conversations",
    "DisclosureDetector": ".measure.detectors.transformer",
    "export_onnx": ".measure.detectors.transformer",
    "PrivacySpan": ".measure.privacy",
    "privacy_spans": ".measure.privacy",
    "redact": ".measure.redaction",
    "redact_frame": ".measure.redaction",
    "TheoryMeasure": ".measure.theory",
    "fit": ".model",
    "simulate": ".model",
    "recalibrate": ".instrument.recalibration",
    "report": ".reports.dynamics",
}
"""Public names whose modules import ONNX Runtime, scikit-learn or SciPy's statistics, by module: loaded on first
use, so every command starts fast."""


__all__ = ["DisclosureError", "InputError", "ModelError", *_LAZY]
"""The public surface: the exceptions, imported at once, then the lazy names (each listed once, in `_LAZY`)."""


def __getattr__(name: str) -> _Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'disclosure' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
