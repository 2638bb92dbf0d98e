import threading

def print_numbers():
    for i in range(1, 6):
        print(i)

# 创建线程实例
t = threading.Thread(target=print_numbers)
# 启动线程
t.start()
# 等待线程执行完毕
t.join()
