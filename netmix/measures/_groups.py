"""Transitional: the group codes live in :mod:`netmix.core.groups` (importers move there)."""

from ..core.groups import GroupCodes, _values, group_codes

__all__ = ["GroupCodes", "_values", "group_codes"]
