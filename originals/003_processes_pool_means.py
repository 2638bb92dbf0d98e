import numpy as np
from multiprocessing import Pool

def analyze_data(data):
    # 这里可以放置数据处理逻辑
    return data.mean()

if __name__ == '__main__':
    data_sets = [np.random.randn(1000000) for _ in range(10)]
    with Pool(processes=4) as pool:
        results = pool.map(analyze_data, data_sets)
    print(results)
