import threading

num = 0

def add_number():
    global num
    for _ in range(10000):
        lock.acquire()
        temp = num
        temp += 1
        num = temp
        lock.release()

# 创建锁对象
lock = threading.Lock()
# 创建并启动多个线程
threads = [t
