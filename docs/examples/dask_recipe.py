"""Evaluate a whole catalogue with Dask, partitioned by measure, on several processes.

    python docs/examples/dask_recipe.py CATALOGUE ACTUALS.csv AS_OF RESULTS.csv [WORKERS]
"""

from __future__ import annotations

import datetime as dt
import sys

import dask.dataframe as dd
import pandas as pd

import cspmeasures
from cspmeasures.frame import evaluate_frame, measure_divisions, partition_measures

#: text columns read as text, as an actuals CSV is read; only the counts are numbers
DTYPES = {"measure": str, "period": str, "value": str, "reported": str, "flag": str,
          "state": str, "judgement": str, "evidence": str, "note": str,
          "numerator": "float64", "denominator": "float64"}  # fmt: skip


def evaluate_partition(part, catalogue, day, divisions, partition_info=None):
    chosen = partition_measures(catalogue, divisions, partition_info["number"])
    return evaluate_frame(catalogue, part, day, measures=chosen)


def evaluate_partitioned(catalogue, actuals_path, day, parts, scheduler="processes"):
    """One row per measure, in the catalogue's order, the partitions computed by ``scheduler``."""
    divisions = measure_divisions(catalogue, parts)
    actuals = dd.read_csv(actuals_path, dtype=DTYPES, keep_default_na=False, na_values=[""])
    spread = actuals.set_index("measure", divisions=divisions)
    meta = evaluate_frame(catalogue, actuals._meta, day, measures=[])
    results = spread.map_partitions(
        evaluate_partition, catalogue, day, divisions, meta=meta
    ).compute(scheduler=scheduler, num_workers=parts)
    order = {m.id: i for i, m in enumerate(catalogue.measures)}
    return results.sort_values("id", key=lambda ids: ids.map(order)).reset_index(drop=True)


if __name__ == "__main__":  # the processes scheduler starts each worker by importing this file
    catalogue_path, actuals_path, as_of, output = sys.argv[1:5]
    workers = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    catalogue = cspmeasures.load_catalogue(catalogue_path)
    day = dt.date.fromisoformat(as_of)
    results = evaluate_partitioned(catalogue, actuals_path, day, workers)
    pd.DataFrame(results).to_csv(output, index=False)
