"""Both kinds of install find the shipped static files and templates (docs/ARCHITECTURE.md, "Decisions").

Each test makes a fresh virtual environment outside the repository and installs readable itself into it:
from the built wheel, or editable (``pip install -e``). Its dependencies (flask, bs4, ...) come from the
interpreter that runs the tests, whichever it is (a venv, the system's, pyenv's): a ``.pth`` file in the
fresh environment lists that interpreter's site-packages folders after the environment's own.
``--system-site-packages`` would not do: it shows the *base* interpreter, which lacks them when the tests run
in a venv. A child interpreter then serves a static file and renders a template, and reports where readable
was imported from.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json, readable
from flask import Flask, render_template_string
app = Flask(__name__)
readable.Readable(app)
client = app.test_client()
with client.get("/readable/static/readable.css") as r:
    css = (r.status_code, b"--readable-scale" in r.data)
with app.test_request_context("/"):
    html = render_template_string("{{ readable_article('<p>Xin chào</p>') }}")
print(json.dumps({"file": readable.__file__, "css": css, "toolbar": "Tăng cỡ chữ" in html,
                  "article": "Xin chào" in html}))
"""


def make_env(where: Path) -> Path:
    venv.create(where, system_site_packages=False, with_pip=False, symlinks=True)
    python = where / "bin" / "python"
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    # Plain folder lines: the outer folders' own .pth files (an editable readable among them) stay unread.
    outer = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir()]
    (Path(own) / "readable-test-outer.pth").write_text("\n".join(outer) + "\n", encoding="utf-8")
    return python


def pip(python: Path, *args: str) -> None:
    # The outer interpreter's pip installs into the venv; the build backend comes from this machine.
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
         "--no-build-isolation", *args],
        check=True,
        capture_output=True,
    )


def probe(python: Path, cwd: Path) -> dict[str, object]:
    out = subprocess.run([str(python), "-c", PROBE], cwd=cwd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("readable-*.whl"))


def test_wheel_contains_static_and_templates(wheel: Path) -> None:
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "readable/static/readable.js",
        "readable/static/readable.css",
        "readable/templates/readable/article.html",
        "readable/templates/readable/toolbar.html",
        "readable/translations/en/LC_MESSAGES/readable.mo",
        "readable/py.typed",
        # The legible font of the comfort panel, its Vietnamese and Latin subsets, and its licence.
        "readable/static/fonts/OFL.txt",
        *(
            f"readable/static/fonts/be-vietnam-pro-{subset}-{weight}-normal.woff2"
            for subset in ("vietnamese", "latin")
            for weight in (400, 700)
        ),
    ):
        assert name in names
    assert len([n for n in names if n.startswith("readable/static/fonts/")]) == 5  # nothing more of the font
    assert not any(n.startswith(("tests/", "readable/tests/")) for n in names)


def test_regular_install_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    python = make_env(tmp_path / "venv")
    pip(python, str(wheel))
    result = probe(python, cwd=tmp_path)
    assert Path(str(result["file"])).is_relative_to(tmp_path / "venv")
    assert result["css"] == [200, True] and result["toolbar"] and result["article"]


def test_editable_install_in_a_fresh_venv(tmp_path: Path) -> None:
    python = make_env(tmp_path / "venv")
    pip(python, "-e", str(ROOT))
    result = probe(python, cwd=tmp_path)
    assert Path(str(result["file"])) == ROOT / "src" / "readable" / "__init__.py"
    assert result["css"] == [200, True] and result["toolbar"] and result["article"]


def test_licence_ships_in_wheel_and_sdist(wheel: Path, tmp_path: Path) -> None:
    import tarfile
    import zipfile

    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in licence and "Version 3, 29 June 2007" in licence
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("readable-0.1.0.dist-info/licenses/LICENSE").decode("utf-8") == licence
        assert "License-Expression: GPL-3.0-or-later" in archive.read(
            "readable-0.1.0.dist-info/METADATA"
        ).decode("utf-8")
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    with tarfile.open(next(tmp_path.glob("readable-*.tar.gz"))) as sdist:
        member = sdist.extractfile("readable-0.1.0/LICENSE")
        assert member is not None and member.read().decode("utf-8") == licence
