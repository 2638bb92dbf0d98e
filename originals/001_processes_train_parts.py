from multiprocessing import Pool

def train_model_part(part_id):
    # 假设这部分是模型训练的一个子任务
    # 这里可能包含多线程用于I/O操作
    print(f"Training model part {part_id}...")
    # 模拟训练过程
    import time
    time.sleep(2)
    return f"Part {part_id} trained."

# 使用多进程池
with Pool(4) as p:  # 假设我们有4个CPU核心
    results = p.map(train_model_part, range(10))  # 假设有10个子任务

for result in results:
    print(result)
