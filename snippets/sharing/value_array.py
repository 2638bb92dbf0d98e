from multiprocessing import Array, Process, Value


def f(n, a):
    n.value = 3.1415927
    for i in range(len(a)):
        a[i] = -a[i]


if __name__ == "__main__":
    num = Value("d", 0.0)  # a C double in shared memory
    arr = Array("i", range(10))  # ten C ints in shared memory
    p = Process(target=f, args=(num, arr))
    p.start()
    p.join(timeout=30)
    if p.is_alive() or p.exitcode != 0:
        p.terminate()
        p.join(timeout=5)
        raise RuntimeError(f"worker failed: exit code {p.exitcode}")
    print(num.value)
    print(arr[:])  # a slice of a shared Array is a plain list
