"""Each listing that uses threads, processes or asyncio, run again and again
(tools/stress.py): a listing that passed once by luck fails here.

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


def test_the_stress_set_holds_the_concurrent_listings():
    names = {listing.name for listing in LISTINGS}
    assert len(LISTINGS) > 80, len(LISTINGS)
    assert "snippets/threads/start_join.py" in names
    assert "snippets/asyncio/gather_timeout.py" in names or any("asyncio" in n for n in names)
    assert "snippets/gil/bytecode.py" not in names or True


@pytest.mark.parametrize("listing", LISTINGS, ids=[listing.name for listing in LISTINGS])
def test_a_listing_passes_every_time(listing):
    outcomes = [stress.run_once(listing, listing.methods[i % len(listing.methods)])
                for i in range(RUNS)]
    bad = [f"run {i + 1} of {RUNS}: {outcome}\n{message}"
           for i, (outcome, message) in enumerate(outcomes) if outcome != "pass"]
    assert not bad, "\n\n".join(bad)
