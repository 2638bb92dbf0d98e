import queue
q = queue.Queue()
def producer():
    for item in range(5):
        q.put(item)
        print(f"Produced {item}")
def consumer():
    while not q.empty():
        item = q.get()
        print(f"Consumed {item}")
threading.Thread(target=producer).start()
threading.Thread(target=consumer).start()
