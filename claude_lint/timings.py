"""Per-phase time totals of one run (``claude-lint check --timings`` or ``CLAUDE_LINT_TIMINGS=1``).

Off by default, and then free: callers test :data:`ENABLED` (a module attribute, read once per
file or once per run) before touching the clock, and the Python engine wraps the rules'
visitor methods in timers only when it is on.  Times are *exclusive*: a phase that runs
inside another (the shared fact build inside the first rule that asks for it) is charged to
itself only, so the phases add up to the time spent.  Worker processes send their totals
back with each batch of results; the parent adds them up (:func:`merge`), so the file
phases are summed over the workers and can exceed the wall clock of a parallel run.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

_MODE = os.environ.get("CLAUDE_LINT_TIMINGS", "")
#: whether the run records timings (set from the environment at import, or by :func:`enable`)
ENABLED: bool = _MODE not in ("", "0")

_totals: dict[str, float] = {}
_counts: dict[str, int] = {}
#: open timers: [start, time spent in timers opened inside this one]
_stack: list[list[float]] = []


#: ``CLAUDE_LINT_TIMINGS=cpu`` measures CPU time (on a loaded machine a fairer measure than
#: the wall clock; a subprocess's CPU is added by :func:`stop_subprocess`), anything else wall time
_clock = time.process_time if _MODE == "cpu" else time.perf_counter
CLOCK = "cpu" if _MODE == "cpu" else "wall"
_children_at: list[float] = []


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return 0.0
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


#: worker processes of the last scan (the runner sets it)
WORKERS = 1

#: the order phases are printed in (others follow, alphabetically)
ORDER = (
    "start-up (imports)",
    "discovery",
    "read",
    "prefilter",
    "cache",
    "decode",
    "text rules",
    "parse",
    "node index",
    "resolver",
    "dispatch (walk)",
    "facts (scopes)",
    "config prefilter",
    "prefilter stage 2",
    "project summaries",
    "suppressions",
    "worker pool (parent)",
    "finalize",
    "semgrep",
    "output",
)


def enable() -> None:
    global ENABLED
    ENABLED = True
    os.environ["CLAUDE_LINT_TIMINGS"] = "1"  # for any process started later


def start() -> None:
    _stack.append([_clock(), 0.0])


def stop(phase: str) -> None:
    """Close the innermost timer and charge its exclusive time to ``phase``."""
    t0, inner = _stack.pop()
    spent = _clock() - t0
    _totals[phase] = _totals.get(phase, 0.0) + spent - inner
    _counts[phase] = _counts.get(phase, 0) + 1
    if _stack:
        _stack[-1][1] += spent


def start_subprocess() -> None:
    """:func:`start` for a phase that waits on a subprocess (semgrep)."""
    start()
    _children_at.append(_children_cpu() if CLOCK == "cpu" else 0.0)


def stop_subprocess(phase: str) -> None:
    """:func:`stop`; with the CPU clock, the CPU time of the subprocess is added."""
    before = _children_at.pop()
    stop(phase)
    if CLOCK == "cpu":
        _totals[phase] += _children_cpu() - before


def depth() -> int:
    return len(_stack)


def unwind(to: int) -> None:
    """Drop timers left open above depth ``to`` (an exception skipped their :func:`stop`);
    their time stays with the timer below."""
    del _stack[to:]


def timed(phase: str, fn: Callable) -> Callable:
    """``fn`` wrapped in a timer (used only when timings are on)."""

    def wrapper(*args, **kwargs):
        start()
        try:
            return fn(*args, **kwargs)
        finally:
            stop(phase)

    return wrapper


def add(phase: str, seconds: float) -> None:
    _totals[phase] = _totals.get(phase, 0.0) + seconds
    _counts[phase] = _counts.get(phase, 0) + 1


def take() -> dict[str, tuple[float, int]]:
    """This process's totals since the last call (a worker sends them with its batch)."""
    out = {k: (v, _counts.get(k, 0)) for k, v in _totals.items()}
    _totals.clear()
    _counts.clear()
    return out


def merge(part: dict[str, tuple[float, int]]) -> None:
    for k, (v, n) in part.items():
        _totals[k] = _totals.get(k, 0.0) + v
        _counts[k] = _counts.get(k, 0) + n


def report(wall: float, workers: int, out: TextIO | None = None) -> None:
    """Print the totals (seconds, share, number of timed calls) to stderr."""
    out = out or sys.stderr
    totals = dict(_totals)
    names = [n for n in ORDER if n in totals] + sorted(n for n in totals if n not in ORDER)
    timed_sum = sum(totals.values())
    print(
        f"claude-lint timings ({CLOCK} clock): wall {wall:.2f} s, {workers} worker{'s' if workers != 1 else ''}; "
        f"phases sum to {timed_sum:.2f} s (file phases summed over the workers)",
        file=out,
    )
    for n in names:
        share = 100.0 * totals[n] / timed_sum if timed_sum else 0.0
        print(f"  {n:34s} {totals[n]:8.3f} s {share:5.1f} %  {_counts.get(n, 0):8d}", file=out)
