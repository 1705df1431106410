"""Loopback load on `disclosure serve`: closed-loop clients sending sentences to POST /analyze, at several client
counts, beside the same model's in-process rate, optionally against a baseline checkout in the same run.

    python benchmarks/serve_load.py --model default --clients 1,8,32,128 --seconds 10 --flood 128x16 \
        --baseline /tmp/base

For each checkout (this one, and `--baseline DIR` whose `DIR/src` is imported instead) and each client count:
`disclosure serve` starts in its own process on a free loopback port and is warmed up; `--clients` closed-loop
clients on keep-alive connections (each sends one sentence, waits for the answer, sends the next) run for
`--seconds`; then the same model scores the same sentences in a separate process of the same checkout for as long
(`Analyzer.analyze`, batch 64: the CLI's steady state), so each row has its ratio under the same machine load. Also
measured in that process: the median time of one batch of 32 sentences (the latency target is a multiple of it).
`--flood CxN` adds a round of C clients sending N sentences per request, enough to fill the server's queue: what
matters there is that every answer is 200 or 503 with Retry-After, and that answered requests stay bounded.
Reported per row: requests answered, 503s (with Retry-After), other errors (any other status, a row not `ok`, a
broken connection), throughput, p50/p95/p99/max latency and the server's mean texts per batch.
Sentences: CL-Aff train sentences from ../shared when present, else the development set's own texts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
CLAFF_TRAIN = REPO.parent / "shared" / "data" / "claff-offmychest" / "train.csv"
DEVSET = REPO / "tests" / "data" / "theory_devset.csv"


def sentences(n: int) -> list[str]:
    if CLAFF_TRAIN.is_file():
        texts = pd.read_csv(CLAFF_TRAIN)["full_text"].astype(str).tolist()
    else:
        texts = [t for t in pd.read_csv(DEVSET, keep_default_na=False)["text"] if t]
    return [texts[i % len(texts)] for i in range(n)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def request_bytes(port: int, texts: list[str]) -> bytes:
    body = json.dumps({"text": texts[0]} if len(texts) == 1 else {"texts": texts}).encode()
    head = (
        f"POST /analyze HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def client(
    port: int, requests: list[bytes], first: int, step: int, deadline: float, tally: dict[str, Any]
) -> None:
    """One closed-loop client on a keep-alive connection: a minimal HTTP/1.1 exchange, so the load generator
    costs little CPU beside the server on the same machine. A 503 is counted (with whether it said Retry-After)
    and the client waits as long as it asked before sending again."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    k = first
    try:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            writer.write(requests[k % len(requests)])
            k += step
            await writer.drain()
            status = await reader.readline()
            headers: dict[bytes, bytes] = {}
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get(b"content-length", b"0")))
            if b" 503 " in status:
                tally["refused"] += 1
                tally["retry_after"] += b"retry-after" in headers
                asked = float(headers.get(b"retry-after", b"1"))
                await asyncio.sleep(min(asked, max(0.0, deadline - time.perf_counter())))
            elif b" 200 " not in status or b'"status":"ok' not in body:
                tally["errors"].append(status.decode(errors="replace").strip())
            else:
                tally["latencies"].append(time.perf_counter() - start)
    except (OSError, asyncio.IncompleteReadError) as err:
        tally["errors"].append(type(err).__name__)
    finally:
        writer.close()


async def load(port: int, texts: list[str], clients: int, per_request: int, seconds: float) -> dict[str, Any]:
    requests = [request_bytes(port, texts[i : i + per_request]) for i in range(0, len(texts), per_request)]
    tally: dict[str, Any] = {"latencies": [], "errors": [], "refused": 0, "retry_after": 0}
    start = time.perf_counter()
    await asyncio.gather(*(client(port, requests, i, clients, start + seconds, tally) for i in range(clients)))
    tally["seconds"] = time.perf_counter() - start
    tally["texts_per_second"] = len(tally["latencies"]) * per_request / tally["seconds"]
    return tally


def health(port: int) -> dict[str, Any]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as answer:
        found: dict[str, Any] = json.load(answer)
        return found


IN_PROCESS = """
import json, sys, time
import numpy as np
from disclosure import Analyzer
model, seconds, texts = sys.argv[1], float(sys.argv[2]), json.load(sys.stdin)
analyzer = Analyzer(model)
analyzer.analyze(texts[:64])
done, start = 0, time.perf_counter()
while time.perf_counter() - start < seconds:
    analyzer.analyze([texts[(done + i) % len(texts)] for i in range(256)])
    done += 256
rate = done / (time.perf_counter() - start)
times = []
for k in range(15):
    t = time.perf_counter()
    analyzer.measure(texts[32 * k : 32 * k + 32])
    times.append(time.perf_counter() - t)
print(json.dumps({"rate": rate, "batch_of_32": float(np.median(times))}))
"""


