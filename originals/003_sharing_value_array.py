from multiprocessing import Process, Value
import time

def f(n, a):
    n.value = 3.1415927
    for i in range(len(a)):
        a[i] = -a[i]

if __name__ == '__main__':
    num = Value('d', 0.0)
    arr = Array('i', range(10))
    p = Process(target=f, args=(num, arr))
    p.start()
    p.join()
    print(num.value) # prints 3.1415927
    print(arr[:]) # prints array('i', [-1, -1, -1, -1, -1, -1, -1, -1, -1, -1])
