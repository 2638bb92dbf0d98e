"""What it costs to start a process and wait for it, with each start
method: fork copies the parent, spawn starts a fresh interpreter, and
forkserver forks from a small server process started once."""

import multiprocessing

from timing import Benchmark, sizes

# Output varies: sizes depend on BENCH_MODE.
STARTS = sizes(tiny=2, quick=10, full=30)


def nothing():
    pass


def start_and_join(context):
    def run():
        for _ in range(STARTS):
            process = context.Process(target=nothing)
            process.start()
            process.join(timeout=60)
            if process.exitcode != 0:
                raise RuntimeError(f"child exited with {process.exitcode}")
    return run


def main():
    # This listing picks its own start methods: it compares them.
    methods = [m for m in ("spawn", "forkserver", "fork")
               if m in multiprocessing.get_all_start_methods()]
    bench = Benchmark("start_methods", f"start and join {STARTS} empty processes",
                      rounds=sizes(tiny=1, quick=9, full=9))
    for method in methods:
        # No ideal here: this compares costs. spawn is the portable default.
        bench.add(method, start_and_join(multiprocessing.get_context(method)),
                  baseline=(method == "spawn"), ideal=None,
                  recommended=(method == "forkserver"))
    bench.run()  # the warm-up starts the forkserver's server process
    bench.report()


if __name__ == "__main__":
    main()
