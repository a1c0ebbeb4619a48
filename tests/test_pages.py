"""The columnar engine's arrays on ordinary pages: NumPy's setting off in the block, then back."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from reconcile import pages
from reconcile.pages import ordinary_pages


@pytest.mark.parametrize("before", [True, False])
def test_numpy_asks_for_no_huge_pages_in_the_block_and_as_before_after_it(
    huge_pages: Callable[[], bool], before: bool
) -> None:
    setter = pages._huge_page_setter()
    assert setter is not None
    setter(before)
    with ordinary_pages():
        assert huge_pages() is False
        np.ones(1 << 20)  # an array large enough to be advised: made as usual
        with ordinary_pages():  # nested, as an update's scoring is inside its reclustering
            assert huge_pages() is False
        assert huge_pages() is False
    assert huge_pages() is before


def test_the_setting_comes_back_after_an_error(huge_pages: Callable[[], bool]) -> None:
    with pytest.raises(ZeroDivisionError), ordinary_pages():
        _ = 1 / 0
    assert huge_pages() is True


def test_a_users_own_choice_of_huge_pages_is_kept(
    huge_pages: Callable[[], bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(pages.NUMPY_SETTING, "1")
    with ordinary_pages():
        assert huge_pages() is True


def test_the_block_imports_no_numpy() -> None:
    code = (
        "import sys\n"
        "from reconcile.pages import ordinary_pages\n"
        "with ordinary_pages():\n"
        "    pass\n"
        "assert 'numpy' not in sys.modules, 'NumPy imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_columnar_engine_and_an_update_run_on_ordinary_pages(
    huge_pages: Callable[[], bool], setting_noted: Callable[[object, str], list[bool]]
) -> None:
    import attrs

    import reconcile
    from reconcile.linking import columnar, incremental
    from reconcile.simulate import Scenario, generate

    sorting = setting_noted(columnar, "_strongest_first")
    updating = setting_noted(incremental, "_reclustered")
    claims = generate(Scenario(events=6, sources=5), seed=2).dataset
    previous = reconcile.reconcile(attrs.evolve(claims, claims=claims.claims[:-5]))
    reconcile.update(previous, claims.claims[-5:])
    assert sorting
    assert updating
    assert not any([*sorting, *updating])
    assert huge_pages() is True


def test_a_dask_workers_block_is_scored_on_ordinary_pages(
    huge_pages: Callable[[], bool], setting_noted: Callable[[object, str], list[bool]]
) -> None:
    # Called here as a worker calls it: the block's arrays on ordinary pages, the setting back.
    from reconcile import MentionClusterer
    from reconcile.distributed import _block_columns, _blocks, _portable
    from reconcile.linking import columnar
    from reconcile.linking.far_partners import _Names
    from reconcile.linking.nodes import _nodes
    from reconcile.simulate import Scenario, generate

    seen = setting_noted(columnar, "_linked")
    data = generate(Scenario(events=6, sources=5), seed=2).dataset
    clusterer = MentionClusterer()._with_places_of(data)
    nodes = _nodes(data)
    partners = _Names.of(clusterer, nodes).partners()
    for block in _blocks(clusterer, nodes, partners, 4):
        _block_columns(_portable(clusterer), block)
    assert seen
    assert not any(seen)
    assert huge_pages() is True


def test_a_function_on_ordinary_pages_runs_with_them_and_keeps_its_name(
    huge_pages: Callable[[], bool],
) -> None:
    @pages.on_ordinary_pages
    def advised(twice: int) -> tuple[bool, int]:
        """Whether NumPy asks for huge pages here."""
        return huge_pages(), 2 * twice

    assert advised(4) == (False, 8)
    assert advised.__name__ == "advised"
    assert advised.__doc__ == "Whether NumPy asks for huge pages here."
    assert huge_pages() is True


@pytest.mark.parametrize("kind", ["labels", "figures"])
def test_learned_reliabilitys_columns_are_made_on_ordinary_pages(
    huge_pages: Callable[[], bool], setting_noted: Callable[[object, str], list[bool]], kind: str
) -> None:
    from reconcile.columnar import FigureColumns, LabelColumns
    from reconcile.values.category import Category
    from reconcile.values.quantity import Quantity

    columns: Any = LabelColumns if kind == "labels" else FigureColumns
    seen = setting_noted(columns, "_build")
    value = Category(label="army") if kind == "labels" else Quantity.exact(3)
    made = columns.from_observations({("e1", "perpetrator"): {"a": value, "b": value}})
    assert len(made) == 2
    assert seen == [False]
    assert huge_pages() is True
