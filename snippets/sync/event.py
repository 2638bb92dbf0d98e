import threading
import time


def serve(request, ready, model, answers):
    if not ready.wait(timeout=5):  # block until the model is loaded, or give up
        answers[request] = "gave up: the model was not ready in 5 s"
        return
    answers[request] = f"answered by {model['name']}"


def main():
    ready = threading.Event()
    model = {}
    answers = {}
    servers = [threading.Thread(target=serve, args=(request, ready, model, answers))
               for request in range(3)]
    for server in servers:
        server.start()  # they wait: the model is not loaded yet
    time.sleep(0.05)  # "loading the weights"
    model["name"] = "resnet50"
    ready.set()  # wake every waiting thread; later wait() calls return at once
    for server in servers:
        server.join(timeout=10)
    if any(server.is_alive() for server in servers):
        raise TimeoutError("a server thread did not finish in 10 s")
    for request in sorted(answers):
        print(f"request {request}: {answers[request]}")


if __name__ == "__main__":
    main()
