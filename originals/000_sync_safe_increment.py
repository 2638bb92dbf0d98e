lock = threading.Lock()
def safe_increment(counter):
    with lock:
        counter.value += 1
