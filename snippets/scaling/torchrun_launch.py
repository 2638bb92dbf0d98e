import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("ddp_train.py")  # the script of the listing before


def torchrun(script, nproc_per_node, timeout):
    """Run `script` under torchrun; return its exit status, stdout and stderr."""
    # torchrun sets OMP_NUM_THREADS=1 for each rank, with a warning, when it
    # is not set: set it ourselves, to the threads each rank should use.
    env = dict(os.environ, OMP_NUM_THREADS="1")
    command = [sys.executable, "-m", "torch.distributed.run",  # what `torchrun` runs
               "--standalone", f"--nproc_per_node={nproc_per_node}", str(script)]
    with subprocess.Popen(command, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as launcher:
        try:
            stdout, stderr = launcher.communicate(timeout=timeout)
        except BaseException:  # the timeout, or Ctrl-C
            # SIGTERM, which torchrun passes on to its ranks before it exits.
            # Not SIGKILL, as subprocess.run(timeout=) sends: each rank runs
            # in a session of its own, and would outlive a killed torchrun.
            launcher.terminate()
            try:
                launcher.communicate(timeout=60)  # torchrun gives ranks 30 s
            except subprocess.TimeoutExpired:
                launcher.kill()  # the last resort: its ranks may be left running
            raise
    return launcher.returncode, stdout, stderr


if __name__ == "__main__":
    status, stdout, stderr = torchrun(SCRIPT, nproc_per_node=2, timeout=120)
    print(stdout, end="")
    print("torchrun exit status:", status)
    if status != 0:
        print(stderr[-2000:])
