"""The Examples in the program modules' docstrings run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "crossgen.programs.rule_help",
    "crossgen.programs.rule_forms",
    "crossgen.programs.program_settings",
    "crossgen.programs.templates_catalog",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
