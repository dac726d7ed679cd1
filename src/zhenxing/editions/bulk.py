"""Help for work over a whole edition's data in one go (an import, a final's recompute)."""

from __future__ import annotations

import functools
import gc

from django.db import connection


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


def update_sql(model, names: list[str]) -> str:
    """One row's UPDATE of the fields `names` by primary key, for `executemany` with the values
    (prepared by the fields) and then the key: one statement run for every row, where
    `bulk_update` builds a CASE per field naming every row."""
    quote, meta = connection.ops.quote_name, model._meta
    return "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 - quoted names from the model
        quote(meta.db_table),
        ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in names),
        quote(meta.pk.column),
    )
