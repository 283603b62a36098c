"""Shared helpers shipped with --py-files."""


def clean_country(value):
    return (value or "").strip().upper()
