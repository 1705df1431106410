"""What the transformer tier's ONNX graph promises its reader: its outputs and the metadata keys the export writes."""

GRAPH_OUTPUTS = ("logits", "sentence_vector")
"""What the graph returns per text: the five uncalibrated scores and the pooled sentence vector."""
DIGEST_KEY = "disclosure.weights_sha256"
"""Graph metadata: the SHA-256 of the `detector.safetensors` bytes the graph was exported from."""
PRECISION_KEY = "disclosure.precision"
