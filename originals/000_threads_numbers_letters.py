import threading
import time
def print_numbers():
    for i in range(5):
        time.sleep(1)
        print(i)
def print_letters():
    for letter in 'abcde':
        time.sleep(1)
        print(letter)
# Create two threads
thread1 = threading.Thread(target=print_numbers)
thread2 = threading.Thread(target=print_letters)
# Start the threads
thread1.start()
thread2.start()
# Join the threads to the main process
thread1.join()
thread2.join()
print("Done!")