def environment(src: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def in_process(src: Path | None, model: str, texts: list[str], seconds: float) -> dict[str, float]:
    """The CLI's own path (Analyzer.analyze, chunks of 256 at batch 64) for about `seconds`, in a fresh process of
    the checkout at `src`, and the median time of one `measure` call on 32 sentences."""
    done = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, model, str(seconds)],
        input=json.dumps(texts[:3000]),
        capture_output=True,
        text=True,
        check=True,
        env=environment(src),
    )
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def start_server(model: str, port: int, src: Path | None) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "disclosure", "serve", "--port", str(port), "--model", model, "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment(src),
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            health(port)
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not start within 180 s")


def round_of(
    src: Path | None, model: str, texts: list[str], clients: int, per_request: int, seconds: float
) -> dict[str, Any]:
    port = free_port()
    server = start_server(model, port, src)
    try:
        asyncio.run(load(port, texts[-400:], min(clients, 32), 1, 2.0))  # warm-up, not counted
        before = health(port)["batches"]
        tally = asyncio.run(load(port, texts, clients, per_request, seconds))
        batches = health(port)["batches"] - before
    finally:
        server.terminate()
        server.wait(timeout=30)
    ms = np.array(tally["latencies"] or [float("nan")]) * 1000
    baseline = in_process(src, model, texts, seconds)
    answered = len(tally["latencies"])
    return {
        "clients": clients,
        "per_request": per_request,
        "answered": answered,
        "refused": tally["refused"],
        "retry_after": tally["retry_after"],
        "errors": len(tally["errors"]),
        "rate": tally["texts_per_second"],
        "p50": float(np.percentile(ms, 50)),
        "p95": float(np.percentile(ms, 95)),
        "p99": float(np.percentile(ms, 99)),
        "max": float(ms.max()),
        "texts_per_batch": answered * per_request / max(1, batches),
        "in_process": baseline["rate"],
        "batch_of_32_ms": baseline["batch_of_32"] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="default")
    parser.add_argument("--clients", default="1,8,32,128", help="client counts, comma-separated")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds of load per round")
    parser.add_argument("--flood", default="", help="CxN: one more round of C clients sending N sentences each")
    parser.add_argument("--baseline", type=Path, help="a checkout (DIR/src) measured the same way in this run")
    parser.add_argument("--json", type=Path, help="write every row here too")
    args = parser.parse_args()
    texts = sentences(5000)
    plan = [(int(c), 1) for c in args.clients.split(",") if c]
    if args.flood:
        clients, per_request = (int(x) for x in args.flood.lower().split("x"))
        plan.append((clients, per_request))
    checkouts: list[tuple[str, Path | None]] = [("this checkout", REPO / "src")]
    if args.baseline is not None:
        checkouts.insert(0, ("baseline", args.baseline.resolve() / "src"))
    load_before = os.getloadavg()[0]
    rows = []
    for clients, per_request in plan:
        for name, src in checkouts:  # each client count: the baseline, then this checkout, back to back
            row = {"checkout": name, **round_of(src, args.model, texts, clients, per_request, args.seconds)}
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    print(
        f"# {date.today()} {platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"model {args.model}, {args.seconds:g} s per round, load average {load_before:.1f} before and "
        f"{os.getloadavg()[0]:.1f} after, sentences from "
        f"{'CL-Aff train' if CLAFF_TRAIN.is_file() else 'the development set'}"
    )
    print(
        "| checkout | clients x sentences | answered | 503 (with Retry-After) | other errors | sentences/s | "
        "in process /s | ratio | p50 ms | p95 ms | p99 ms | max ms | batch of 32 in process ms | p99 / batch of 32 "
        "| texts per batch |"
    )
    print("|" + "---|" * 15)
    for r in rows:
        print(
            f"| {r['checkout']} | {r['clients']} x {r['per_request']} | {r['answered']:,} | {r['refused']} "
            f"({r['retry_after']}) | {r['errors']} | {r['rate']:.0f} | {r['in_process']:.0f} | "
            f"{r['rate'] / r['in_process']:.2f} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | {r['max']:.0f} | "
            f"{r['batch_of_32_ms']:.0f} | {r['p99'] / r['batch_of_32_ms']:.1f} | {r['texts_per_batch']:.1f} |"
        )
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
