"""The article's listing, done right: choose the device once, with a CPU
fallback; seed the generator, so that every run computes the same numbers;
run the forward pass without recording autograd, since nothing calls
backward(); and print facts that are the same on a CPU and on a GPU."""

import torch


def pick_device() -> torch.device:
    """The current CUDA GPU if PyTorch can use one, else the CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


if __name__ == "__main__":
    torch.manual_seed(0)  # the same weights and data on every run
    model = torch.nn.Linear(10, 2)
    data = torch.randn(100, 10)
    with torch.inference_mode():
        on_cpu = model(data)  # to compare with

    device = pick_device()
    model = model.to(device)  # moves the parameters; nothing to do on the CPU
    with torch.inference_mode():  # a forward pass only: no autograd graph
        output = model(data.to(device))

    print("output shape:", tuple(output.shape))
    print("computed on the chosen device:", output.device.type == device.type)
    print("autograd graph recorded:", output.requires_grad)
    # .cpu() copies the result back, and waits for the GPU to finish it
    print("same result as on the CPU:", torch.allclose(output.cpu(), on_cpu, atol=1e-5))
