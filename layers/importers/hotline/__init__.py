"""Bulk import of 12345 dispatch sheets (.xlsx / .csv): see run.py for the rules."""

from layers.importers.hotline.run import HotlineFileProblem, HotlineImport, HotlineReport, PlanChanged, write_rejects

__all__ = ["HotlineFileProblem", "HotlineImport", "HotlineReport", "PlanChanged", "write_rejects"]
