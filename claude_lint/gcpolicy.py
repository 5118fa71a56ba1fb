"""The garbage collector's pace during a run.

A run allocates syntax trees by the million: with CPython's default threshold (a
young-generation collection every 700 net allocations) the collector ran thousands of times
per Claude-heavy tree, each time walking the young trees — 10-15 % of the CPU of a run on
pydantic-ai.  Every analysed file's reference cycles are broken when its analysis ends
(``PythonContext.release``, ``ScopesMixin.release``, ``syntax.forget_nodes``), so memory
is freed by reference counting and does not depend on the collector's pace: the run
collects ~70x less often, with peak memory unchanged (measured on pydantic-ai, agno and
litellm; README, Performance).  Forked workers inherit the setting.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: young-generation threshold during a run (CPython's default: 700)
RUN_THRESHOLD = (50_000, 20, 100)


@contextmanager
def relaxed() -> Iterator[None]:
    """Run the block with :data:`RUN_THRESHOLD`, then restore the previous thresholds."""
    before = gc.get_threshold()
    gc.set_threshold(*RUN_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)
