"""Steering data: year-end outlook, audit pack, results published to citizens."""
