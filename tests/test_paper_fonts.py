"""Font choice: the PC's official faces when present, else the bundled font; matplotlib too."""

from __future__ import annotations

import warnings

import pytest

from desktop.paper import fonts


@pytest.fixture
def fresh_font_search():
    fonts._installed_files.cache_clear()
    yield
    fonts._installed_files.cache_clear()


def test_official_faces_are_preferred_by_role(tmp_path, monkeypatch, fresh_font_search):
    (tmp_path / "win").mkdir()
    (tmp_path / "win" / "simfang.ttf").symlink_to(fonts.bundled_path())
    (tmp_path / "win" / "simhei.ttf").symlink_to(fonts.bundled_path())
    monkeypatch.setenv("BRANCHDESK_FONT_DIR", str(tmp_path / "win"))
    assert fonts.face_path("body").name == "simfang.ttf"
    assert fonts.face_path("title").name == "simhei.ttf"
    assert fonts.face_path("kai").name == "simfang.ttf"  # no simkai: the next official face
    assert fonts.face_path("song").name == "simfang.ttf"


def test_bundled_font_when_no_official_face(tmp_path, monkeypatch, fresh_font_search):
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path])
    assert {fonts.face_path(role) for role in fonts.ROLES} == {fonts.bundled_path()}
    assert fonts.bundled_path().is_file() and (fonts.bundled_path().parent / "LICENSE-wqy-microhei.txt").is_file()


def test_matplotlib_draws_chinese_with_the_same_font(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    family = fonts.use_for_matplotlib()
    assert matplotlib.rcParams["font.sans-serif"][0] == family
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    figure, axes = plt.subplots()
    axes.set_title("标准化规范化党支部占比")
    axes.plot([-1, 0, 1], [-2, 0, 2])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" would be raised here
        figure.savefig(tmp_path / "chart.png")
    plt.close(figure)
