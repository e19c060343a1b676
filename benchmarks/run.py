"""Run the benchmarks: every benchmarks/bench_*.py is imported and its main() called.

Usage: python benchmarks/run.py [NAME ...]   (NAME: e.g. "bench_votes" or "votes")
Exits non-zero if any benchmark raised.
"""

import importlib.util
import sys
import time
import traceback
from pathlib import Path


def main(argv: list[str]) -> int:
    files = sorted(Path(__file__).resolve().parent.glob("bench_*.py"))
    if argv:
        wanted = {name.removeprefix("bench_").removesuffix(".py") for name in argv}
        files = [f for f in files if f.stem.removeprefix("bench_") in wanted]
    if not files:
        print("no benchmarks yet" if not argv else f"no benchmark matches {argv}")
        return 0 if not argv else 1

    failed = []
    for path in files:
        print(f"== {path.stem}", flush=True)
        start = time.perf_counter()
        try:
            spec = importlib.util.spec_from_file_location(path.stem, path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            module.main()
        except Exception:
            traceback.print_exc()
            failed.append(path.stem)
        print(f"== {path.stem}: {time.perf_counter() - start:.2f}s", flush=True)

    if failed:
        print(f"FAILED: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
