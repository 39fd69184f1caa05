"""Several annotators on one project: each one's own work, the gold rule, review, assignment.

A project is a team project when ``project.settings["team"]`` exists (see ``settings``);
without it nothing here is used and the project behaves as a single person's.
"""
