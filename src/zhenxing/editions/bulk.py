"""Help for work over a whole edition's data in one go (an import, a final's recompute)."""

from __future__ import annotations

import functools
import gc


def without_cyclic_gc(function):
    """Run without Python's cyclic garbage collector, resuming it afterwards. Bulk work makes
    hundreds of thousands of small dicts and lists (none of them cyclic), and every few hundred
    set off a collection that looks again at everything the process holds: a fifth of a
    100,000-row import's time, and more than the rules core in a recompute when the process holds
    much (a worker, a benchmark). Plain reference counting still frees everything."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return run
