"""The `service-desk-apis` sample organisation's APIs: local emulations of Intercom and Qualtrics on fixed
loopback ports, to assess the sample online, or to record the replay it ships.

    python tests/http_api/api_sample.py --serve     # run both until Ctrl-C; in another shell, export the
        secrets it prints, then: servex assess evidence_samples/service-desk-apis
    python tests/http_api/api_sample.py --record    # re-record evidence_samples/service-desk-apis/replay

The secrets are the emulations' own (printed by --serve); nothing here reaches the internet.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from test_preset_intercom import TOKEN, FakeIntercom  # noqa: E402
from test_preset_qualtrics import CLIENT_ID, SECRET, FakeQualtrics  # noqa: E402
from vendor_server import Vendor, VendorFaults, running  # noqa: E402

__all__ = ["ENV", "SAMPLE", "serving"]

SAMPLE = HERE.parents[1] / "evidence_samples" / "service-desk-apis"
PORTS = {"intercom": 47811, "qualtrics": 47812}
ENV = {"INTERCOM_TOKEN": TOKEN, "QUALTRICS_CLIENT_ID": CLIENT_ID, "QUALTRICS_CLIENT_SECRET": SECRET}
EPOCH = "1775001600"  # 2026-04-01: the run clock of the recording


@contextmanager
def serving() -> Iterator[dict[str, Vendor]]:
    """Both emulations on their fixed ports (no faults: the recording must be small and exact)."""
    vendors: dict[str, Vendor] = {"intercom": FakeIntercom(VendorFaults()), "qualtrics": FakeQualtrics(VendorFaults())}
    with ExitStack() as stack:
        for name, vendor in vendors.items():
            stack.enter_context(running(vendor, port=PORTS[name]))
        yield vendors


def record() -> None:
    with tempfile.TemporaryDirectory() as tmp, serving():
        env = {**os.environ, **ENV, "SOURCE_DATE_EPOCH": EPOCH}
        subprocess.run(
            [sys.executable, "-m", "servex", "assess", str(SAMPLE), "--cache-dir", tmp, "-o", f"json:{tmp}/r.json"],
            check=False,
            env=env,
        )
        target = SAMPLE / "replay" / "http_api" / "responses"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(Path(tmp) / "http_api" / "responses", target)
    print(f"recorded {len(list(target.glob('*.body')))} responses into {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--serve", action="store_true")
    group.add_argument("--record", action="store_true")
    args = parser.parse_args()
    if args.record:
        record()
        return
    with serving():
        print("serving Intercom on 127.0.0.1:47811 and Qualtrics on 127.0.0.1:47812; secrets:")
        for key, value in ENV.items():
            print(f"  export {key}={value}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
