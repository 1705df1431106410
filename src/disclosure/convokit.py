"""`DisclosureTransformer`: our measures as a ConvoKit `Transformer` over a `Corpus` (the `convokit` extra).

Per utterance it writes the columns of `analyze` (and the partner's reply to it) as utterance metadata; per
conversation the conversation table of `conversations`; per speaker, `disclosure_by_conversation` ({conversation id:
the speaker's measures there}, as one speaker may take part in several); and the corpus-level effects as corpus
metadata `disclosure_effects`. These are the keys `disclosure conversations -o DIR --format convokit` writes, so a
corpus transformed here and dumped is read back by `conversations` without being scored again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from convokit import Corpus, Transformer, Utterance

from .analyzer import Analyzer
from .constants import DEFAULT_BATCH_SIZE, DEFAULT_MODEL
from .dynamics.columns import DEFAULT_HELPER_ROLES, conversation_columns
from .dynamics.corpus_files import plain
from .dynamics.pipeline import measure_conversations
from .dynamics.tables import ConversationTables
from .errors import message
from .measure.detectors import NotFittedError

__all__ = ["DisclosureTransformer"]


def _every_utterance(utterance: Utterance) -> bool:
    return True


class DisclosureTransformer(Transformer):  # type: ignore[misc]
    """Measure self-disclosure in a ConvoKit corpus and write it into the corpus's metadata.

    Parameters
    ----------
    model : str or Path
        A shipped model name or a model directory, as for `analyze`.
    batch_size : int
        Utterances encoded together.
    device : str
        'cpu' or 'cuda' (see `Analyzer`).
    role_field : str, optional
        The utterance metadata key holding each speaker's role (for the helper measures), if the corpus has one.
    helper_roles : sequence of str
        Role values that mark helpers (counsellors, supporters).
    selector : callable
        `selector(utterance) -> bool`: which utterances are measured (all by default); the others are left as they are.

    Examples
    --------
    >>> corpus = DisclosureTransformer(model="fast").fit_transform(corpus)  # doctest: +SKIP
    >>> corpus.get_utterances_dataframe()["meta.disclosure"]  # doctest: +SKIP
    """

    def __init__(
        self,
        *,
        model: str | Path = DEFAULT_MODEL,
        batch_size: int = DEFAULT_BATCH_SIZE,
        device: str = "cpu",
        role_field: str | None = None,
        helper_roles: Sequence[str] = DEFAULT_HELPER_ROLES,
        selector: Callable[[Utterance], bool] = _every_utterance,
    ) -> None:
        self.model = model
        self.batch_size = batch_size
        self.device = device
        self.role_field = role_field
        self.helper_roles = helper_roles
        self.selector = selector

    def fit(
        self, corpus: Corpus, y: Any = None, selector: Callable[[Utterance], bool] | None = None
    ) -> DisclosureTransformer:
        """Load the model (once); nothing is learnt from `corpus`."""
        self.analyzer_ = Analyzer(self.model, batch_size=self.batch_size, device=self.device)
        return self

    def transform(self, corpus: Corpus, selector: Callable[[Utterance], bool] | None = None) -> Corpus:
        """Write the utterance, speaker, conversation and corpus measures into `corpus`'s metadata; return it.

        The model is loaded on first use if `fit` was not called.
        """
        if not hasattr(self, "analyzer_"):
            self.fit(corpus)
        tables = self.tables(corpus, selector)
        utterances = [u for u in corpus.iter_utterances() if (selector or self.selector)(u)]
        own = {"id", "speaker", "conversation_id", "reply_to", "timestamp", "text", "role"}
        measures = [c for c in tables.utterances.columns if c not in own]
        for utterance, row in zip(utterances, tables.utterances[measures].to_dict("records"), strict=False):
            for key, value in row.items():
                utterance.add_meta(key, plain(value))
        for record in tables.speakers.to_dict("records"):
            speaker = corpus.get_speaker(str(record.pop("speaker")))
            by_conversation = dict(speaker.meta.get("disclosure_by_conversation") or {})
            by_conversation[str(record.pop("conversation"))] = {k: plain(v) for k, v in record.items()}
            speaker.add_meta("disclosure_by_conversation", by_conversation)
        self.conversation_measures_ = [c for c in tables.conversations.columns if c != "conversation"]
        for record in tables.conversations.to_dict("records"):
            conversation = corpus.get_conversation(str(record.pop("conversation")))
            for key, value in record.items():
                conversation.add_meta(key, plain(value))
        corpus.add_meta(
            "disclosure_effects", [{k: plain(v) for k, v in r.items()} for r in tables.effects.to_dict("records")]
        )
        return corpus

    def tables(self, corpus: Corpus, selector: Callable[[Utterance], bool] | None = None) -> ConversationTables:
        """The tables of `conversations` for the selected utterances of `corpus` (nothing is written to it)."""
        if not hasattr(self, "analyzer_"):
            self.fit(corpus)
        chosen = [u for u in corpus.iter_utterances() if (selector or self.selector)(u)]
        frame = pd.DataFrame(
            {
                "id": [u.id for u in chosen],
                "speaker": [u.speaker.id for u in chosen],
                "conversation_id": [u.conversation_id for u in chosen],
                "reply_to": [u.reply_to for u in chosen],
                "timestamp": [u.timestamp for u in chosen],
                "text": pd.Series([u.text for u in chosen], dtype=object),
            }
        )
        if self.role_field is not None:
            frame["role"] = [u.meta.get(self.role_field) for u in chosen]
        columns = conversation_columns(
            True, role_column="role" if self.role_field is not None else None, helper_roles=self.helper_roles
        )
        return measure_conversations(frame, columns, analyzer=self.analyzer_, source="the ConvoKit corpus")

    def summarize(self, corpus: Corpus, selector: Callable[[Utterance], bool] | None = None) -> pd.DataFrame:
        """One row per conversation with the measures `transform` wrote (run `transform` first)."""
        keys = getattr(self, "conversation_measures_", None)
        if keys is None:
            raise NotFittedError(message("not_transformed", name=type(self).__name__))
        rows = {
            conversation.id: {k: conversation.meta.get(k) for k in keys}
            for conversation in corpus.iter_conversations()
            if any((selector or self.selector)(u) for u in conversation.iter_utterances())
        }
        return pd.DataFrame.from_dict(rows, orient="index", columns=keys).rename_axis("conversation")
