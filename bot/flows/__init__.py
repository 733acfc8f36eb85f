"""Guided conversations as data: flows, steps and the engine that runs them over draft rows."""
