"""Loopback load on `disclosure serve`: concurrent clients sending single sentences to POST /analyze.

    python benchmarks/serve_load.py --model default --clients 32 --seconds 30 --baseline-n 3000

Starts `disclosure serve` in its own process on a free loopback port, warms it up, then runs `--clients` closed-loop
clients (each sends one sentence, waits for the answer, sends the next) for `--seconds` seconds in all and stops by
itself (also after `--max-requests`). The load runs in `--rounds` slices; after each slice the same model scores the
same sentences in this process for as long (Analyzer.analyze, batch 64: the CLI's steady state), so each round gives a
server/CLI throughput ratio measured under the same machine load (the machine is shared; its load drifts). Reports
p50/p90/p99/max latency over all rounds, throughput, errors, the server's mean batch size, the ratios, and
`disclosure analyze` on the same sentences as a whole process.
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
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch

from disclosure import Analyzer

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


def start_server(model: str, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "disclosure", "serve", "--port", str(port), "--model", model],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not start within 180 s")


def request_bytes(port: int, text: str) -> bytes:
    body = json.dumps({"text": text}).encode()
    head = (
        f"POST /analyze HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def client(
    port: int,
    requests: list[bytes],
    first: int,
    step: int,
    deadline: float,
    budget: list[int],
    latencies: list[float],
    errors: list[str],
) -> None:
    """One closed-loop client on a keep-alive connection: a minimal HTTP/1.1 exchange, so the load generator
    costs little CPU beside the server on the same machine."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    k = first
    try:
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            start = time.perf_counter()
            writer.write(requests[k % len(requests)])
            k += step
            await writer.drain()
            status = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            body = await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            if b" 200 " not in status or b'"status":"ok' not in body:
                errors.append(status.decode(errors="replace").strip())
    except (OSError, asyncio.IncompleteReadError) as err:
        errors.append(type(err).__name__)
    finally:
        writer.close()


async def load(port: int, texts: list[str], clients: int, seconds: float, max_requests: int) -> dict[str, Any]:
    requests = [request_bytes(port, t) for t in texts]
    latencies: list[float] = []
    errors: list[str] = []
    budget = [max_requests]
    start = time.perf_counter()
    await asyncio.gather(
        *(client(port, requests, i, clients, start + seconds, budget, latencies, errors) for i in range(clients))
    )
    elapsed = time.perf_counter() - start
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "seconds": elapsed,
        "throughput": len(latencies) / elapsed,
        "latencies": latencies,
    }


def batches(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as answer:
        return int(json.load(answer)["batches"])


def cli_throughput(model: str, texts: list[str]) -> tuple[float, float]:
    """`disclosure analyze` on `texts` as one process: (rows/s with start-up, seconds)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sentences.csv"
        pd.DataFrame({"text": texts}).to_csv(source, index=False)
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "disclosure",
                "analyze",
                str(source),
                "-o",
                str(Path(folder) / "out.csv"),
                "--model",
                model,
                "-q",
            ],
            check=True,
        )
        seconds = time.perf_counter() - start
    return len(texts) / seconds, seconds


def in_process_throughput(analyzer: Analyzer, texts: list[str], seconds: float, first: int) -> tuple[float, int]:
    """The CLI's own path (Analyzer.analyze, chunks of 256 at batch 64) for about `seconds`, from sentence `first`:
    (sentences/s, where it stopped)."""
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        chunk = [texts[(first + done + i) % len(texts)] for i in range(256)]
        analyzer.analyze(chunk)
        done += len(chunk)
    return done / (time.perf_counter() - start), first + done


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="default")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline-n", type=int, default=2000)
    args = parser.parse_args()
    texts = sentences(max(args.baseline_n, 5000))
    port = free_port()
    server = start_server(args.model, port)
    analyzer = Analyzer(args.model)
    analyzer.analyze(texts[:64])
    rounds, steady_rates, latencies = [], [], []
    try:
        asyncio.run(load(port, texts[-200:], args.clients, 3.0, 2000))  # warm-up, not counted
        before, position = batches(port), 0
        for _ in range(args.rounds):
            part = asyncio.run(load(port, texts, args.clients, args.seconds / args.rounds, args.max_requests))
            latencies += part.pop("latencies")
            rate, position = in_process_throughput(analyzer, texts, part["seconds"], position)
            rounds.append(part)
            steady_rates.append(rate)
        scored_batches = batches(port) - before
    finally:
        server.terminate()
        server.wait(timeout=30)
    ms = np.array(latencies) * 1000
    requests = sum(int(r["requests"]) for r in rounds)
    result = {
        "requests": requests,
        "errors": sum(int(r["errors"]) for r in rounds),
        "throughput": requests / sum(r["seconds"] for r in rounds),
        "p50": float(np.percentile(ms, 50)),
        "p90": float(np.percentile(ms, 90)),
        "p99": float(np.percentile(ms, 99)),
        "max": float(ms.max()),
        "mean_batch": requests / max(1, scored_batches),
    }
    ratios = [r["throughput"] / rate for r, rate in zip(rounds, steady_rates, strict=False)]
    cli_rate, cli_seconds = cli_throughput(args.model, texts[: args.baseline_n])
    print(
        f"# {date.today()} {platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"torch {torch.__version__} ({torch.get_num_threads()} threads), model {args.model}, "
        f"{args.clients} clients x {args.seconds:g} s, sentences from "
        f"{'CL-Aff train' if CLAFF_TRAIN.is_file() else 'the development set'}"
    )
    print(
        f"| serve, POST /analyze, 1 sentence per request | {result['requests']:,} | {result['errors']} | "
        f"{result['throughput']:.0f} | {result['p50']:.0f} | {result['p90']:.0f} | {result['p99']:.0f} | "
        f"{result['max']:.0f} | {result['mean_batch']:.1f} |"
    )
    print(
        f"| `disclosure analyze` (whole process, {args.baseline_n:,} sentences, {cli_seconds:.1f} s) | "
        f"{args.baseline_n:,} | - | {cli_rate:.0f} | | | | | 64 |"
    )
    print(
        f"| Analyzer.analyze in process, between the load slices (the CLI's steady state) | - | - | "
        f"{np.mean(steady_rates):.0f} | | | | | 64 |"
    )
    print(
        "per round: serve "
        + ", ".join(f"{r['throughput']:.1f}" for r in rounds)
        + " /s; in process "
        + ", ".join(f"{rate:.1f}" for rate in steady_rates)
        + " /s; ratio "
        + ", ".join(f"{x:.2f}" for x in ratios)
        + f" (median {np.median(ratios):.2f})"
    )
    print(f"serve / CLI whole process: {result['throughput'] / cli_rate:.2f}")


if __name__ == "__main__":
    main()
