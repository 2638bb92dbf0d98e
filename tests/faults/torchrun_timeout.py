"""The Scaling chapter's torchrun launcher, given ranks that hang: when its
timeout fires, torchrun and both ranks must stop (the test looks for
processes left behind)."""

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "snippets" / "scaling"))
from torchrun_launch import torchrun  # noqa: E402

HANGING_RANK = """\
import os
import time
from pathlib import Path
Path(__file__).with_name("rank" + os.environ["RANK"]).touch()  # it started
time.sleep(600)
"""

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder, "hanging_rank.py")
        script.write_text(HANGING_RANK)
        try:
            torchrun(script, nproc_per_node=2, timeout=float(sys.argv[1]))
            print("it returned")
        except subprocess.TimeoutExpired:
            started = sorted(path.name for path in Path(folder).glob("rank*"))
            print("timed out; ranks that had started:", started)
