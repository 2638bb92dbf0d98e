import threading

def load_data_from_source(source_id):
    # 模拟从数据源加载数据
    print(f"Loading data from source {source_id}...")
    # 假设这里有一些I/O操作
    import time
    time.sleep(1) # 模拟I/O等待时间
    print(f"Data from source {source_id} loaded.")

# 创建多个线程加载数据
threads = []
for i in range(5): # 假设有5个数据源
    t = threading.Thread(target=load_data_from_source, args=(i,))
    t.start()
    threads.append(t)

# 等待所有线程完成
for t in threads:
    t.join()

print("All data loaded.")
