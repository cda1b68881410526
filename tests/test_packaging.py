"""The addon ships as OCA-style wheels: `make dist` builds them, and a wheel
installed with pip into a brand-new virtualenv installs into a fresh database
with no WARNING (scripts/dist_check.sh does the work; this test runs it as
part of `make test` so that CI proves it on every change)."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_installs_in_fresh_virtualenv():
    env = dict(os.environ, ACR_DIST_DB=f"acr_dist_check_{os.getpid()}")
    run = subprocess.run(
        ["bash", str(ROOT / "scripts" / "dist_check.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    tail = (run.stdout + run.stderr)[-3000:]
    assert run.returncode == 0, f"dist_check.sh failed:\n{tail}"
    assert "the addon installs from it" in run.stderr, tail


def test_every_addon_has_a_pyproject():
    for manifest in ROOT.glob("*/__manifest__.py"):
        pyproject = manifest.parent / "pyproject.toml"
        assert pyproject.is_file(), f"{manifest.parent.name} has no pyproject.toml: `make dist` would skip it"
        assert 'build-backend = "whool.buildapi"' in pyproject.read_text()


def test_readme_fragments_in_oca_layout():
    for manifest in ROOT.glob("*/__manifest__.py"):
        readme = manifest.parent / "readme"
        for fragment in ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md", "CONTRIBUTORS.md"):
            assert (readme / fragment).is_file(), f"{manifest.parent.name}/readme/{fragment} is missing"
