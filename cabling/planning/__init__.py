"""Expansion planning: plan files (:mod:`.plan`), the planner (:mod:`.allocate`), labels (:mod:`.labels`)."""
