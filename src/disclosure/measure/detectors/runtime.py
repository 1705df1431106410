"""ONNX Runtime sessions: one per loaded graph, with explicit providers (CPU or CUDA) and thread counts."""

from __future__ import annotations

import os
from typing import Any

from ...errors import ModelError, message

PROVIDERS = {"cpu": ["CPUExecutionProvider"], "cuda": ["CUDAExecutionProvider", "CPUExecutionProvider"]}
"""Execution providers per device; with CUDA, the few operators it lacks run on the CPU."""


def cpu_threads() -> int:
    """Threads for one session: `OMP_NUM_THREADS` when set (as for PyTorch and NumPy), else the cores this process
    may use."""
    given = os.environ.get("OMP_NUM_THREADS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def inference_session(graph: bytes, device: str, *, source: str = "the exported graph") -> Any:
    """An `InferenceSession` over the ONNX bytes `graph` (read from `source`) on `device` ('cpu' or 'cuda').

    The graph is passed as bytes, not a path, so it cannot pull in external data files from elsewhere on disk.
    """
    import onnxruntime as ort
    from onnxruntime.capi import onnxruntime_pybind11_state as state

    missing = [p for p in PROVIDERS[device] if p not in ort.get_available_providers()]
    if missing:
        raise ModelError(message("no_gpu_runtime", device=device, providers=ort.get_available_providers()))
    options = ort.SessionOptions()
    options.intra_op_num_threads = cpu_threads()
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    # Idle worker threads sleep instead of spinning: spinning burns the cores that tokenising, the theory measures,
    # other Ray actors or other users need (on a shared 2-core machine `default` scored 1.5x faster without it).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Batches differ in shape (texts sorted by length): planning memory for one shape would only waste it.
    options.enable_mem_pattern = False
    options.log_severity_level = 3
    try:
        return ort.InferenceSession(graph, options, providers=PROVIDERS[device])
    except (state.Fail, state.InvalidProtobuf, state.InvalidGraph, state.InvalidArgument, state.NotImplemented) as err:
        raise ModelError(message("bad_graph", source=source, reason=str(err).splitlines()[0][:300])) from None
