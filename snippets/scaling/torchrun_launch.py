import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("ddp_train.py")  # the script of the listing before

if __name__ == "__main__":
    # torchrun sets OMP_NUM_THREADS=1 for each rank, with a warning, when it
    # is not set: set it ourselves, to the threads each rank should use.
    env = dict(os.environ, OMP_NUM_THREADS="1")
    command = [sys.executable, "-m", "torch.distributed.run",  # what `torchrun` runs
               "--standalone", "--nproc_per_node=2", str(SCRIPT)]
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    print(run.stdout, end="")
    print("torchrun exit status:", run.returncode)
    if run.returncode != 0:
        print(run.stderr[-2000:])
