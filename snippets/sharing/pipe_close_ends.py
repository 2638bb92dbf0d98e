import os
from multiprocessing import Pipe, Process


def send_batch(conn, crash):
    with conn:  # the child's end is closed however this function ends
        if crash:
            os._exit(1)  # a crash: the process ends before it sends anything
        conn.send([1, 2, 3])


def receive(crash):
    receiver, sender = Pipe(duplex=False)  # receive-only end, send-only end
    child = Process(target=send_batch, args=(sender, crash))
    try:
        try:
            child.start()
        finally:
            sender.close()  # the parent never sends: close its copy of the child's end
        if not receiver.poll(10):  # never wait forever
            raise TimeoutError("no message and no EOF within 10 s")
        got = repr(receiver.recv())
    except EOFError:  # every copy of the send end is closed, nothing was sent
        got = "EOFError"
    finally:
        receiver.close()
        if child.pid is not None:  # it was started
            child.join(timeout=10)
            if child.is_alive():
                child.terminate()
                child.join(timeout=5)
    return f"{got} (exit code {child.exitcode})"


if __name__ == "__main__":
    print("child sends:  ", receive(crash=False))
    print("child crashes:", receive(crash=True))
