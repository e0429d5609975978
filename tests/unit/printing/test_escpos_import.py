"""python-escpos's capability pickle: several processes starting at once never see a half
written file, and a truncated one left by a crash is replaced."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
IMPORT = "import printing; print('ok')"


def _start(folder: Path) -> subprocess.Popen[str]:
    env = os.environ | {"ESCPOS_CAPABILITIES_PICKLE_DIR": str(folder)}
    return subprocess.Popen([sys.executable, "-c", IMPORT], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_processes_starting_together_all_import_printing(tmp_path: Path) -> None:
    for round_no in range(3):
        folder = tmp_path / f"round{round_no}"
        folder.mkdir()
        procs = [_start(folder) for _ in range(8)]
        results = [p.communicate(timeout=60) for p in procs]
        failures = [err for p, (_, err) in zip(procs, results, strict=True) if p.returncode]
        assert failures == []
        assert [out.strip() for out, _ in results] == ["ok"] * 8
        assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


def test_a_truncated_pickle_is_replaced(tmp_path: Path) -> None:
    import platform

    broken = tmp_path / f"{platform.python_version()}.capabilities.pickle"
    broken.write_bytes(b"")
    proc = _start(tmp_path)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert broken.stat().st_size > 10_000
