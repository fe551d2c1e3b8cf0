"""The Examples in the taxonomy's docstrings run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "crossgen.taxonomy.normalize",
    "crossgen.taxonomy.model",
    "crossgen.taxonomy.levels",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
