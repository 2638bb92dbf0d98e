"""The only conditions under which a block on a page may be skipped.

A page marks such a block with
    <!-- pytest.mark.skipif(not torch.cuda.is_available(), reason="...") -->
The suite refuses any other condition (tests/pages.py), skips the block
where the condition holds, and the build puts a note beside the block saying
why this build did not run it (hooks/skipped.py).
"""

import glob
import os
import shutil
import subprocess
import sys
import sysconfig

# condition as written in the marker -> (holds here?, why, in each language)
CONDITIONS = {
    "not torch.cuda.is_available()": (
        lambda: not __import__("torch").cuda.is_available(),
        {"en": "it needs a CUDA GPU, and this build had none",
         "zh": "它需要 CUDA GPU，而本次构建的机器没有"}),
    "sys.version_info < (3, 12)": (
        lambda: sys.version_info < (3, 12),
        {"en": "it needs Python 3.12 or newer, and this build ran an older Python",
         "zh": "它需要 Python 3.12 或更新版本，而本次构建用的是更早的版本"}),
    "sys.version_info < (3, 13)": (
        lambda: sys.version_info < (3, 13),
        {"en": "it needs Python 3.13 or newer, and this build ran an older Python",
         "zh": "它需要 Python 3.13 或更新版本，而本次构建用的是更早的版本"}),
    "sys.version_info < (3, 14)": (
        lambda: sys.version_info < (3, 14),
        {"en": "it needs Python 3.14 or newer, and this build ran an older Python",
         "zh": "它需要 Python 3.14 或更新版本，而本次构建用的是更早的版本"}),
    "not sysconfig.get_config_var('Py_GIL_DISABLED')": (
        lambda: not sysconfig.get_config_var("Py_GIL_DISABLED"),
        {"en": "it needs a free-threaded build of Python (3.13t or 3.14t), and this build ran one with the GIL",
         "zh": "它需要自由线程构建版的 Python（3.13t 或 3.14t），而本次构建用的是带 GIL 的版本"}),
}


def holds(condition: str) -> bool:
    return CONDITIONS[condition][0]()


def why(condition: str, language: str) -> str:
    return CONDITIONS[condition][1][language]


# A version condition names the Python a skipped block needs; where such an
# interpreter is installed beside this one, the suite runs the block with it.
NEEDS_VERSION = {"sys.version_info < (3, 12)": "3.12", "sys.version_info < (3, 13)": "3.13", "sys.version_info < (3, 14)": "3.14"}


def interpreter_for(condition: str) -> str | None:
    """A Python that the block skipped under this condition can run on, if
    this machine has one: python3.X on PATH, or one installed by pyenv."""
    version = NEEDS_VERSION.get(condition)
    if version is None:
        return None
    candidates = [*sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}*/bin/python{version}"))),
                  shutil.which(f"python{version}")]
    wanted = tuple(map(int, version.split(".")))
    for candidate in filter(None, candidates):  # a pyenv shim may be there and not run
        check = subprocess.run([candidate, "-c", f"import sys; sys.exit(sys.version_info[:2] != {wanted})"],
                               capture_output=True, timeout=30)
        if check.returncode == 0:
            return candidate
    return None
