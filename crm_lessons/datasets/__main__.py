"""Regenerate the bundled CSVs: ``python -m crm_lessons.datasets [--seed 2024] [--folder PATH]``."""

from __future__ import annotations

import argparse
import hashlib

from ._generate import BUNDLED_SEED, write_bundled


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crm_lessons.datasets",
                                     description="Regenerate the bundled synthetic CSVs.")
    parser.add_argument("--seed", type=int, default=BUNDLED_SEED,
                        help=f"random seed (default {BUNDLED_SEED}, the bundled data)")
    parser.add_argument("--folder", default=None,
                        help="output folder (default: the package's data folder, i.e. datasets/)")
    args = parser.parse_args(argv)
    for name, path in write_bundled(args.folder, seed=args.seed).items():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        print(f"{name:13s} {path.stat().st_size:>10,d} bytes  sha256 {digest}…  {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
