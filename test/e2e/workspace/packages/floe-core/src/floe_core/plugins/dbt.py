"""The DBTPlugin interface."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from floe_core.plugin_metadata import PluginMetadata


@dataclass
class DBTRunResult:
    success: bool
    manifest_path: Path
    run_results_path: Path
    models_run: int = 0


@dataclass
class LintResult:
    success: bool
    violations: list[dict[str, Any]] = field(default_factory=list)


class DBTPlugin(PluginMetadata):
    """The methods every DBT plugin implements."""

    @abstractmethod
    def compile_project(self, project_dir: Path, profiles_dir: Path, target: str) -> Path:
        """Compile the dbt project; return the path of the manifest it wrote."""

    @abstractmethod
    def run_models(
        self,
        project_dir: Path,
        profiles_dir: Path,
        target: str,
        select: str | None = None,
        exclude: str | None = None,
        full_refresh: bool = False,
    ) -> DBTRunResult:
        """Run the selected dbt models and report the outcome."""

    @abstractmethod
    def test_models(
        self,
        project_dir: Path,
        profiles_dir: Path,
        target: str,
        select: str | None = None,
    ) -> DBTRunResult:
        """Run the dbt tests of the selected models and report the outcome."""

    @abstractmethod
    def lint_project(
        self,
        project_dir: Path,
        profiles_dir: Path,
        target: str,
        fix: bool = False,
    ) -> LintResult:
        """Lint the project's SQL; with fix, correct what can be corrected."""

    @abstractmethod
    def get_manifest(self, project_dir: Path) -> dict[str, Any]:
        """Read the project's compiled manifest.json."""

    @abstractmethod
    def get_run_results(self, project_dir: Path) -> dict[str, Any]:
        """Read the last run's run_results.json."""

    @abstractmethod
    def supports_parallel_execution(self) -> bool:
        """Say whether several runs may happen at once."""

    @abstractmethod
    def supports_sql_linting(self) -> bool:
        """Say whether lint_project does anything."""

    @abstractmethod
    def get_runtime_metadata(self) -> dict[str, Any]:
        """Describe the dbt runtime (versions, adapter) for logs and lineage."""
