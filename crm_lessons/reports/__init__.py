"""Parameterized report templates (papermill) and their runner."""
