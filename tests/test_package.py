"""The package's public names, and what importing it costs."""

import subprocess
import sys

import metaexposure as me


def test_every_public_name_resolves():
    for name in me.__all__:
        assert getattr(me, name) is not None, name


def test_import_does_not_load_charts_or_widgets():
    code = ("import sys, metaexposure; "
            "print(any(m in sys.modules for m in ('matplotlib.pyplot', 'ipywidgets')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
