"""Recipes that rebuild the shipped models from the development corpora (``make models``)."""
