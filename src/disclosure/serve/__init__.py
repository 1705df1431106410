"""The HTTP API and the local web app (`disclosure serve`): routers that call the library; no analysis here."""

from __future__ import annotations

from pathlib import Path

from ..constants import DEFAULT_MODEL
from .app import create_app
from .limits import DEFAULT_LIMITS, Limits
from .security import check_binding

__all__ = ["Limits", "create_app", "serve"]


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    model: str | Path = DEFAULT_MODEL,
    token: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    quiet: bool = False,
) -> None:
    """Serve the API and the web app until interrupted (Ctrl-C); `quiet` logs warnings and errors only.

    Only this machine can connect unless `host` says otherwise, and then a `token` is required: callers send
    'Authorization: Bearer <token>', and the page is opened at http://HOST:PORT/#token=<token>.
    """
    import uvicorn

    check_binding(host, token, port)
    app = create_app(model, token=token, limits=limits)
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    print(f"disclosure: serving on {where}{'#token=' + token if token else ''} (Ctrl-C stops)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning" if quiet else "info", timeout_graceful_shutdown=2)
