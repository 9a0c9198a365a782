"""Shared constants for core tests (a uniquely named module: `conftest` is ambiguous across test folders)."""

from pathlib import Path

DATA = Path(__file__).parent / "data"


def run_measured(*args: object, timeout: float = 120, env: dict[str, str] | None = None) -> tuple[int, str, int]:
    """Run `servex ARGS` in a fresh process; (exit code, stderr, peak RSS in MiB of that process).

    A small parent process starts the CLI and reads RUSAGE_CHILDREN, so the figure is the CLI's own
    peak and not the largest of every child the test session ever waited for.
    """
    import json
    import os
    import subprocess
    import sys

    probe = (
        "import json, resource, subprocess, sys\n"
        "run = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps([run.returncode, run.stderr, peak // 1024]))\n"
    )
    command = [sys.executable, "-c", probe, sys.executable, "-m", "servex", *map(str, args)]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}, check=True
    )
    code, err, peak = json.loads(done.stdout)
    return int(code), str(err), int(peak)
