"""Data-parallel steps on the gloo backend, one process per rank on this machine.

Every rank must call the same collectives in the same order: an all-reduce
is matched with the other ranks' next all-reduce by position alone. This
module holds the correct loop (a rank with no data for a step still joins
the all-reduce, contributing zeros) and ``run_ranks``, which starts one
process per rank and never waits longer than a hard deadline.

    python -m snippets.analysis.collectives              # the correct loop
    python -m snippets.analysis.collectives_bad          # a rank skips a step
    TORCH_DISTRIBUTED_DEBUG=DETAIL python -m snippets.analysis.collectives_bad
"""

from __future__ import annotations

import argparse
import importlib
import datetime
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["STEPS", "gradient", "train_steps", "rank_main", "run_ranks", "RankOutput", "main"]

ROOT = Path(__file__).resolve().parents[2]
STEPS = 3


def has_data(rank: int, step: int) -> bool:
    """Rank 1 has no batch at step 1 (an uneven last shard, a filtered batch)."""
    return not (rank == 1 and step == 1)


def gradient(rank: int, step: int):
    """A stand-in gradient whose value tells which rank and step made it."""
    import torch

    return torch.full((4,), float((step + 1) * 10 ** rank))


# --8<-- [start:loop]
def train_steps(rank: int, log) -> None:
    import torch
    import torch.distributed as dist

    for step in range(STEPS):
        if has_data(rank, step):
            grad = gradient(rank, step)
        else:
            grad = torch.zeros(4)  # no batch: still join the collective
        dist.all_reduce(grad)  # every rank, every step, same order
        log(f"rank {rank} step {step}: all_reduce -> {grad[0].item():g}")
# --8<-- [end:loop]


def rank_main(loop, argv=None) -> int:
    """Body of one rank's process: join the group, run ``loop``, report, leave."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--rank", type=int, required=True)
    ap.add_argument("--world-size", type=int, default=2)
    ap.add_argument("--store", required=True, help="path of a FileStore file (must not exist yet)")
    ap.add_argument("--timeout", type=float, default=2.0, help="collective timeout, seconds")
    ap.add_argument("--linger", type=float, default=0.0, help="seconds to stay alive after the loop")
    args = ap.parse_args(argv)

    import torch.distributed as dist

    def log(line):
        print(line, flush=True)

    # Meet first with a generous deadline (importing torch can take many
    # seconds on a busy machine), so the short timeout below only measures
    # the collectives themselves.
    store = dist.FileStore(args.store, args.world_size)
    store.set(f"ready/{args.rank}", "1")
    store.wait([f"ready/{r}" for r in range(args.world_size)], datetime.timedelta(seconds=120))
    dist.init_process_group(
        "gloo",
        store=store,
        rank=args.rank,
        world_size=args.world_size,
        timeout=datetime.timedelta(seconds=args.timeout),
    )
    started = time.monotonic()
    status = 0
    try:
        loop(args.rank, log)
        log(f"rank {args.rank} finished its loop")
        time.sleep(args.linger)  # e.g. writing a checkpoint: alive, but in no collective
    except RuntimeError as e:
        first = str(e).strip().splitlines()[0]
        log(f"rank {args.rank} raised after {time.monotonic() - started:.1f} s: RuntimeError: {first}")
        status = 1
    finally:
        dist.destroy_process_group()
    return status


@dataclass
class RankOutput:
    rank: int
    returncode: int | None  # None: killed at the deadline
    stdout: str
    stderr: str


def run_ranks(module: str, *, world_size: int = 2, timeout: float = 2.0, linger: float = 0.0,
              env: dict | None = None, deadline: float = 120.0) -> list[RankOutput]:
    """Run ``python -m module`` once per rank; kill every rank still alive after ``deadline`` s.

    The ranks meet through a FileStore in a temporary directory and gloo
    talks over the loopback interface only (GLOO_SOCKET_IFNAME=lo), so no
    port is chosen and nothing listens beyond 127.0.0.1.
    """
    with tempfile.TemporaryDirectory(prefix="gloo-") as tmp:
        child_env = {**os.environ, "GLOO_SOCKET_IFNAME": "lo", "PYTHONPATH": str(ROOT), **(env or {})}
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", module, "--rank", str(r), "--world-size", str(world_size),
                 "--store", str(Path(tmp) / "store"), "--timeout", str(timeout),
                 "--linger", str(linger)],
                cwd=ROOT, env=child_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            for r in range(world_size)
        ]
        end = time.monotonic() + deadline
        outputs = []
        for r, p in enumerate(procs):
            try:
                out, err = p.communicate(timeout=max(0.1, end - time.monotonic()))
                outputs.append(RankOutput(r, p.returncode, out, err))
            except subprocess.TimeoutExpired:
                p.kill()
                out, err = p.communicate()
                outputs.append(RankOutput(r, None, out, err + f"\n[killed after {deadline} s]"))
        return outputs


def main(module: str) -> None:
    """``python -m <module>``: with --rank, be that rank; without, run all ranks."""
    if "--rank" in sys.argv:
        sys.exit(rank_main(importlib.import_module(module).train_steps))
    ap = argparse.ArgumentParser(description="run 2 gloo ranks of this module's training loop")
    ap.add_argument("--timeout", type=float, default=2.0)
    args = ap.parse_args()
    for out in run_ranks(module, timeout=args.timeout, linger=args.timeout + 1):
        print(f"--- rank {out.rank} (exit code {out.returncode})")
        print(out.stdout.rstrip())


if __name__ == "__main__":
    main(__spec__.name)
