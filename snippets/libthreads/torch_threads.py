import torch
from threadpoolctl import threadpool_info


def openmp_threads():
    """What threadpoolctl sees of the OpenMP runtime PyTorch uses."""
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "openmp"]


def main():
    # Size both pools first thing, before any parallel work has run.
    torch.set_num_interop_threads(1)  # once per process
    torch.set_num_threads(2)          # intra-op: threads inside one op
    print("intra-op threads:", torch.get_num_threads(),
          "| inter-op threads:", torch.get_num_interop_threads(),
          "| OpenMP:", openmp_threads())

    x = torch.ones(512, 512)
    total = (x @ x).sum().item()

    torch.set_num_threads(1)  # the intra-op count may change later on
    print("intra-op threads:", torch.get_num_threads(), "| OpenMP:", openmp_threads(),
          "| result unchanged:", (x @ x).sum().item() == total)

    try:
        torch.set_num_interop_threads(2)  # the inter-op count may not
    except RuntimeError as error:
        print(f"RuntimeError: {error}")


if __name__ == "__main__":
    main()
