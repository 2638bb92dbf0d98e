from multiprocessing import Process
from multiprocessing.managers import DictProxy, SyncManager


class CountingDictProxy(DictProxy):
    """A manager dict's proxy that counts its calls to the manager."""

    round_trips = 0  # in this process

    def _callmethod(self, methodname, args=(), kwds={}):
        CountingDictProxy.round_trips += 1  # one request, one reply
        return super()._callmethod(methodname, args, kwds)


class CountingManager(SyncManager):
    pass


CountingManager.register("dict", dict, CountingDictProxy)


def report_loss(stats, worker):
    stats[f"loss-{worker}"] = 0.25 * (worker + 1)  # one round trip


def trips(action):
    before = CountingDictProxy.round_trips
    action()
    return CountingDictProxy.round_trips - before


def count_locally(stats):
    steps = 0
    for _ in range(100):
        steps += 1  # a local int: no round trip
    stats["steps"] = steps


if __name__ == "__main__":
    with CountingManager() as manager:  # starts the manager's server process
        stats = manager.dict(steps=0)

        def add_one_by_one():
            for _ in range(100):
                stats["steps"] += 1  # a __getitem__ and a __setitem__

        print("100 x stats['steps'] += 1:", trips(add_one_by_one), "round trips")
        print("count locally, store once:", trips(lambda: count_locally(stats)), "round trip")

        stats["history"] = []
        stats["history"].append(0.5)  # appends to a copy that was sent back
        print("history after append:", stats["history"])
        history = stats["history"]
        history.append(0.5)
        stats["history"] = history  # store the changed list back
        print("history stored back:", stats["history"])

        workers = [Process(target=report_loss, args=(stats, w)) for w in range(2)]
        try:
            for w in workers:
                w.start()
            for w in workers:
                w.join(timeout=30)
        finally:
            for w in workers:
                if w.is_alive():
                    w.terminate()
                    w.join(timeout=5)
        if any(w.exitcode != 0 for w in workers):
            raise RuntimeError(f"workers failed: {[w.exitcode for w in workers]}")
        print("written by the workers:", {k: v for k, v in sorted(stats.items())
                                          if k.startswith("loss-")})
