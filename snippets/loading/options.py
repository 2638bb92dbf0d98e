"""What three DataLoader options do where they cannot apply: pin_memory
without an accelerator, and prefetch_factor or persistent_workers without
worker processes. No worker is started here."""

import os
import warnings

os.environ["CUDA_VISIBLE_DEVICES"] = ""  # hide any CUDA GPU: show a machine without one

import torch  # noqa: E402 (imported after hiding the GPU)
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

if __name__ == "__main__":
    data = TensorDataset(torch.arange(8))
    print("accelerator available:", torch.accelerator.is_available())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (batch,) = next(iter(DataLoader(data, batch_size=4, pin_memory=True)))
    print("pin_memory=True, batch.is_pinned():", batch.is_pinned())
    for warning in caught:
        print(f"  {warning.category.__name__}: {warning.message}")
    for option in (dict(prefetch_factor=4), dict(persistent_workers=True)):
        try:
            DataLoader(data, batch_size=4, num_workers=0, **option)
        except ValueError as error:
            print(f"num_workers=0 with {option}: ValueError: {error}")
    print("prefetch_factor by default: num_workers=0:", DataLoader(data).prefetch_factor,
          "| num_workers=2:", DataLoader(data, num_workers=2).prefetch_factor)
