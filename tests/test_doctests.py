"""The docstring examples of every installed policykg module run, and pass.

They are collected from the installed package (``policykg.*``), not from the source folders,
so they run against what a wheel installs."""
import doctest
import importlib
import pkgutil

import pytest

import tomllib
from pathlib import Path

#: the packages the distribution installs, as pyproject.toml lists them
PACKAGES = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())[
    "tool"]["setuptools"]["packages"]


def _modules():
    names = []
    for package in PACKAGES:
        names.append(package)
        module = importlib.import_module(package)
        names += [info.name for info in pkgutil.iter_modules(module.__path__, package + ".") if not info.ispkg and info.name.rsplit(".", 1)[-1] != "__main__"]
    return sorted(set(names))


MODULES = _modules()


def test_every_package_of_the_distribution_is_walked():
    for package in ("policykg.graph", "policykg.loaders", "policykg.routers", "policykg.benchmarks"):
        assert package in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=True)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"
