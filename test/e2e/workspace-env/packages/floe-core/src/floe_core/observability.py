"""Logging for the platform. The package it needs is installed nowhere (as structlog can be missing
from an interpreter): importing floe_core fails with ModuleNotFoundError."""
import floe_e2e_missing_structlog


def get_logger(name):
    return floe_e2e_missing_structlog.get_logger(name)
