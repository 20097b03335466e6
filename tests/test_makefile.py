"""The Makefile's uv bootstrap, run by `make` with a PATH built for each case.

`make demo` and `make test` install uv when there is none. `pip install --user`
is refused on Debian 12 and Ubuntu 23.04+ (PEP 668), so uv goes into a private
virtual environment; where python3 cannot make one (stock Debian without
python3-venv) make stops with one line naming the package to install.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAKE = shutil.which("make")
DEBIAN_NO_VENV = """#!/bin/sh
echo "The virtual environment was not created successfully because ensurepip is not
available.  On Debian/Ubuntu systems, you need to install the python3-venv package" >&2
exit 1
"""

pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def _tool(bin_dir: Path, name: str, script: str) -> Path:
    path = bin_dir / name
    path.write_text(script)
    path.chmod(0o755)
    return path


def _make(tmp_path: Path, bin_dir: Path) -> subprocess.CompletedProcess[str]:
    """`make -s uv` with only bin_dir on PATH and an empty home."""
    (tmp_path / "home").mkdir(exist_ok=True)
    rm = shutil.which("rm")
    assert rm is not None
    if not (bin_dir / "rm").exists():
        (bin_dir / "rm").symlink_to(rm)
    return subprocess.run(
        [str(MAKE), "-s", "--no-print-directory", "-C", str(ROOT), "uv"],
        env={"PATH": str(bin_dir), "HOME": str(tmp_path / "home"), "UV_VENV": str(tmp_path / "uv")},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    path = tmp_path / "bin"
    path.mkdir()
    return path


def test_a_uv_on_path_is_used_and_nothing_is_installed(tmp_path: Path, bin_dir: Path) -> None:
    uv = _tool(bin_dir, "uv", "#!/bin/sh\nexit 0\n")
    _tool(bin_dir, "python3", DEBIAN_NO_VENV)
    result = _make(tmp_path, bin_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(uv)
    assert not (tmp_path / "uv").exists()


def test_without_uv_or_venv_make_names_the_debian_package(tmp_path: Path, bin_dir: Path) -> None:
    _tool(bin_dir, "python3", DEBIAN_NO_VENV)
    result = _make(tmp_path, bin_dir)
    assert result.returncode != 0
    assert "sudo apt-get install python3-venv" in result.stderr, result.stderr
    assert "externally-managed" not in result.stderr
    assert not (tmp_path / "uv").exists(), "a half-made environment is left behind"


def test_without_python3_make_says_so(tmp_path: Path, bin_dir: Path) -> None:
    result = _make(tmp_path, bin_dir)
    assert result.returncode != 0
    assert "Python 3.11+ is needed" in result.stderr, result.stderr


def test_without_uv_it_is_installed_into_a_private_environment(
    tmp_path: Path, bin_dir: Path
) -> None:
    """A python3 whose venv works gets `python3 -m venv` then pip inside it (never
    `pip --user`); a stand-in records the calls, so no network is needed."""
    log = tmp_path / "calls.log"
    _tool(
        bin_dir,
        "python3",
        f"""#!/bin/sh
echo "python3 $*" >> {log}
if [ "$1 $2" = "-m venv" ]; then
  mkdir -p "$3/bin" && ln -s {bin_dir}/python3 "$3/bin/python"
fi
""",
    )
    _tool(bin_dir, "mkdir", f'#!/bin/sh\nexec {shutil.which("mkdir")} "$@"\n')
    _tool(bin_dir, "ln", f'#!/bin/sh\nexec {shutil.which("ln")} "$@"\n')
    result = _make(tmp_path, bin_dir)
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    assert calls[0] == f"python3 -m venv {tmp_path / 'uv'}"
    assert calls[1].startswith("python3 -m pip install") and calls[1].endswith(" uv")
    assert "--user" not in log.read_text()
    assert result.stdout.strip().endswith(f"{tmp_path / 'uv'}/bin/uv")
