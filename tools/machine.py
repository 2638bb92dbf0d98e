"""Facts about the machine and software that ran a build: printed beside
every figure, and part of the key under which benchmark results are cached."""

import datetime
import os
import platform
import sysconfig
from importlib import metadata

THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def version(package):
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def blas_threads():
    """BLAS/OpenMP pools as threadpoolctl sees them, e.g. 'openblas: 2'."""
    try:
        import numpy  # noqa: F401  (loads the BLAS library to inspect)
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown"
    pools = [f"{p['internal_api']}: {p['num_threads']}" for p in threadpool_info()]
    return ", ".join(sorted(pools)) or "none found"  # sorted: not in load order


def facts():
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu_model(),
        "logical_cores": os.cpu_count(),
        "usable_cores": usable,
        "os": platform.platform(),
        "python": platform.python_version(),
        "python_build": "free-threaded" if sysconfig.get_config_var("Py_GIL_DISABLED") else "GIL",
        "numpy": version("numpy"),
        "torch": version("torch"),
        "blas_threads": blas_threads(),
        "thread_variables": {name: os.environ.get(name) for name in THREAD_VARIABLES},
        "date": datetime.date.today().isoformat(),
    }


def identity(facts_):
    """What must match for a cached result to be reused (not the date)."""
    return {key: value for key, value in facts_.items() if key != "date"}
