import threading

def preprocess_data(data):
    # Data preprocessing code here

if __name__ == '__main__':
    data = load_data()
    # Split data into smaller chunks for faster processing
    chunks = split_data(data)
    
    threads = []
    for chunk in chunks:
        thread = threading.Thread(target=preprocess_data, args=(chunk,))
        threads.append(thread)
        thread.start()
    
    for thread in threads:
        thread.join()
