"""bench_fleet's probe cashiers in a process of their own, as a till at a counter is.

    python tests/perf/fleet_probe.py --url URL --ca CA --codes C1,C2,… [--every 0.5]

Registers one till per enrollment code (through the real sync client, as the fleet's are),
prints ``ready``, then for each ``go SECONDS`` line on stdin redeems online in turn every
``--every`` s for that long and prints one JSON line: the redemptions' latency figures and
errors (``Stats.summary``). ``quit`` (or end of input) ends it. In the fleet's own process
a cashier's answer waited for the simulator's GIL: its 1,000 tills parse every feed page
there (77% of that process's Python time, by py-spy).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench_fleet import _probe  # this script's folder is on sys.path

from tests.helpers.fleet import Fleet, FleetConfig, Stats

FIRST_INDEX = 5000  # the members' phones (+8869 5000 …, mobiles) stay clear of the fleet's tills


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--ca", type=Path, required=True)
    parser.add_argument("--codes", required=True)
    parser.add_argument("--every", type=float, default=0.5)
    args = parser.parse_args()
    codes = args.codes.split(",")
    fleet = Fleet(args.url, codes, FleetConfig(terminals=len(codes), first_index=FIRST_INDEX),
                  ca_file=args.ca)
    fleet.setup()
    for sample in fleet.stats.error_samples:
        print(f"fleet_probe: set-up: {sample}", file=sys.stderr)
    print("ready", flush=True)
    for line in sys.stdin:
        command = line.split()
        if not command or command[0] != "go":
            break
        fleet.stats = Stats()
        _probe(fleet, fleet.tills, float(command[1]), args.every)
        for sample in fleet.stats.error_samples:
            print(f"fleet_probe: {sample}", file=sys.stderr)
        print(json.dumps(fleet.stats.summary()), flush=True)
    fleet.close()


if __name__ == "__main__":
    main()
