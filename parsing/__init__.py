"""Pure functions from a plan's extracted text to metadata, clauses, targets and agencies."""

from healthplans.parsing.document import parse_document

__all__ = ["parse_document"]
