"""What the running server holds: the model worker, the limits and the live sessions."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from .batching import ModelWorker
from .limits import Limits
from .sessions import Sessions


@dataclass
class Served:
    """Shared by every request: one loaded model behind one worker."""

    model: str
    worker: ModelWorker
    limits: Limits
    sessions: Sessions


def state(request: Request) -> Served:
    """The server's shared state (set when the app starts)."""
    served: Served = request.app.state.served
    return served
