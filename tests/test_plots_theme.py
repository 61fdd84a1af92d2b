"""theme() restores rcParams, but not at the cost of the kernel's interactive pyplot."""

import matplotlib as mpl

import metaexposure as me
from metaexposure.plots.style import font_families


def test_interactive_mode_switched_on_inside_the_theme_survives_it():
    before = mpl.is_interactive()
    try:
        mpl.interactive(False)
        with me.theme():
            mpl.interactive(True)  # what IPython's inline backend does on a kernel's first figure
        assert mpl.is_interactive()
    finally:
        mpl.interactive(before)


def test_other_settings_are_restored():
    size = mpl.rcParams["font.size"]
    with me.theme(**{"font.size": 31}):
        assert mpl.rcParams["font.size"] == 31
    assert mpl.rcParams["font.size"] == size


def test_fonts_fall_back_only_to_installed_ones():
    families = font_families()
    installed = {f.name for f in mpl.font_manager.fontManager.ttflist}
    assert families[0] == "DejaVu Sans" and set(families) <= installed
