import multiprocessing

def train_model(data):
    # Model training code here

if __name__ == '__main__':
    data = load_data()
    # Split data into chunks for parallel processing
    chunks = split_data(data)
    
    pool = multiprocessing.Pool()
    pool.map(train_model, chunks)
