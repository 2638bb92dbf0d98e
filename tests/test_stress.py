"""Each concurrent listing (tools/stress.py: threads, processes, asyncio,
subprocess, library thread pools), run again and again: a listing that
passed once by luck fails here.

The suite's share is STRESS_RUNS runs a listing (3 unless set), spread over
the start methods it is tested under, on top of tests/test_listings.py's
runs; `make stress` runs 20 under each method.
"""

import os
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import stress  # noqa: E402

RUNS = int(os.environ.get("STRESS_RUNS", "3"))
LISTINGS = stress.listings()


def test_the_stress_set_holds_the_concurrent_listings_and_only_those():
    names = {listing.name for listing in LISTINGS}
    for concurrent in ("snippets/threads/start_join.py",        # threading
                       "snippets/asyncio/taskgroup.py",         # asyncio
                       "snippets/scaling/ddp_train.py",         # torch.multiprocessing
                       "snippets/scaling/torchrun_launch.py",   # subprocess
                       "snippets/libthreads/which_ops.py"):     # library thread pools
        assert concurrent in names, f"{concurrent} is not stressed"
    assert any(name.startswith("docs/zh/") for name in names), "no page block is stressed"
    for plain in ("snippets/profiling/measure.py", "snippets/processes/worker_count.py"):
        assert plain not in names, f"{plain} starts nothing, yet it is stressed"


@pytest.mark.parametrize("listing", LISTINGS, ids=[listing.name for listing in LISTINGS])
def test_a_listing_passes_every_time(listing):
    outcomes = [stress.run_once(listing, listing.methods[i % len(listing.methods)])
                for i in range(RUNS)]
    bad = [f"run {i + 1} of {RUNS}: {outcome}\n{message}"
           for i, (outcome, message) in enumerate(outcomes) if outcome != "pass"]
    assert not bad, "\n\n".join(bad)
